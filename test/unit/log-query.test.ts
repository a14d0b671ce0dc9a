import { describe, expect, it } from 'vitest';
import { toFtsQuery, toIdentityFtsQuery } from '../../src/log/fts';
import { decodeCursor, encodeCursor, logQueryParams, parseLogQuery } from '../../src/log/query';

describe('parseLogQuery', () => {
  it('applies defaults and ignores empty fields', () => {
    expect(parseLogQuery({ status: '', identity: '', q: '  ' })).toEqual({ limit: 50, sort: 'date-desc' });
  });
  it.each<[Record<string, string>, Record<string, unknown>]>([
    [{ status: 'failure' }, { status: 'failure' }],
    [
      { action: 'disable', limit: '10' },
      { action: 'disable', limit: 10 },
    ],
    [{ from: '2026-11-01T00:00:00Z' }, { from: Date.UTC(2026, 10, 1) }],
    [{ identity: '  alice ' }, { identity: 'alice' }],
    [
      { jobId: 'j1', cycleId: 'c1', changeId: 'x' },
      { jobId: 'j1', cycleId: 'c1', changeId: 'x' },
    ],
    [
      { sourceSystem: 'Dir', targetSystem: 'App', errorCode: 'Timeout' },
      { sourceSystem: 'Dir', targetSystem: 'App', errorCode: 'Timeout' },
    ],
    [
      { q: '"chief wizard"', sort: 'duration-desc' },
      { q: '"chief wizard"', sort: 'duration-desc' },
    ],
  ])('%j', (input, expected) => expect(parseLogQuery(input)).toEqual({ limit: 50, sort: 'date-desc', ...expected }));

  it.each<[Record<string, string>, string]>([
    [{ status: 'bad' }, 'status'],
    [{ limit: '0' }, 'limit'],
    [{ limit: '5000' }, 'limit'],
    [{ from: 'yesterday' }, 'from'],
    [{ from: '2026-11-02', to: '2026-11-01' }, '"from" must be before "to"'],
    [{ sort: 'name' }, 'sort'],
    [{ q: 'x'.repeat(501) }, 'q'],
  ])('rejects %j', (input, mentions) => {
    expect(() => parseLogQuery(input)).toThrow(mentions);
  });

  it('round-trips cursors and refuses tampered ones', () => {
    expect(encodeCursor(5, 'abc')).toBe(Buffer.from('5|abc').toString('base64url'));
    expect(decodeCursor(encodeCursor(1764320000000, 'a|b'))).toEqual({ key: 1764320000000, id: 'a|b' });
    for (const bad of [
      '',
      'bm9wZQ',
      Buffer.from('x|id').toString('base64url'),
      Buffer.from('5|').toString('base64url'),
    ])
      expect(() => decodeCursor(bad)).toThrow('cursor is not valid');
  });

  it('turns a parsed query back into the parameters that reproduce it', () => {
    const q = parseLogQuery({ status: 'failure', from: '2026-11-01T00:00:00Z', sort: 'duration-asc', q: 'x' });
    expect(parseLogQuery(logQueryParams(q))).toEqual(q);
  });
});

describe('toFtsQuery', () => {
  it.each<[string, string | null]>([
    ['alice', '"alice"'],
    ['alice smith', '"alice" AND "smith"'],
    ['"chief wizard"', '"chief wizard"'],
    ['wiz*', '"wiz"*'],
    ['"chief wiz"*', '"chief wiz"*'],
    ['src-alice', '"src-alice"'],
    ['AND OR NOT', '"AND" AND "OR" AND "NOT"'],
    ['NEAR(a b)', '"NEAR(a" AND "b)"'],
    ['title:boss', '"title:boss"'],
    ['"unterminated phrase', '"unterminated phrase"'],
    ['^start', '"^start"'],
    ['*', null],
    ['"" --- ***', null],
    ['', null],
  ])('%j → %j', (input, expected) => expect(toFtsQuery(input)).toBe(expected));

  it('makes the identity input one prefix phrase over the identity column', () => {
    expect(toIdentityFtsQuery('User 1')).toBe('identity : "User 1"*');
    expect(toIdentityFtsQuery('o"brien*')).toBe('identity : "o""brien"*');
    expect(toIdentityFtsQuery('**')).toBeNull();
  });
});
