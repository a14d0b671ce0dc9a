/**
 * An LDAP entry as the source object mappings and expressions read: one value as a string, several as
 * string[] (so `Join`, `Item` and `Count` see them all), the entry's DN as `dn`. Names are the entry's
 * lower-cased ones; readers match case-insensitively, as Entra's attribute names are.
 */
import type { SourceObject } from '../../mapping/types';
import type { LdapFlavor } from './defaults';
import type { LdapEntry } from './entry';
import { guidFromBytes, isGuidText } from './guid';
import { LdapMapError } from './map-error';

/**
 * Password and key material never enters a source object, even when a search asks for `*`, so no mapping,
 * expression or log row can carry it: userPassword (RFC 4519 §2.41), authPassword (RFC 3112), userPKCS12
 * (RFC 2798), AD's unicodePwd, dBCSPwd, supplementalCredentials and histories (MS-ADA3), Samba's hashes.
 */
const SECRET_ATTRIBUTES = new Set([
  'userpassword',
  'authpassword',
  'userpkcs12',
  'unicodepwd',
  'dbcspwd',
  'supplementalcredentials',
  'ntpwdhistory',
  'lmpwdhistory',
  'sambantpassword',
  'sambalmpassword',
  'krbprincipalkey',
]);

function objectGuidText(value: string | Buffer, dn: string): string {
  if (typeof value === 'string') {
    // Only a GUID already in text form is usable; raw bytes read as UTF-8 are lost.
    if (isGuidText(value)) return value.toLowerCase();
    throw new LdapMapError(
      'ldap_value_invalid',
      `Entry "${dn}": objectGUID arrived as text, not bytes; it must be searched as a binary attribute`,
      { dn, attribute: 'objectGUID' },
    );
  }
  try {
    return guidFromBytes(value);
  } catch (err) {
    throw new LdapMapError(
      'ldap_value_invalid',
      `Entry "${dn}": ${(err as Error).message}`,
      { dn, attribute: 'objectGUID' },
      err,
    );
  }
}

function valueText(name: string, value: string | Buffer, flavor: LdapFlavor, dn: string): string {
  if (name === 'objectguid' && flavor === 'ad') return objectGuidText(value, dn);
  if (name === 'entryuuid' && typeof value === 'string') return value.toLowerCase();
  // Other binary attributes read as base64, LDIF's form for them (RFC 2849).
  return typeof value === 'string' ? value : value.toString('base64');
}

/** The source object of an entry. */
export function ldapSourceObject(entry: LdapEntry, flavor: LdapFlavor): SourceObject {
  const out: SourceObject = {};
  for (const [rawName, values] of Object.entries(entry.attributes)) {
    const name = rawName.toLowerCase();
    // Names come from the server: `__proto__` would set the object's prototype rather than a key.
    if (values.length === 0 || SECRET_ATTRIBUTES.has(name) || name === '__proto__') continue;
    const texts = (values as (string | Buffer)[]).map((v) => valueText(name, v, flavor, entry.dn));
    out[name] = texts.length === 1 ? texts[0] : texts;
  }
  out.dn = entry.dn;
  return out;
}

/**
 * Give the source object a key in each spelling `reads` uses (null when the entry lacks the attribute), so
 * every read is an own-key hit rather than a case-insensitive scan: 100,000 entries × every mapping adds up.
 */
export function withReads(source: SourceObject, reads: readonly string[]): SourceObject {
  for (const name of reads) if (!Object.hasOwn(source, name)) source[name] = source[name.toLowerCase()] ?? null;
  return source;
}
