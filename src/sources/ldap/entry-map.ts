/**
 * LDAP entry → directory user or group, pure. The maps are the outbound mapping types applied with
 * src/mapping/apply.ts, so an LDAP attribute map can use every expression function outbound mappings can.
 */
import { AppError } from '../../kernel/errors';
import { applyMappings } from '../../mapping/apply';
import type { AttributeMapping, FlatValues, MappingEnv, SourceObject } from '../../mapping/types';
import { accountEnabledOf } from './account-enabled';
import { LDAP_FLAVORS, type LdapFlavor } from './defaults';
import { normaliseDn, stripOptionalUid } from './dn';
import type { LdapEntry } from './entry';
import { LdapMapError } from './map-error';
import { expressionReads, mapReads } from './search-attributes';
import { ldapSourceObject, withReads } from './source-object';

export { checkEnabledExpression } from './account-enabled';
export { LdapMapError, type LdapMapErrorCode } from './map-error';
export { ldapSourceObject } from './source-object';

export interface MappedLdapUser {
  anchor: string;
  /** Every target of the map: null when the entry gives no value (so an attribute removed in LDAP clears). */
  attrs: Record<string, string | boolean | null>;
  managerDn: string | null;
}

export interface MappedLdapGroup {
  anchor: string;
  attrs: { displayName: string; description: string | null };
  /** As the server wrote them (uniqueMember's optional UID cut off), one per normalised DN. */
  memberDns: string[];
}

/** What the directory accepts (src/directory/user-input.ts, group-input.ts): longer values are refused there. */
const USER_MAX: Readonly<Record<string, number>> = { userPrincipalName: 256 };
const GROUP_MAX: Readonly<Record<string, number>> = { displayName: 256 };
const DEFAULT_MAX_LENGTH = 1024;

function anchorOf(source: SourceObject, name: string, dn: string): string {
  const value = source[name.toLowerCase()];
  if (typeof value === 'string' && value !== '') return value;
  const why = value === undefined || value === null ? 'has no' : 'has more than one';
  throw new LdapMapError('ldap_entry_unmapped', `Entry "${dn}" ${why} ${name}, the anchor attribute`, {
    dn,
    attribute: name,
  });
}

function mapped(map: readonly AttributeMapping[], source: SourceObject, env: MappingEnv, dn: string): FlatValues {
  try {
    return applyMappings(map, withReads(source, mapReads(map)), env, 'create').values;
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    throw new LdapMapError('ldap_entry_unmapped', `Entry "${dn}": ${err.message}`, { dn }, err);
  }
}

/** Directory attributes are single-valued: of several LDAP values the first (the server's order) is kept. */
function single(
  limits: Readonly<Record<string, number>>,
  target: string,
  value: FlatValues[string] | undefined,
  dn: string,
): string | boolean | null {
  const v = Array.isArray(value) ? (value[0] ?? null) : value === undefined ? null : value;
  const text = typeof v === 'number' ? String(v) : v;
  const max = limits[target] ?? DEFAULT_MAX_LENGTH;
  if (typeof text === 'string' && text.length > max)
    throw new LdapMapError(
      'ldap_value_too_long',
      `Entry "${dn}": ${target} is ${text.length} characters long; the directory accepts at most ${max}`,
      { dn, attribute: target },
    );
  return text;
}

function describeSource(map: readonly AttributeMapping[], target: string): string {
  const m = map.find((x) => x.target === target);
  if (!m || m.type === 'none') return 'no mapping gives it';
  return m.type === 'direct' ? `mapped from ${m.source ?? '(nothing)'}` : `mapped by its ${m.type}`;
}

/**
 * Map a user entry; throws LdapMapError naming the DN when it cannot be a directory user. `anchorAttribute`
 * overrides the flavour's anchor (a source configured with another immutable id, e.g. FreeIPA's ipaUniqueID).
 */
export function mapLdapUser(
  entry: LdapEntry,
  flavor: LdapFlavor,
  userMap: readonly AttributeMapping[],
  env: MappingEnv,
  enabledExpression?: string | null,
  anchorAttribute: string = LDAP_FLAVORS[flavor].anchor,
): MappedLdapUser {
  const source = ldapSourceObject(entry, flavor);
  const anchor = anchorOf(source, anchorAttribute, entry.dn);
  const values = mapped(userMap, source, env, entry.dn);
  const attrs: Record<string, string | boolean | null> = {};
  for (const m of userMap)
    if (m.type !== 'none') attrs[m.target] = single(USER_MAX, m.target, values[m.target], entry.dn);
  if (typeof attrs.userPrincipalName !== 'string' || attrs.userPrincipalName.trim() === '')
    throw new LdapMapError(
      'ldap_entry_unmapped',
      `Entry "${entry.dn}" has no userPrincipalName (${describeSource(userMap, 'userPrincipalName')})`,
      { dn: entry.dn, attribute: 'userPrincipalName' },
    );
  // The lead resolves the manager's DN to a directory id; the flavour's rule, not the map, says enabled.
  const managerDn = typeof attrs.manager === 'string' ? attrs.manager : null;
  delete attrs.manager;
  if (flavor === 'openldap' && enabledExpression) withReads(source, expressionReads(enabledExpression));
  attrs.accountEnabled = accountEnabledOf(source, flavor, env, entry.dn, enabledExpression);
  return { anchor, attrs, managerDn };
}

function memberDnsOf(entry: LdapEntry, flavor: LdapFlavor): string[] {
  const self = normaliseDn(entry.dn);
  const seen = new Map<string, string>();
  for (const attribute of LDAP_FLAVORS[flavor].memberAttributes) {
    for (const raw of entry.attributes[attribute.toLowerCase()] ?? []) {
      const dn = stripOptionalUid(typeof raw === 'string' ? raw : raw.toString('utf8')).trim();
      const key = normaliseDn(dn);
      // groupOfNames needs a member, so empty groups often list "" or themselves: neither is a member.
      if (dn === '' || key === self || seen.has(key)) continue;
      seen.set(key, dn);
    }
  }
  return [...seen.values()];
}

/** Map a group entry (`anchorAttribute` as for users); throws LdapMapError naming the DN when it has no anchor or displayName. */
export function mapLdapGroup(
  entry: LdapEntry,
  flavor: LdapFlavor,
  groupMap: readonly AttributeMapping[],
  env: MappingEnv,
  anchorAttribute: string = LDAP_FLAVORS[flavor].anchor,
): MappedLdapGroup {
  const source = ldapSourceObject(entry, flavor);
  const anchor = anchorOf(source, anchorAttribute, entry.dn);
  const values = mapped(groupMap, source, env, entry.dn);
  const displayName = single(GROUP_MAX, 'displayName', values.displayName, entry.dn);
  if (typeof displayName !== 'string' || displayName.trim() === '')
    throw new LdapMapError(
      'ldap_entry_unmapped',
      `Entry "${entry.dn}" has no displayName (${describeSource(groupMap, 'displayName')})`,
      { dn: entry.dn, attribute: 'displayName' },
    );
  const description = single(GROUP_MAX, 'description', values.description, entry.dn);
  return {
    anchor,
    attrs: { displayName, description: typeof description === 'string' ? description : null },
    memberDns: memberDnsOf(entry, flavor),
  };
}
