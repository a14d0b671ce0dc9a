import { describe, expect, it } from 'vitest';
import { LdapError } from '../../src/sources/ldap/ldap-errors';
import { type LdapAttributes, mergeRanges, parseRange } from '../../src/sources/ldap/ranges';

const values = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => `cn=u${from + i},ou=people,dc=example,dc=org`);

describe('parseRange (MS-ADTS 3.1.1.3.1.3.3)', () => {
  it.each([
    ['member;range=0-1499', { base: 'member', low: 0, high: 1499 }],
    ['member;range=1500-*', { base: 'member', low: 1500, high: '*' }],
    ['Member;Range=0-*', { base: 'Member', low: 0, high: '*' }],
    ['usercertificate;range=0-9;binary', { base: 'usercertificate;binary', low: 0, high: 9 }],
    ['member', null],
    ['member;binary', null],
    ['member;range=a-b', null],
  ])('%s', (description, expected) => {
    expect(parseRange(description)).toEqual(expected);
  });
});

interface Case {
  name: string;
  first: LdapAttributes;
  /** What the server answers, by the description asked for. */
  slices: Record<string, LdapAttributes>;
  asked: string[];
  result?: LdapAttributes;
  error?: RegExp;
}

const cases: Case[] = [
  {
    name: 'no ranged attribute: unchanged, nothing fetched',
    first: { cn: ['g'], member: values(1, 3) },
    slices: {},
    asked: [],
    result: { cn: ['g'], member: values(1, 3) },
  },
  {
    name: 'a first slice that is already the last is renamed',
    first: { cn: ['g'], 'member;range=0-*': values(0, 4) },
    slices: {},
    asked: [],
    result: { cn: ['g'], member: values(0, 4) },
  },
  {
    name: '3,700 members in three slices',
    first: { cn: ['g'], member: [], 'member;range=0-1499': values(0, 1499) },
    slices: {
      'member;range=1500-*': { 'member;range=1500-2999': values(1500, 2999) },
      'member;range=3000-*': { 'member;range=3000-*': values(3000, 3699) },
    },
    asked: ['member;range=1500-*', 'member;range=3000-*'],
    result: { cn: ['g'], member: values(0, 3699) },
  },
  {
    name: 'an empty last slice ends the list',
    first: { 'member;range=0-1': values(0, 1) },
    slices: { 'member;range=2-*': { 'member;range=2-*': [] } },
    asked: ['member;range=2-*'],
    result: { member: values(0, 1) },
  },
  {
    name: 'two ranged attributes are merged independently',
    first: { 'member;range=0-1': values(0, 1), 'memberof;range=0-0': ['cn=a'] },
    slices: {
      'member;range=2-*': { 'member;range=2-*': values(2, 2) },
      'memberof;range=1-*': { 'memberof;range=1-*': ['cn=b'] },
    },
    asked: ['member;range=2-*', 'memberof;range=1-*'],
    result: { member: values(0, 2), memberof: ['cn=a', 'cn=b'] },
  },
  {
    name: 'a slice that does not come back is an error, never a short list',
    first: { 'member;range=0-1': values(0, 1) },
    slices: { 'member;range=2-*': {} },
    asked: ['member;range=2-*'],
    error: /member on cn=g,dc=example,dc=org did not complete: no values came back for range 2-\*/,
  },
  {
    name: 'a slice that skips values is an error',
    first: { 'member;range=0-1': values(0, 1) },
    slices: { 'member;range=2-*': { 'member;range=5-*': values(5, 6) } },
    asked: ['member;range=2-*'],
    error: /asked for values from 2, got from 5/,
  },
];

describe('mergeRanges', () => {
  it.each(cases)('$name', async ({ first, slices, asked, result, error }) => {
    const seen: string[] = [];
    const fetch = async (description: string) => {
      seen.push(description);
      return slices[description] ?? {};
    };
    const merged = mergeRanges('cn=g,dc=example,dc=org', first, fetch);
    if (error) {
      const err = await merged.catch((e: unknown) => e);
      expect(err).toBeInstanceOf(LdapError);
      expect((err as LdapError).code).toBe('ldap_search_failed');
      expect((err as LdapError).message).toMatch(error);
    } else {
      expect(await merged).toEqual(result);
    }
    expect(seen).toEqual(asked);
  });
});
