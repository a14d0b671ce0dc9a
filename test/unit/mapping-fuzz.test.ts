/**
 * Fuzz-style checks (issue 3, "Done when"): random text into the expression parser and random patterns into
 * the scoping-regex guard must give errors as data, never a throw, and never a hang. Seeded, so a failure
 * reproduces; the seed and the offending input are in the assertion message.
 */
import { describe, expect, it } from 'vitest';
import { FUNCTION_NAMES, tryParseExpression } from '../../src/mapping/expression/index';
import { testExpression } from '../../src/mapping/expression-test';
import { evaluateScoping } from '../../src/mapping/scoping';
import { validateScopingRegex } from '../../src/mapping/scoping-regex';

/** mulberry32: a tiny deterministic PRNG (no Math.random, so every run sees the same inputs). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const pick = <T>(rand: Rand, items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
const repeat = (rand: Rand, max: number, fn: () => string): string =>
  Array.from({ length: Math.floor(rand() * max) }, fn).join('');

const SEED = 20240603;
const ENV = { now: () => new Date('2024-06-03T10:00:00Z'), random: () => 0.5, guid: () => 'guid-1' };
const SOURCE = {
  givenName: 'Ada',
  surname: 'Lovelace',
  department: 'Sales',
  IsSoftDeleted: false,
  appRoleAssignments: ['User'],
};

const EXPRESSION_TOKENS = [
  ...'()[]",\\'.split(''),
  ...FUNCTION_NAMES,
  '[givenName]',
  '[surname]',
  '[department]',
  '[IsSoftDeleted]',
  '"x"',
  '"\\""',
  ' ',
  '1',
  '-3',
  '=',
  '<>',
  '>=',
  'True',
  'ä',
  '\n',
  '&HF',
];

/** A syntactically plausible expression: calls of random arity over attributes and literals. */
function wellFormed(rand: Rand, depth: number): string {
  const r = rand();
  if (depth > 3 || r < 0.3)
    return pick(rand, ['[givenName]', '[surname]', '[department]', '[IsSoftDeleted]', '[appRoleAssignments]']);
  if (r < 0.45)
    return JSON.stringify(repeat(rand, 8, () => pick(rand, ['a', ' ', 'É', ',', '-', '1', 'yyyy', '\\d+'])));
  if (r < 0.5) return pick(rand, ['0', '1', '-1', '2.5', '300', 'True', 'False']);
  if (r < 0.55)
    return `${wellFormed(rand, depth + 1)} ${pick(rand, ['=', '<>', '>', '<='])} ${wellFormed(rand, depth + 1)}`;
  const args = Array.from({ length: Math.floor(rand() * 5) }, () => wellFormed(rand, depth + 1));
  return `${pick(rand, FUNCTION_NAMES)}(${args.join(', ')})`;
}

/** Delete, duplicate or insert one character, so near-misses reach the parser's deeper error paths. */
function mutate(rand: Rand, text: string): string {
  const at = Math.floor(rand() * (text.length + 1));
  const r = rand();
  if (r < 0.33) return text.slice(0, at) + text.slice(at + 1);
  if (r < 0.66) return text.slice(0, at) + text.slice(at, at + 1) + text.slice(at);
  return text.slice(0, at) + pick(rand, ['(', ')', '[', ']', '"', ',', '\\']) + text.slice(at);
}

function randomExpression(rand: Rand): string {
  const r = rand();
  if (r < 0.01) return '('.repeat(Math.floor(rand() * 500));
  if (r < 0.02) return `Append(${'x'.repeat(10_000)})`;
  if (r < 0.3) return wellFormed(rand, 0);
  if (r < 0.45) return mutate(rand, wellFormed(rand, 0));
  if (r < 0.7) return repeat(rand, 40, () => pick(rand, ['(', ')', '[', ']', '"', ',', '\\', 'a', ' ']));
  // Mostly well-formed-looking calls, so the parser gets past the first token and the evaluator runs.
  return repeat(rand, 30, () => {
    const t = pick(rand, EXPRESSION_TOKENS);
    return FUNCTION_NAMES.includes(t) && rand() < 0.7 ? `${t}(` : t;
  });
}

const REGEX_RAW = [
  ...'()[]{}*+?|.\\^$-,:=!<>'.split(''),
  'a',
  'b',
  '1',
  'x',
  ' ',
  '\\d',
  '\\w',
  '\\s',
  '{2,}',
  '{1,3}',
  '(?:',
  '(?=',
  '\\1',
];
const REGEX_ATOMS = [
  'a',
  'b',
  'x',
  '.',
  '\\d',
  '\\w',
  '\\s',
  '\\S',
  '[a-z]',
  '[^a]',
  '\\.',
  '@',
  '-',
  '[ab]',
  '\\b',
  '\\1',
];
const QUANTIFIERS = ['', '', '', '*', '+', '?', '{2}', '{1,3}', '{2,}', '*?', '+?', '{0,20}'];

