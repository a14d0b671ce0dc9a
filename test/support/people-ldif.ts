/**
 * Generated people and groups for LDAP tests and benches: `users` inetOrgPerson entries under ou=people and
 * `groups` groupOfNames under ou=groups, users dealt round-robin into the groups, every user after the first
 * ten managed by an earlier one. The same entries serve slapadd (as LDIF text, for the 100k bench) and a
 * bound ldapts client (as attribute objects). flavor 'ad' makes AD-shaped `user` and `group` entries instead
 * (objectGUID, userAccountControl, uSNChanged ...), which need slapd started with AD_LITE_SCHEMA.
 */
import { Attribute, type Client } from 'ldapts';

export interface PeopleOptions {
  users: number;
  groups: number;
  baseDn: string;
  flavor?: 'openldap' | 'ad';
}

export interface LdifEntry {
  dn: string;
  attributes: Record<string, string | string[] | Buffer>;
}

const pad = (n: number) => String(n).padStart(5, '0');
export const userUid = (i: number) => `user${pad(i)}`;
export const userDn = (i: number, baseDn: string, flavor: PeopleOptions['flavor'] = 'openldap') =>
  `${flavor === 'ad' ? 'cn' : 'uid'}=${userUid(i)},ou=people,${baseDn}`;
export const groupCn = (g: number) => `group${pad(g)}`;
export const groupDn = (g: number, baseDn: string) => `cn=${groupCn(g)},ou=groups,${baseDn}`;
/** A deterministic objectGUID (16 bytes) for the n-th generated AD object: users 1..users, then the groups. */
export const adGuidBytes = (n: number) =>
  Buffer.from(`${n.toString(16).padStart(8, '0')}00005a5a8000a0b0c0d0e0f0`, 'hex');
// AD's "normal account" (0x200) and "global security group" (0x80000002 as a signed 32-bit value), MS-ADTS 2.2.16/2.2.12.
const AD_NORMAL_ACCOUNT = '512';
const AD_GLOBAL_SECURITY_GROUP = '-2147483646';

/** The base entry and the two containers, which slapd.ts loads before anything else. */
export function baseEntries(baseDn: string): LdifEntry[] {
  const dc = /^dc=([^,]+)/i.exec(baseDn)?.[1] ?? 'example';
  return [
    { dn: baseDn, attributes: { objectClass: ['top', 'dcObject', 'organization'], dc, o: dc } },
    { dn: `ou=people,${baseDn}`, attributes: { objectClass: ['top', 'organizationalUnit'], ou: 'people' } },
    { dn: `ou=groups,${baseDn}`, attributes: { objectClass: ['top', 'organizationalUnit'], ou: 'groups' } },
  ];
}

/** Users 1..users (1-based), then the groups; lazily, so 100k entries are never all objects at once. */
export function* peopleEntries(opts: PeopleOptions): Generator<LdifEntry> {
  const { users, groups, baseDn } = opts;
  const ad = opts.flavor === 'ad';
  // groupOfNames requires at least one member (RFC 4519 §3.5), so every group needs a user.
  if (groups > users) throw new Error(`peopleEntries: ${groups} groups need at least as many users (got ${users})`);
  for (let i = 1; i <= users; i++) {
    const uid = userUid(i);
    const common = {
      cn: ad ? uid : `User ${pad(i)}`,
      sn: pad(i),
      givenName: 'User',
      displayName: `User ${pad(i)}`,
      mail: `${uid}@example.org`,
      title: i % 2 ? 'Engineer' : 'Analyst',
      ...(i > 10 ? { manager: userDn(Math.ceil(i / 10), baseDn, opts.flavor) } : {}),
    };
    const attributes: LdifEntry['attributes'] = ad
      ? {
          objectClass: ['top', 'person', 'organizationalPerson', 'user'],
          ...common,
          objectCategory: 'person',
          objectGUID: adGuidBytes(i),
          userPrincipalName: `${uid}@example.org`,
          sAMAccountName: uid,
          department: `D${i % 7}`,
          employeeID: `E${pad(i)}`,
          userAccountControl: AD_NORMAL_ACCOUNT,
          uSNCreated: String(i),
          uSNChanged: String(i),
        }
      : {
          objectClass: ['top', 'person', 'organizationalPerson', 'inetOrgPerson'],
          uid,
          ...common,
          departmentNumber: `D${i % 7}`,
          employeeNumber: `E${pad(i)}`,
        };
    yield { dn: userDn(i, baseDn, opts.flavor), attributes };
  }
  for (let g = 1; g <= groups; g++) {
    const member: string[] = [];
    for (let i = g; i <= users; i += groups) member.push(userDn(i, baseDn, opts.flavor));
    const cn = groupCn(g);
    const adGroup = {
      objectCategory: 'group',
      objectGUID: adGuidBytes(users + g),
      groupType: AD_GLOBAL_SECURITY_GROUP,
      sAMAccountName: cn,
      uSNCreated: String(users + g),
      uSNChanged: String(users + g),
    };
    const attributes: LdifEntry['attributes'] = { cn, description: `Group ${g}`, member };
    attributes.objectClass = ad ? ['top', 'group'] : ['top', 'groupOfNames'];
    yield { dn: groupDn(g, baseDn), attributes: ad ? { ...attributes, ...adGroup } : attributes };
  }
}

/** One entry as LDIF (RFC 2849); values that are not safe strings are base64 (`::`). */
export function entryLdif(e: LdifEntry): string {
  const lines = [ldifLine('dn', e.dn)];
  for (const [name, v] of Object.entries(e.attributes)) {
    for (const value of Array.isArray(v) ? v : [v]) lines.push(ldifLine(name, value));
  }
  return `${lines.join('\n')}\n`;
}

function ldifLine(name: string, value: string | Buffer): string {
  if (Buffer.isBuffer(value)) return `${name}:: ${value.toString('base64')}`;
  // RFC 2849 SAFE-STRING: no leading space, colon or '<', no trailing space, printable ASCII only.
  const safe = /^[^\s:<][\x20-\x7e]*$/.test(value) && !value.endsWith(' ');
  return safe || value === '' ? `${name}: ${value}` : `${name}:: ${Buffer.from(value, 'utf8').toString('base64')}`;
}

/** LDIF text of peopleEntries, entries separated by blank lines (without the base entries). */
export function peopleLdif(opts: PeopleOptions): string {
  const parts: string[] = [];
  for (const e of peopleEntries(opts)) parts.push(entryLdif(e));
  return parts.join('\n');
}

/** Add entries through a bound client, in order (groups after their members). */
export async function addEntries(client: Client, entries: Iterable<LdifEntry>): Promise<number> {
  let n = 0;
  for (const e of entries) {
    // ldapts' plain-object form takes strings only; binary values (objectGUID) need Attribute objects.
    const attributes = Object.entries(e.attributes).map(
      ([type, v]) => new Attribute({ type, values: Buffer.isBuffer(v) ? [v] : Array.isArray(v) ? v : [v] }),
    );
    await client.add(e.dn, attributes);
    n++;
  }
  return n;
}
