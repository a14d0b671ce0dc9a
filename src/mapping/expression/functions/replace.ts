/**
 * Replace(source, oldValue, regexPattern, regexGroupName, replacementValue, replacementAttributeName, template).
 * Which arguments are present picks the mode, following Microsoft's reference:
 * - regexPattern + regexGroupName, no replacementValue: source if it has a value, else the named group
 *   matched in replacementAttributeName (a fallback, e.g. digits of [mobile] when [telephoneNumber] is empty);
 * - regexPattern + regexGroupName + replacementValue: every match's named group is replaced;
 * - regexPattern + replacementValue: every match is replaced, with .NET substitutions (${name}, $1, $$);
 * - oldValue + template: oldValue in template is replaced by source;
 * - oldValue + replacementValue: every oldValue in source is replaced (case-sensitive).
 * Patterns run on JavaScript's engine, which reads .NET's common syntax ((?<name>), \d, classes) alike.
 */

import { backtrackingProblem } from '../../scoping-regex-guard';
import { checkLength, MAX_REGEX_PATTERN } from '../limits';
import { text } from './coerce';
import { type CallContext, type FunctionDef, fn } from './types';

const SUBSTITUTION = /\$(\$|&|`|'|_|\+|\d+|\{(\w+)\})/g;

/**
 * The result being built, checked against the output cap as it grows: `$_`, `` $` `` and `$'` copy the
 * whole input into every match, so a 12 KB request could otherwise build hundreds of megabytes.
 */
class Output {
  private readonly parts: string[] = [];
  length = 0;
  constructor(private readonly ctx: CallContext) {}
  add(piece: string): void {
    this.length += piece.length;
    checkLength(this.ctx.name, this.length, this.ctx.fail);
    this.parts.push(piece);
  }
  toString(): string {
    return this.parts.join('');
  }
}

/** Expand .NET substitutions in a replacement into `out`; unknown groups stay literal, as in .NET. */
function expand(replacement: string, m: RegExpExecArray, input: string, out: Output): void {
  const start = m.index;
  let last = 0;
  for (const token of replacement.matchAll(SUBSTITUTION)) {
    const [whole, what = '', name] = token;
    out.add(replacement.slice(last, token.index));
    last = token.index + whole.length;
    if (what === '$') out.add('$');
    else if (what === '&') out.add(m[0]);
    else if (what === '`') out.add(input.slice(0, start));
    else if (what === "'") out.add(input.slice(start + m[0].length));
    else if (what === '_') out.add(input);
    else if (what === '+') out.add(m[m.length - 1] ?? '');
    else {
      const key = name ?? what;
      if (/^\d+$/.test(key)) out.add(Number(key) < m.length ? (m[Number(key)] ?? '') : whole);
      else out.add(m.groups && key in m.groups ? (m.groups[key] ?? '') : whole);
    }
  }
  out.add(replacement.slice(last));
}

function compile(pattern: string, group: string | null, ctx: CallContext): RegExp {
  // The same size bound as scoping regexes: the guard below is only fuzz-tested up to it.
  if (pattern.length > MAX_REGEX_PATTERN) {
    ctx.fail(
      `${ctx.name} accepts regular expressions of at most ${MAX_REGEX_PATTERN} characters, but the pattern has ${pattern.length}`,
    );
  }
  let re: RegExp;
  try {
    re = new RegExp(pattern, 'gd');
  } catch (err) {
    return ctx.fail(`${ctx.name} cannot use the regular expression "${pattern}": ${(err as Error).message}`);
  }
  // The same static backtracking guard as scoping regexes: one catastrophic pattern in a mapping (or the
  // expression tester, open to viewers) would otherwise stall the whole process on every evaluation.
  const problem = backtrackingProblem(pattern);
  if (problem) return ctx.fail(`${ctx.name} cannot use the regular expression "${pattern}": ${problem}`);
  if (group !== null && !pattern.includes(`(?<${group}>`)) {
    ctx.fail(`${ctx.name} expects the regular expression to have a group named "${group}"`);
  }
  return re;
}

/**
 * Every match (or its named group) replaced. The input is capped before the engine runs: even a guarded
 * pattern such as \w*x is quadratic on an unanchored search (100,000 characters took 4.6 s).
 */
function replaceMatches(source: string, re: RegExp, replacement: string, group: string | null, ctx: CallContext) {
  ctx.budget.scan(ctx.name, source, ctx.fail);
  const out = new Output(ctx);
  let last = 0;
  for (const m of source.matchAll(re)) {
    const span: [number, number] | undefined = group ? m.indices?.groups?.[group] : [m.index, m.index + m[0].length];
    if (!span) continue;
    out.add(source.slice(last, span[0]));
    if (group) out.add(replacement);
    else expand(replacement, m, source, out);
    last = span[1];
  }
  out.add(source.slice(last));
  return out.toString();
}

/** Every occurrence of `find` in `within` replaced by `by`, built under the output cap. */
function replaceLiteral(within: string, find: string, by: string, ctx: CallContext): string {
  const out = new Output(ctx);
  let last = 0;
  for (let at = within.indexOf(find); at !== -1; at = within.indexOf(find, last)) {
    out.add(within.slice(last, at));
    out.add(by);
    last = at + find.length;
  }
  out.add(within.slice(last));
  return out.toString();
}

/** Replace, in its literal, template and regular-expression forms. */
export const REPLACE_FUNCTIONS: readonly FunctionDef[] = [
  fn('Replace', 7, 7, (args, ctx) => {
    const [
      s = null,
      oldValue = null,
      pattern = null,
      group = null,
      replacement = null,
      fallback = null,
      template = null,
    ] = args.map((a) => text(a, ctx));
    if (pattern) {
      const g = group || null;
      const re = compile(pattern, g, ctx);
      if (g !== null && replacement === null) {
        if (s) return s;
        if (!fallback) return null;
        ctx.budget.scan(ctx.name, fallback, ctx.fail);
        const m = re.exec(fallback);
        return m?.groups?.[g] ?? null;
      }
      return s === null ? null : replaceMatches(s, re, replacement ?? '', g, ctx);
    }
    if (oldValue) {
      if (template !== null) return s === null ? null : replaceLiteral(template, oldValue, s, ctx);
      return s === null ? null : replaceLiteral(s, oldValue, replacement ?? '', ctx);
    }
    return s;
  }),
];
