/** The assignment picker's shaping of directory rows: match ranking, de-duplication, marks, bounds. */
import { describe, expect, it } from 'vitest';
import { type CandidateRow, matchOf, shapeCandidates } from '../../src/apps/candidate-shape';

const user = (id: string, name: string, upn: string, mail: string | null = null): CandidateRow => ({
  id,
  kind: 'user',
  name,
  userPrincipalName: upn,
  mail,
});
const group = (id: string, name: string): CandidateRow => ({
  id,
  kind: 'group',
  name,
  userPrincipalName: null,
  mail: null,
});

describe('matchOf', () => {
  it('grades exact, prefix, word start and substring matches over name, UPN and email', () => {
    const anna = user('1', 'Anna Smith', 'asmith@contoso.test', 'anna.smith@contoso.test');
    expect(matchOf('asmith@contoso.test', anna)).toBe('exact');
    expect(matchOf('ann', anna)).toBe('prefix');
    expect(matchOf('smi', anna)).toBe('word');
    expect(matchOf('mit', anna)).toBe('contains');
    expect(matchOf('zed', anna)).toBeNull();
    expect(matchOf('sal', group('g', 'Global Sales'))).toBe('word');
  });
});

describe('shapeCandidates', () => {
  it('orders best match first, then by name, drops duplicates and rows that do not match', () => {
    const rows = [
      user('3', 'Bob Anders', 'bob@contoso.test'),
      user('1', 'Andrea Lee', 'alee@contoso.test'),
      group('g', 'Andes team'),
      user('1', 'Andrea Lee', 'alee@contoso.test'),
      user('4', 'Zoe', 'zoe@contoso.test'),
      user('5', 'Nyanda', 'nyanda@contoso.test'),
    ];
    const out = shapeCandidates(' AND ', rows, new Map(), 20);
    expect(out.items.map((c) => [c.id, c.match])).toEqual([
      ['g', 'prefix'],
      ['1', 'prefix'],
      ['3', 'word'],
      ['5', 'contains'],
    ]);
    expect(out.more).toBe(false);
  });

  it('keeps an assigned principal, marked with its role, so the admin sees why it cannot be ticked', () => {
    const out = shapeCandidates('ann', [user('1', 'Ann', 'ann@x.test')], new Map([['1', 'Default Access']]), 20);
    expect(out.items[0]?.assignedRole).toBe('Default Access');
  });

  it('returns at most `limit` and says there were more; an empty query finds nothing', () => {
    const rows = Array.from({ length: 25 }, (_, i) => user(String(i), `Person ${i}`, `p${i}@x.test`));
    const out = shapeCandidates('person', rows, new Map(), 20);
    expect(out.items).toHaveLength(20);
    expect(out.more).toBe(true);
    expect(shapeCandidates('   ', rows, new Map(), 20)).toEqual({ items: [], more: false });
  });
});
