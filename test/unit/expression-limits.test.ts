/**
 * Issue 12: no expression may stall the process or build an unbounded value. Each cap answers a clear error
 * naming the limit; the timing tests hold the worst inputs found (quadratic regexes, the slowest per-character
 * functions, `$_` expansion) to well under 100 ms.
 */
import { describe, expect, it } from 'vitest';
import {
  MAX_EVALUATION_CHARS,
  MAX_REGEX_CHARS,
  MAX_REGEX_INPUT,
  MAX_REGEX_PATTERN,
  MAX_VALUE_LENGTH,
} from '../../src/mapping/expression/limits';
import { type ExpressionTestResult, testExpression } from '../../src/mapping/expression-test';

const ENV = { now: () => new Date('2024-06-03T10:00:00Z'), random: () => 0.5, guid: () => 'guid-1' };

function run(text: string, source: Record<string, unknown> = {}): ExpressionTestResult {
  return testExpression(text, source, ENV);
}

function failure(text: string, source: Record<string, unknown> = {}): string {
  const r = run(text, source);
  if (r.ok) throw new Error(`expected an error, got ${String(r.value).slice(0, 80)}`);
  return r.message;
}

/** Best of three, so a GC pause does not fail the test, while a stall (seconds) still does. */
function bestMs(fn: () => unknown): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    fn();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

const QUADRATIC = 'Replace([x], , "\\\\w*x", , "", , )';

describe('Replace regular expressions', () => {
  it('refuses to run over more than 1,000 characters, naming the limit (100,000 took 4.6 s)', () => {
    expect(MAX_REGEX_INPUT).toBe(1_000);
    expect(failure(QUADRATIC, { x: 'a'.repeat(50_000) })).toBe(
      'Replace runs a regular expression over at most 1,000 characters, but the value has 50,000 at column 1',
    );
    expect(failure(QUADRATIC, { x: 'a'.repeat(100_000) })).toMatch(/accepts values of at most 50,000 characters/);
    expect(run(QUADRATIC, { x: `${'a'.repeat(999)}x` })).toMatchObject({ ok: true, value: '' });
  });

  it('caps the fallback attribute the named group is read from', () => {
    const text = 'Replace([a], , "(?<d>\\\\d+)", "d", , [b], )';
    expect(run(text, { b: 'tel 123' })).toMatchObject({ ok: true, value: '123' });
    expect(failure(text, { b: '1'.repeat(1_001) })).toMatch(/at most 1,000 characters, but the value has 1,001/);
  });

  it('refuses patterns longer than 200 characters', () => {
    const pattern = 'a'.repeat(MAX_REGEX_PATTERN + 1);
    expect(failure(`Replace("a", , "${pattern}", , "b", , )`)).toBe(
      'Replace accepts regular expressions of at most 200 characters, but the pattern has 201 at column 1',
    );
  });

  it('still refuses what the backtracking guard refuses', () => {
    expect(failure('Replace([x], , "(a+)+$", , "", , )', { x: 'aaa' })).toMatch(/variable-length group/);
  });

  it('bounds the regex work of a whole evaluation across calls (10,000 characters)', () => {
    const call = 'Replace([x], , "\\\\w*x", , "", , )';
    const text = `Join("", ${Array.from({ length: 11 }, () => call).join(', ')})`;
    expect(MAX_REGEX_CHARS).toBe(10_000);
    expect(failure(text, { x: 'a'.repeat(1_000) })).toMatch(
      /^Expression runs regular expressions over more than the 10,000-character limit at column \d+$/,
    );
    // Ten calls fit.
    expect(run(`Join("", ${Array.from({ length: 10 }, () => call).join(', ')})`, { x: 'a'.repeat(1_000) }).ok).toBe(
      true,
    );
  });
});

