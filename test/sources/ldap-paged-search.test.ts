import type { Client, Entry, SearchOptions, SearchResult } from 'ldapts';
import { describe, expect, it } from 'vitest';
import { LdapError } from '../../src/sources/ldap/ldap-errors';
import { pagedSearch } from '../../src/sources/ldap/paged-search';

// slapd never answers with ranges, so AD's range retrieval is driven here through a stand-in for ldapts' Client.
const members = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `CN=u${from + i},DC=ad`);

function fakeAd(pages: Entry[][], slices: Record<string, Entry>) {
  const asked: { base: string; options: SearchOptions }[] = [];
  const client = {
    async *searchPaginated(_base: string, options: SearchOptions): AsyncGenerator<SearchResult> {
      expect(options.paged).toEqual({ pageSize: 2 });
      for (const page of pages) yield { searchEntries: page, searchReferences: [] };
    },
    async search(base: string, options: SearchOptions): Promise<SearchResult> {
      asked.push({ base, options });
      const slice = slices[`${base}|${options.attributes?.[0]}`];
      return { searchEntries: slice ? [slice] : [], searchReferences: [] };
    },
  };
  return { client: client as unknown as Client, asked };
}

const ctx = { phase: 'search' as const, url: 'ldaps://dc1.ad:636', baseDn: 'DC=ad' };
const search = { baseDn: 'DC=ad', filter: '(objectClass=group)', attributes: ['member'], pageSize: 2 };

describe('pagedSearch with AD range retrieval', () => {
  it('merges a 3,000-member group into member, page by page, asking base-scope on the group', async () => {
    const big: Entry = { dn: 'CN=Big,DC=ad', 'member;range=0-1499': members(0, 1499), member: [] };
    const small: Entry = { dn: 'CN=Small,DC=ad', member: ['CN=u1,DC=ad'], objectGUID: Buffer.alloc(16, 1) };
    const plain: Entry = { dn: 'CN=Empty,DC=ad', member: [] };
    const { client, asked } = fakeAd([[big, small], [plain]], {
      'CN=Big,DC=ad|member;range=1500-*': { dn: 'CN=Big,DC=ad', 'member;range=1500-*': members(1500, 2999) },
    });
    const pages = [];
    for await (const page of pagedSearch(client, ctx, { ...search, binaryAttributes: ['objectGUID'] }))
      pages.push(page);

    expect(pages.map((p) => p.map((e) => e.dn))).toEqual([['CN=Big,DC=ad', 'CN=Small,DC=ad'], ['CN=Empty,DC=ad']]);
    expect(pages[0]?.[0]?.attributes).toEqual({ member: members(0, 2999) });
    expect(pages[0]?.[1]?.attributes).toEqual({ member: ['CN=u1,DC=ad'], objectguid: [Buffer.alloc(16, 1)] });
    expect(pages[1]?.[0]?.attributes).toEqual({});
    expect(asked).toEqual([
      {
        base: 'CN=Big,DC=ad',
        options: {
          scope: 'base',
          attributes: ['member;range=1500-*'],
          explicitBufferAttributes: ['objectGUID', 'objectguid'],
        },
      },
    ]);
  });

  it('a slice that never comes is an LdapError, not a short member list', async () => {
    const big: Entry = { dn: 'CN=Big,DC=ad', 'member;range=0-1499': members(0, 1499) };
    const { client } = fakeAd([[big]], {});
    const run = async () => {
      for await (const _ of pagedSearch(client, ctx, search)) {
        // drain
      }
    };
    const err = await run().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LdapError);
    expect((err as LdapError).code).toBe('ldap_search_failed');
    expect((err as LdapError).message).toContain('CN=Big,DC=ad');
  });
});
