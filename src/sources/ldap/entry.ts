/**
 * One LDAP entry as the LDAP source handles it, between the client (I/O) and the entry mapping (pure).
 * Attribute names are lower-cased (LDAP attribute descriptions are case-insensitive, RFC 4512 §2.5), every
 * value is an array, and the attributes asked for as binary (AD's objectGUID) arrive as Buffers.
 */
export interface LdapEntry {
  dn: string;
  attributes: Record<string, string[] | Buffer[]>;
}
