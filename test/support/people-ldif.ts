/**
 * Generated people and groups for LDAP tests and benches: `users` inetOrgPerson entries under ou=people and
 * `groups` groupOfNames under ou=groups, users dealt round-robin into the groups, every user after the first
 * ten managed by an earlier one. The same entries serve slapadd (as LDIF text, for the 100k bench) and a
 * bound ldapts client (as attribute objects).
 */
import type { Client } from 'ldapts';

export interface PeopleOptions {
  users: number;
  groups: number;
  baseDn: string;
}

export interface LdifEntry {
  dn: string;
  attributes: Record<string, string | string[]>;
}

const pad = (n: number) => String(n).padStart(5, '0');
export const userUid = (i: number) => `user${pad(i)}`;
export const userDn = (i: number, baseDn: string) => `uid=${userUid(i)},ou=people,${baseDn}`;
export const groupCn = (g: number) => `group${pad(g)}`;
export const groupDn = (g: number, baseDn: string) => `cn=${groupCn(g)},ou=groups,${baseDn}`;

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
export function* peopleEntries({ users, groups, baseDn }: PeopleOptions): Generator<LdifEntry> {
  // groupOfNames requires at least one member (RFC 4519 §3.5), so every group needs a user.
  if (groups > users) throw new Error(`peopleEntries: ${groups} groups need at least as many users (got ${users})`);
  for (let i = 1; i <= users; i++) {
    const uid = userUid(i);
    const attributes: LdifEntry['attributes'] = {
      objectClass: ['top', 'person', 'organizationalPerson', 'inetOrgPerson'],
      uid,
      cn: `User ${pad(i)}`,
      sn: pad(i),
      givenName: 'User',
      displayName: `User ${pad(i)}`,
      mail: `${uid}@example.org`,
      title: i % 2 ? 'Engineer' : 'Analyst',
      departmentNumber: `D${i % 7}`,
      employeeNumber: `E${pad(i)}`,
    };
    if (i > 10) attributes.manager = userDn(Math.ceil(i / 10), baseDn);
    yield { dn: userDn(i, baseDn), attributes };
  }
  for (let g = 1; g <= groups; g++) {
    const member: string[] = [];
    for (let i = g; i <= users; i += groups) member.push(userDn(i, baseDn));
    yield {
      dn: groupDn(g, baseDn),
      attributes: { objectClass: ['top', 'groupOfNames'], cn: groupCn(g), description: `Group ${g}`, member },
    };
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

function ldifLine(name: string, value: string): string {
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
    await client.add(e.dn, e.attributes);
    n++;
  }
  return n;
}