describe('output caps', () => {
  it('caps $_ expansion (a 12 KB request returned 144 MB) before building the value', () => {
    const text = `Replace([x], , ".", , "${'$_'.repeat(1_000)}", , )`;
    expect(failure(text, { x: 'a'.repeat(1_000) })).toBe(
      'Replace would return more than the 50,000-character limit at column 1',
    );
    expect(failure('Replace([x], , "a", , "$`$\'", , )', { x: 'a'.repeat(1_000) })).toMatch(/50,000-character limit/);
  });

  it('keeps the .NET substitutions working under the cap', () => {
    expect(run('Replace("2021-07-02", , "(\\\\d+)-(\\\\d+)-(\\\\d+)", , "$3/$2/$1 $9 $$ $_", , )')).toMatchObject({
      ok: true,
      value: '02/07/2021 $9 $ 2021-07-02',
    });
  });

  it('caps literal and template replacement', () => {
    const big = 'b'.repeat(10_000);
    expect(failure('Replace([x], "a", , , [y], , )', { x: 'a'.repeat(10), y: big })).toMatch(
      /^Replace would return more than the 50,000-character limit/,
    );
    expect(failure('Replace([y], "a", , , , , [t])', { t: 'a'.repeat(10), y: big })).toMatch(/50,000-character limit/);
    expect(run('Replace("x", "a", , , "-", , "aba")')).toMatchObject({ ok: true, value: 'xbx' });
  });

  it('caps Join over long lists and long separators before joining', () => {
    const list = Array.from({ length: 1_000 }, () => 'abcd');
    expect(failure(`Join("${'-'.repeat(100)}", [list])`, { list })).toBe(
      'Join would return more than the 50,000-character limit at column 1',
    );
    expect(run('Join(",", [list])', { list })).toMatchObject({ ok: true });
  });

  it('refuses an argument longer than any value may be, before the function reads it', () => {
    expect(MAX_VALUE_LENGTH).toBe(50_000);
    expect(failure('NormalizeDiacritics([x])', { x: 'é'.repeat(MAX_VALUE_LENGTH + 1) })).toBe(
      'NormalizeDiacritics accepts values of at most 50,000 characters, but got 50,001 at column 1',
    );
  });

  it('bounds the characters one evaluation reads and writes (150,000)', () => {
    expect(MAX_EVALUATION_CHARS).toBe(150_000);
    const x = 'a'.repeat(40_000);
    expect(failure('Join("", ToUpper([x]), ToUpper([x]))', { x })).toMatch(
      /^Expression evaluation processes more than the 150,000-character limit at column \d+$/,
    );
    expect(run('ToUpper([x])', { x })).toMatchObject({ ok: true });
  });

  it('caps date and format text (the exact parser costs input × format)', () => {
    expect(failure(`FormatDateTime([x], , "${"MMM''".repeat(60)}", "yyyy")`, { x: 'Jan' })).toBe(
      'FormatDateTime expects an input format of at most 256 characters, but it has 300 at column 1',
    );
    expect(failure('CDate([x])', { x: '1'.repeat(300) })).toMatch(/expects a date of at most 256 characters/);
  });

  it('clips long values quoted in error messages', () => {
    const message = failure('CBool([x])', { x: 'y'.repeat(5_000) });
    expect(message.length).toBeLessThan(400);
    expect(message).toMatch(/… at column 1$/);
  });
});

describe('no evaluation stalls', () => {
  const hostile: [string, Record<string, unknown>][] = [
    [QUADRATIC, { x: 'a'.repeat(100_000) }],
    [QUADRATIC, { x: 'a'.repeat(1_000) }],
    [`Join("", ${Array.from({ length: 40 }, () => QUADRATIC).join(', ')})`, { x: 'a'.repeat(1_000) }],
    [`Replace([x], , ".", , "${'$_'.repeat(2_000)}", , )`, { x: 'a'.repeat(1_000) }],
    ['ToUpper([x])', { x: 'ß'.repeat(50_000) }],
    ['Join("", PCase([x]), NormalizeDiacritics([x]))', { x: 'é'.repeat(37_000) }],
    [`Join(",", ${Array.from({ length: 2_000 }, () => '[x]').join(',')})`, { x: Array(1_000).fill('ab') }],
    [`FormatDateTime([x], , [f], "yyyy")`, { x: 'Jan'.repeat(33_000), f: "MMM''".repeat(20_000) }],
  ];
  for (const [text, source] of hostile) {
    it(`${text.slice(0, 50)}… answers in under 100 ms`, () => {
      expect(bestMs(() => run(text, source))).toBeLessThan(100);
    });
  }
});

describe('ToUpper and ToLower with a culture (entra.md §6.2)', () => {
  it('uses Turkish casing for tr-TR and az', () => {
    expect(run('ToUpper("istanbul", "tr-TR")')).toMatchObject({ ok: true, value: 'İSTANBUL' });
    expect(run('ToLower("ISTANBUL İzmir", "tr-TR")')).toMatchObject({ ok: true, value: 'ıstanbul izmir' });
    expect(run('ToUpper("bakı", "az-Latn-AZ")')).toMatchObject({ ok: true, value: 'BAKI' });
  });

  it('keeps the invariant mapping for other cultures and for none', () => {
    expect(run('ToUpper("istanbul", "en-US")')).toMatchObject({ ok: true, value: 'ISTANBUL' });
    expect(run('ToUpper("istanbul")')).toMatchObject({ ok: true, value: 'ISTANBUL' });
    expect(run('ToUpper("istanbul", "")')).toMatchObject({ ok: true, value: 'ISTANBUL' });
    // One character to one, as .NET: ß stays, and Σ lowers to σ even at the end of a word.
    expect(run('ToUpper("straße", "de-DE")')).toMatchObject({ ok: true, value: 'STRAßE' });
    expect(run('ToLower("ΟΔΟΣ")')).toMatchObject({ ok: true, value: 'οδοσ' });
  });

  it('rejects a malformed culture with a clear error', () => {
    expect(failure('ToUpper("a", "turkish")')).toBe(
      'ToUpper expects a culture name such as "en-US" or "tr-TR" but got "turkish" at column 1',
    );
    expect(failure('ToLower("a", "en_US")')).toMatch(/expects a culture name/);
  });
});
