/**
 * Active Directory range retrieval (MS-ADTS 3.1.1.3.1.3.3): a multi-valued attribute with more values than the
 * server's MaxValRange (1,500 by default) comes back as `member;range=0-1499`, and the client asks for
 * `member;range=1500-*`, and so on, until a range ends in `*`. The loop is pure over a fetch callback so it is
 * tested without AD; the client supplies the base-scope search on the entry's DN.
 */
import { LdapError } from './ldap-errors';

export type LdapValues = string[] | Buffer[];
export type LdapAttributes = Record<string, LdapValues>;

export interface RangeOption {
  /** The attribute description without the range option, e.g. `member`. */
  base: string;
  low: number;
  high: number | '*';
}

/** Parse `member;range=0-1499` (any case, other options kept in `base`); null when there is no range option. */
export function parseRange(description: string): RangeOption | null {
  const m = /^(.*?);range=(\d+)-(\d+|\*)(;.*)?$/i.exec(description);
  if (!m) return null;
  const [, name = '', low = '0', high = '*', rest = ''] = m;
  return { base: `${name}${rest}`, low: Number(low), high: high === '*' ? '*' : Number(high) };
}

/** Fetch one more slice: `description` is e.g. `member;range=1500-*`; answer the entry's (lower-cased) attributes. */
export type FetchRange = (description: string) => Promise<LdapAttributes>;

// A loop guard, not a limit anyone should meet: 10,000 slices of 1,500 values is 15 million members.
const MAX_SLICES = 10_000;

/**
 * Replace every ranged attribute with the full list under its plain name. An incomplete list is never
 * returned: a missing or out-of-order slice throws, because a short `member` list would read as removals.
 */
export async function mergeRanges(dn: string, attributes: LdapAttributes, fetch: FetchRange): Promise<LdapAttributes> {
  const out: LdapAttributes = {};
  const ranged: [string, RangeOption][] = [];
  for (const [name, values] of Object.entries(attributes)) {
    const range = parseRange(name);
    if (range) ranged.push([name, range]);
    else out[name] = values;
  }
  for (const [name, first] of ranged) {
    const values: (string | Buffer)[] = [...(attributes[name] ?? [])];
    let high = first.high;
    for (let slice = 0; high !== '*'; slice++) {
      if (slice >= MAX_SLICES) throw rangeError(dn, first.base, `more than ${MAX_SLICES} slices`);
      const next = high + 1;
      const got = await fetch(`${first.base};range=${next}-*`);
      const hit = Object.entries(got)
        .map(([n, v]) => [parseRange(n), v] as const)
        .find(([r]) => r !== null && r.base.toLowerCase() === first.base.toLowerCase());
      if (!hit?.[0]) throw rangeError(dn, first.base, `no values came back for range ${next}-*`);
      const [range, more] = hit;
      if (range.low !== next) throw rangeError(dn, first.base, `asked for values from ${next}, got from ${range.low}`);
      if (range.high !== '*' && range.high < range.low) throw rangeError(dn, first.base, 'the server went backwards');
      values.push(...more);
      high = range.high;
    }
    out[first.base] = values as LdapValues;
  }
  return out;
}

function rangeError(dn: string, attribute: string, why: string): LdapError {
  return new LdapError('ldap_search_failed', `Range retrieval of ${attribute} on ${dn} did not complete: ${why}`, {
    context: { dn, attribute },
  });
}
