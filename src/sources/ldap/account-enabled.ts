/**
 * accountEnabled of an LDAP user. AD says it in userAccountControl: bit 0x2 is ACCOUNTDISABLE
 * (MS-ADTS 2.2.16). inetOrgPerson has no such attribute, so OpenLDAP sources may give an expression
 * (e.g. `Not(IsPresent([pwdAccountLockedTime]))`) that returns True or False, as Entra's expressions do;
 * without one, users are enabled.
 */
import { ValidationError } from '../../kernel/errors';
import {
  compileExpression,
  type ExpressionEnv,
  ExpressionError,
  isIgnoreFlow,
  parseExpression,
  unwrapRedacted,
} from '../../mapping/expression/index';
import type { SourceObject } from '../../mapping/types';
import type { LdapFlavor } from './defaults';
import { LdapMapError } from './map-error';

const ACCOUNTDISABLE = 0x2;

/**
 * Refuse an enabled expression that does not parse, at configuration time, as a ValidationError whose
 * detail points at `path` and the column. A blank expression means "always enabled" and passes.
 */
export function checkEnabledExpression(text: string | null | undefined, path = 'enabledExpression'): void {
  if (!text?.trim()) return;
  try {
    parseExpression(text);
  } catch (err) {
    if (!(err instanceof ExpressionError)) throw err;
    throw new ValidationError(`The accountEnabled expression is invalid: ${err.message}`, [
      { path, message: err.message, column: err.column },
    ]);
  }
}

const compiled = new Map<string, ReturnType<typeof compileExpression>>();

function evaluator(text: string): ReturnType<typeof compileExpression> {
  let fn = compiled.get(text);
  if (!fn) {
    fn = compileExpression(text);
    compiled.set(text, fn);
  }
  return fn;
}

function fromUserAccountControl(raw: unknown, dn: string): boolean {
  if (raw === null || raw === undefined) return true;
  if (typeof raw === 'string' && /^-?\d+$/.test(raw.trim())) return (Number(raw) & ACCOUNTDISABLE) === 0;
  throw new LdapMapError('ldap_value_invalid', `Entry "${dn}": userAccountControl is not a single integer`, {
    dn,
    attribute: 'userAccountControl',
  });
}

function fromExpression(text: string, source: SourceObject, env: ExpressionEnv, dn: string): boolean {
  let value: unknown;
  try {
    const result = evaluator(text)(source, env);
    value = isIgnoreFlow(result) ? null : unwrapRedacted(result);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new LdapMapError(
      'ldap_entry_unmapped',
      `Entry "${dn}": the accountEnabled expression failed: ${message}`,
      { dn, attribute: 'accountEnabled' },
      err,
    );
  }
  if (value === null || value === '') return true;
  if (typeof value === 'boolean') return value;
  const word = typeof value === 'string' ? value.trim().toLowerCase() : '';
  if (word === 'true' || word === 'false') return word === 'true';
  throw new LdapMapError(
    'ldap_value_invalid',
    `Entry "${dn}": the accountEnabled expression must return True or False but returned ${Array.isArray(value) ? 'several values' : `a ${typeof value}`}`,
    { dn, attribute: 'accountEnabled' },
  );
}

/** The user's accountEnabled from its source object (see the module comment). */
export function accountEnabledOf(
  source: SourceObject,
  flavor: LdapFlavor,
  env: ExpressionEnv,
  dn: string,
  enabledExpression?: string | null,
): boolean {
  if (flavor === 'ad') return fromUserAccountControl(source.useraccountcontrol, dn);
  return enabledExpression?.trim() ? fromExpression(enabledExpression, source, env, dn) : true;
}
