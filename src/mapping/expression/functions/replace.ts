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
import { text } from './coerce';
import { type CallContext, type FunctionDef, fn } from './types';

const SUBSTITUTION = /\$(\$|&|`|'|_|\+|\d+|\{(\w+)\})/g;

/** Expand .NET substitutions in a replacement; unknown groups stay literal, as in .NET. */
function expand(replacement: string, m: RegExpExecArray, input: string): string {
  const start = m.index;
  return replacement.replace(SUBSTITUTION, (token, what: string, name: string | undefined) => {
    if (what === '$') return '$';
    if (what === '&') return m[0];
    if (what === '`') return input.slice(0, start);
    if (what === "'") return input.slice(start + m[0].length);
    if (what === '_') return input;
    if (what === '+') return m[m.length - 1] ?? '';
    const key = name ?? what;
    if (/^\d+$/.test(key)) return Number(key) < m.length ? (m[Number(key)] ?? '') : token;
    return m.groups && key in m.groups ? (m.groups[key] ?? '') : token;
  });
}

function compile(pattern: string, group: string | null, ctx: CallContext): RegExp {
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

function replaceMatches(source: string, re: RegExp, replacement: string, group: string | null): string {
  let out = '';
  let last = 0;
  for (const m of source.matchAll(re)) {
    const span: [number, number] | undefined = group ? m.indices?.groups?.[group] : [m.index, m.index + m[0].length];
    if (!span) continue;
    out += source.slice(last, span[0]) + (group ? replacement : expand(replacement, m, source));
    last = span[1];
  }
  return out + source.slice(last);
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
        const m = re.exec(fallback);
        return m?.groups?.[g] ?? null;
      }
      return s === null ? null : replaceMatches(s, re, replacement ?? '', g);
    }
    if (oldValue) {
      if (template !== null) return s === null ? null : template.replaceAll(oldValue, () => s);
      return s === null ? null : s.replaceAll(oldValue, () => replacement ?? '');
    }
    return s;
  }),
];
