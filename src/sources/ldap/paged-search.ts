/**
 * Paged subtree searches (RFC 2696 simple paged results, through ldapts' searchPaginated): one page of at most
 * pageSize entries is fetched only when the consumer asks for it, so a 100k-entry import holds one page at a
 * time. Entries come out lower-cased and array-valued (entry.ts), with AD ranged attributes merged (ranges.ts).
 */
import type { Client, Entry } from 'ldapts';
import type { LdapEntry } from './entry';
import { type LdapErrorContext, toLdapError } from './ldap-errors';
import { type LdapAttributes, type LdapValues, mergeRanges } from './ranges';

export interface LdapSearch {
  baseDn: string;
  filter: string;
  /** Operational attributes (entryUUID, modifyTimestamp) come back only when named here or with '+'. */
  attributes: string[];
  pageSize: number;
  /** Attributes whose values are bytes, e.g. AD's objectGUID: they arrive as Buffers. */
  binaryAttributes?: string[];
}

async function mapped<T>(op: () => Promise<T>, ctx: LdapErrorContext): Promise<T> {
  try {
    return await op();
  } catch (err) {
    throw toLdapError(err, ctx);
  }
}

/** The entries of one paged subtree search, page by page; ctx names the source for error messages. */
export async function* pagedSearch(
  client: Client,
  ctx: LdapErrorContext,
  search: LdapSearch,
): AsyncGenerator<LdapEntry[]> {
  // ldapts matches explicitBufferAttributes against the server's spelling of the name, so offer both.
  const binary = [...new Set((search.binaryAttributes ?? []).flatMap((a) => [a, a.toLowerCase()]))];
  const results = client.searchPaginated(search.baseDn, {
    scope: 'sub',
    filter: search.filter,
    attributes: search.attributes,
    paged: { pageSize: search.pageSize },
    explicitBufferAttributes: binary,
  });
  const fetchRange = (dn: string) => async (description: string) => {
    const r = await mapped(
      () => client.search(dn, { scope: 'base', attributes: [description], explicitBufferAttributes: binary }),
      ctx,
    );
    return r.searchEntries[0] ? attributesOf(r.searchEntries[0]) : {};
  };
  try {
    for (;;) {
      // Search references (AD's DomainDnsZones and the like) are not followed: the source reads one naming context.
      const next = await mapped(() => results.next(), ctx);
      if (next.done) return;
      const page: LdapEntry[] = [];
      for (const raw of next.value.searchEntries) {
        let attributes = attributesOf(raw);
        if (Object.keys(attributes).some((k) => k.includes(';range='))) {
          attributes = await mergeRanges(raw.dn, attributes, fetchRange(raw.dn));
        }
        page.push({ dn: raw.dn, attributes });
      }
      if (page.length) yield page;
    }
  } finally {
    await results.return(undefined).catch(() => undefined);
  }
}

/** ldapts entry → lower-cased names, every value an array; attributes without values are left out. */
function attributesOf(entry: Entry): LdapAttributes {
  const out: LdapAttributes = {};
  for (const [name, v] of Object.entries(entry)) {
    if (name === 'dn') continue;
    const values = (Array.isArray(v) ? v : [v]) as LdapValues;
    if (values.length) out[name.toLowerCase()] = values;
  }
  return out;
}