/** A random structured pattern: atoms, groups, alternations and quantifiers nested a few levels. */
function structured(rand: Rand, depth: number): string {
  const seq = () => repeat(rand, 4, () => structured(rand, depth + 1)) || pick(rand, REGEX_ATOMS);
  let atom: string;
  const r = rand();
  if (depth < 3 && r < 0.3) atom = `(${seq()})`;
  else if (depth < 3 && r < 0.45) atom = `(?:${seq()}|${seq()})`;
  else if (depth < 3 && r < 0.5) atom = `(${pick(rand, ['?=', '?!', '?<=', '?<!'])}${seq()})`;
  else atom = pick(rand, REGEX_ATOMS);
  return `${atom}${pick(rand, QUANTIFIERS)}`;
}

function randomPattern(rand: Rand): string {
  const r = rand();
  if (r < 0.35) return repeat(rand, 25, () => pick(rand, REGEX_RAW));
  if (r < 0.4) return 'a'.repeat(150 + Math.floor(rand() * 100));
  const anchors = rand() < 0.3;
  return `${anchors ? '^' : ''}${repeat(rand, 6, () => structured(rand, 0))}${anchors ? '$' : ''}`;
}

/** Long runs of what the pattern accepts, then something it probably does not: backtracking's worst case. */
function adversarialInputs(pattern: string): string[] {
  const literal = [...new Set(pattern.replace(/[\\()[\]{}*+?|^$]/g, '').split(''))].filter((c) => c !== '');
  const chars = [...literal.slice(0, 3), 'a', '1', ' '];
  const cycle = [...literal, 'a', '1', ' '].join('');
  const inputs = chars.map((c) => `${c.repeat(999)}\n`);
  inputs.push(`${cycle.repeat(Math.ceil(999 / cycle.length)).slice(0, 999)}!`);
  inputs.push(`${'a1 .@-_'.repeat(143).slice(0, 999)}\u0000`);
  return inputs;
}

describe('fuzz: expression parser', () => {
  it('parses 5,000 random strings into a tree or a positioned error, never a throw, in under 5 s', () => {
    const rand = prng(SEED);
    const started = performance.now();
    let errors = 0;
    for (let i = 0; i < 5_000; i++) {
      const text = randomExpression(rand);
      const result = tryParseExpression(text);
      if (!result.ok) {
        errors++;
        expect(result.error.message, text).toMatch(/ at column \d+$/);
        expect(result.error.column, text).toBeGreaterThanOrEqual(1);
        continue;
      }
      const tested = testExpression(text, SOURCE, ENV);
      if (!tested.ok) expect(tested.column, text).toBeGreaterThanOrEqual(1);
    }
    // Both outcomes must be common, or half of the parser (or the evaluator) goes untested.
    expect(errors).toBeGreaterThan(1_000);
    expect(errors).toBeLessThan(4_500);
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});

describe('fuzz: scoping regex guard', () => {
  it('validates 2,000 random patterns and runs every accepted one on adversarial values in < 50 ms each', () => {
    const rand = prng(SEED + 1);
    const started = performance.now();
    let accepted = 0;
    let slowest = { ms: 0, pattern: '', input: '' };
    for (let i = 0; i < 2_000; i++) {
      const pattern = randomPattern(rand);
      const problem = validateScopingRegex(pattern);
      expect(problem === null || typeof problem === 'string', pattern).toBe(true);
      if (problem !== null) continue;
      accepted++;
      for (const input of adversarialInputs(pattern)) {
        const filter = [
          { name: 'fuzz', clauses: [{ attribute: 'department', operator: 'REGEX MATCH' as const, value: pattern }] },
        ];
        // A catastrophic pattern is slow every time; a GC pause is not, so a slow run is retried (best of 3).
        let ms = Number.POSITIVE_INFINITY;
        for (let run = 0; run < 3 && ms > 10; run++) {
          const t0 = performance.now();
          const result = evaluateScoping(filter, { department: input });
          ms = Math.min(ms, performance.now() - t0);
          expect(typeof result.passed).toBe('boolean');
        }
        if (ms > slowest.ms) slowest = { ms, pattern, input: input.slice(0, 20) };
      }
    }
    expect(slowest.ms, JSON.stringify(slowest)).toBeLessThan(50);
    // Both branches must be exercised, or the timing half proves nothing.
    expect(accepted).toBeGreaterThan(200);
    expect(accepted).toBeLessThan(1_800);
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
