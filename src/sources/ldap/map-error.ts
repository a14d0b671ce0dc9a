/**
 * The one error type of the pure LDAP mapping. Per entry, not per sync: the sync records it against the entry
 * and carries on with the next one, so it is never retryable (the same entry maps the same way next time).
 * Messages name the entry's DN and the attribute, never a value that could be a secret.
 */
import { AppError } from '../../kernel/errors';

/**
 * `ldap_entry_unmapped`: the anchor or userPrincipalName (group: displayName) is missing, or a mapping failed.
 * `ldap_value_too_long`: a mapped value is longer than the directory accepts.
 * `ldap_value_invalid`: a value cannot be read (an objectGUID that is not 16 bytes, a non-numeric
 * userAccountControl, an enabled expression that returns neither True nor False).
 */
export type LdapMapErrorCode = 'ldap_entry_unmapped' | 'ldap_value_too_long' | 'ldap_value_invalid';

export class LdapMapError extends AppError {
  declare readonly code: LdapMapErrorCode;
  declare readonly retryable: false;

  constructor(
    code: LdapMapErrorCode,
    message: string,
    context: { dn?: string; attribute?: string } = {},
    cause?: unknown,
  ) {
    super(code, message, { retryable: false, context, cause });
  }
}
