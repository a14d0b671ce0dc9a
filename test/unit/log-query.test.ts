import { describe, expect, it } from 'vitest';
import { encodeCursor, parseLogQuery } from '../../src/log/query';

describe('parseLogQuery', () => {
  it('applies defaults and ignores empty fields', () => {
    expect(parseLogQuery({ status: '', identity: '' })).toEqual({ limit: 50 });
  });
  it.each<[Record<string, string>, Record<string, unknown>]>([
    [{ status: 'failure' }, { status: 'failure', limit: 50 }],
    [
      { action: 'disable', limit: '10' },
      { action: 'disable', limit: 10 },
    ],
    [{ from: '2026-11-01T00:00:00Z' }, { from: Date.UTC(2026, 10, 1), limit: 50 }],
    [{ identity: '  alice ' }, { identity: 'alice', limit: 50 }],
  ])('%j', (input, expected) => expect(parseLogQuery(input)).toEqual(expected));

  it.each<[Record<string, string>, string]>([
    [{ status: 'bad' }, 'status'],
    [{ limit: '0' }, 'limit'],
    [{ limit: '5000' }, 'limit'],
    [{ from: 'yesterday' }, 'from'],
    [{ from: '2026-11-02', to: '2026-11-01' }, '"from" must be before "to"'],
  ])('rejects %j', (input, mentions) => {
    expect(() => parseLogQuery(input)).toThrow(mentions);
  });

  it('round-trips cursors', () => {
    expect(encodeCursor(5, 'abc')).toBe(Buffer.from('5|abc').toString('base64url'));
  });
});
