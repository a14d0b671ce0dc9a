/**
 * AD's objectGUID arrives as 16 raw bytes. Its text form (MS-DTYP 2.3.4.2 GUID, 2.3.4.3 GUID--Packet
 * Representation) reads Data1 (4 bytes), Data2 (2) and Data3 (2) little-endian and Data4 (8) in byte order,
 * so the first three groups are byte-reversed against a naive hex dump.
 */
import { LdapMapError } from './map-error';

const GUID_BYTES = 16;

const hex = (b: Buffer, from: number, to: number): string => b.subarray(from, to).toString('hex');
const reversedHex = (b: Buffer, from: number, to: number): string =>
  Buffer.from(b.subarray(from, to)).reverse().toString('hex');

/** The canonical lower-case GUID string of a 16-byte objectGUID; throws LdapMapError for any other length. */
export function guidFromBytes(b: Buffer): string {
  if (b.length !== GUID_BYTES)
    throw new LdapMapError('ldap_value_invalid', `objectGUID must be ${GUID_BYTES} bytes but has ${b.length}`, {
      attribute: 'objectGUID',
    });
  return [reversedHex(b, 0, 4), reversedHex(b, 4, 6), reversedHex(b, 6, 8), hex(b, 8, 10), hex(b, 10, 16)].join('-');
}

const GUID_TEXT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a GUID/UUID in its 8-4-4-4-12 text form (RFC 4122 §3; entryUUID's form, RFC 4530 §2.1). */
export function isGuidText(s: string): boolean {
  return GUID_TEXT.test(s);
}
