/**
 * Which attributes a search must ask for. LDAP returns operational attributes (entryUUID, modifyTimestamp,
 * RFC 4512 §3.4) only when named, so the list is built from the maps rather than `*`, which would also
 * drag in every attribute nobody maps.
 */
import { parseExpression, referencedAttributes } from '../../mapping/expression/index';
import type { AttributeMapping } from '../../mapping/types';
import { LDAP_FLAVORS, type LdapFlavor } from './defaults';

const expressionCache = new Map<string, string[]>();

/** Attributes read by an expression; a bad one reads nothing here and is refused when the map is checked. */
export function expressionReads(text: string): string[] {
  let reads = expressionCache.get(text);
  if (!reads) {
    try {
      reads = referencedAttributes(parseExpression(text));
    } catch {
      reads = [];
    }
    expressionCache.set(text, reads);
  }
  return reads;
}

const readsCache = new WeakMap<readonly AttributeMapping[], string[]>();

/** The source attributes a map reads (direct sources and expression attributes), without case duplicates. */
export function mapReads(map: readonly AttributeMapping[]): string[] {
  const cached = readsCache.get(map);
  if (cached) return cached;
  const names = new Map<string, string>();
  for (const m of map) {
    const reads =
      m.type === 'direct' && m.source
        ? [m.source]
        : m.type === 'expression' && m.expression
          ? expressionReads(m.expression)
          : [];
    for (const r of reads) if (!names.has(r.toLowerCase())) names.set(r.toLowerCase(), r);
  }
  const list = [...names.values()];
  readsCache.set(map, list);
  return list;
}

function unique(names: string[]): string[] {
  const seen = new Map<string, string>();
  for (const n of names) if (!seen.has(n.toLowerCase())) seen.set(n.toLowerCase(), n);
  // `dn` is the entry's name, not an attribute a server returns.
  seen.delete('dn');
  return [...seen.values()];
}

/** Attributes of a user search: anchor, change attribute, what the map and the enabled rule read. */
export function userSearchAttributes(
  flavor: LdapFlavor,
  userMap: readonly AttributeMapping[],
  enabledExpression?: string | null,
): string[] {
  const d = LDAP_FLAVORS[flavor];
  const enabled =
    flavor === 'ad' ? ['userAccountControl'] : enabledExpression ? expressionReads(enabledExpression) : [];
  return unique([d.anchor, d.changeAttribute, ...mapReads(userMap), ...enabled]);
}

/** Attributes of a group search: anchor, change attribute, member attributes, what the map reads. */
export function groupSearchAttributes(flavor: LdapFlavor, groupMap: readonly AttributeMapping[]): string[] {
  const d = LDAP_FLAVORS[flavor];
  return unique([d.anchor, d.changeAttribute, ...d.memberAttributes, ...mapReads(groupMap)]);
}
