/**
 * The static backtracking guard behind validateScopingRegex (rules 2–5 in scoping-regex.ts): it measures
 * each node (length range, characters it can consume or start with, what its lookarounds read) and looks
 * for the shapes that make a backtracking engine exponential or worse than quadratic.
 */
import { parseRegex, type RegexNode } from './scoping-regex-ast';
import { ANY_SET, type CharSet, EMPTY_SET, intersects, union } from './scoping-regex-charset';

// Product of the choices that overlapping bounded quantifiers (or alternatives) leave the engine to try.
const MAX_CHOICES = 32;
const MAX_ALTERNATIVE_CHOICES = 8;

interface Info {
  min: number;
  max: number;
  chars: CharSet;
  first: CharSet;
  /** What lookarounds inside may read beyond their own position (a scan re-run on every backtrack). */
  scan: CharSet;
}

// A lookaround that may read more characters than this is a scan, costly to repeat.
const MAX_LOOK_LENGTH = 16;

const mul = (a: number, b: number): number => (a === 0 || b === 0 ? 0 : a * b);

class Guard {
  private readonly infos = new Map<RegexNode, Info>();
  private alternativeChoices = 1;

  info(node: RegexNode): Info {
    let info = this.infos.get(node);
    if (info) return info;
    if (node.kind === 'char') info = { min: 1, max: 1, chars: node.set, first: node.set, scan: EMPTY_SET };
    else if (node.kind === 'backref') info = { min: 0, max: Infinity, chars: ANY_SET, first: ANY_SET, scan: EMPTY_SET };
    else if (node.kind === 'assert') info = { min: 0, max: 0, chars: EMPTY_SET, first: EMPTY_SET, scan: EMPTY_SET };
    else if (node.kind === 'look') {
      const inner = this.alternativesInfo(node.alts);
      const scan = inner.max > MAX_LOOK_LENGTH ? union(inner.chars, inner.scan) : inner.scan;
      info = { min: 0, max: 0, chars: EMPTY_SET, first: EMPTY_SET, scan };
    } else if (node.kind === 'group') info = this.alternativesInfo(node.alts);
    else {
      const body = this.info(node.body);
      const empty = node.max === 0;
      info = {
        min: mul(body.min, node.min),
        max: mul(body.max, node.max),
        chars: empty ? EMPTY_SET : body.chars,
        first: empty ? EMPTY_SET : body.first,
        scan: empty ? EMPTY_SET : body.scan,
      };
    }
    this.infos.set(node, info);
    return info;
  }

  private alternativesInfo(alts: readonly RegexNode[][]): Info {
    const infos = alts.map((alt) => this.sequenceInfo(alt));
    return {
      min: Math.min(...infos.map((a) => a.min)),
      max: Math.max(...infos.map((a) => a.max)),
      chars: union(...infos.map((a) => a.chars)),
      first: union(...infos.map((a) => a.first)),
      scan: union(...infos.map((a) => a.scan)),
    };
  }

  sequenceInfo(items: readonly RegexNode[]): Info {
    let min = 0;
    let max = 0;
    const chars: CharSet[] = [];
    const first: CharSet[] = [];
    const scan: CharSet[] = [];
    let open = true;
    for (const item of items) {
      const i = this.info(item);
      min += i.min;
      max += i.max;
      chars.push(i.chars);
      scan.push(i.scan);
      if (open) first.push(i.first);
      if (i.min > 0) open = false;
    }
    return { min, max, chars: union(...chars), first: union(...first), scan: union(...scan) };
  }

  /** First problem found in these alternatives, or null. */
  check(alts: readonly RegexNode[][], root: boolean): string | null {
    if (alts.length > 1 && this.ambiguous(alts)) {
      this.alternativeChoices *= alts.length;
      if (this.alternativeChoices > MAX_ALTERNATIVE_CHOICES) {
        return 'Regular expression chains too many overlapping alternatives; this can take exponential time';
      }
    }
    for (const alt of alts) {
      const items = flatten(alt);
      const problem = this.sequence(items, root) ?? firstOf(items, (item) => this.node(item));
      if (problem) return problem;
    }
    return null;
  }

  private node(node: RegexNode): string | null {
    if (node.kind === 'group' || node.kind === 'look') return this.check(node.alts, false);
    if (node.kind !== 'repeat') return null;
    if (node.max > 1) {
      const body = this.info(node.body);
      if (body.scan.length > 0) {
        return `Regular expression repeats a lookaround that reads ahead or behind at column ${node.col}, as in (?:(?=\\w+)\\w)*; this can take polynomial time`;
      }
      if (body.min !== body.max && !this.delimited(node.body) && !this.tiny(body, node.max)) {
        return `Regular expression repeats a variable-length group at column ${node.col}, as in (a+)+; this can take exponential time`;
      }
      const overlap = firstOf(groupsIn(node.body), (g) => (this.ambiguous(g.alts) ? g : null));
      if (overlap) {
        return `Regular expression repeats alternatives that overlap at column ${overlap.col}, as in (a|a)*; this can take exponential time`;
      }
    }
    return this.check([[node.body]], false);
  }

  /** Alternatives are ambiguous when one can match empty or two can start with the same character. */
  private ambiguous(alts: readonly RegexNode[][]): boolean {
    const infos = alts.map((alt) => this.sequenceInfo(alt));
    return infos.some((a, i) => a.min === 0 || infos.slice(i + 1).some((b) => intersects(a.first, b.first)));
  }

  /** Every iteration starts (or ends) with a required character that the rest of the body cannot match. */
  private delimited(body: RegexNode): boolean {
    const items = flatten([body]);
    const edge = (item: RegexNode | undefined, rest: RegexNode[]): boolean =>
      item?.kind === 'char' && !intersects(item.set, this.sequenceInfo(rest).chars);
    return items.length > 1 && (edge(items[0], items.slice(1)) || edge(items.at(-1), items.slice(0, -1)));
  }

  private tiny(body: Info, times: number): boolean {
    return (body.max - body.min + 1) ** times <= MAX_CHOICES;
  }

  /** Quantifiers that can trade characters, and lookarounds that re-read them (rules 4 and 5). */
  private sequence(items: readonly RegexNode[], root: boolean): string | null {
    for (const [a, first] of items.entries()) {
      const fa = this.info(first);
      if (fa.min === fa.max) continue;
      let choices = fa.max - fa.min + 1;
      for (let b = a + 1; b < items.length; b++) {
        const second = items[b];
        if (!second) break;
        const fb = this.info(second);
        // A lookaround re-reads what the first quantifier gives back, once per position it backtracks to.
        if (intersects(fa.chars, fb.scan)) {
          return `Regular expression has a lookaround at column ${second.col} that re-reads what the quantifier at column ${first.col} gives back; this can take polynomial time`;
        }
        // A required item that cannot start inside the first quantifier's run pins where that run ends.
        if (fb.min > 0 && !intersects(fb.first, fa.chars)) break;
        // The run's end can only move if the second can start on a character the first could take.
        if (fb.min === fb.max || !intersects(fa.chars, fb.first)) continue;
        if (root && b === items.length - 1 && canNotFail(second)) continue;
        choices *= fb.max - fb.min + 1;
        if (choices > MAX_CHOICES) {
          return `Regular expression has overlapping quantifiers at columns ${first.col} and ${second.col}, as in .*.*; this can take polynomial time`;
        }
      }
    }
    return null;
  }
}

/** A trailing `.*` or `x+` always succeeds once reached, so it adds no backtracking. */
function canNotFail(node: RegexNode): boolean {
  return node.kind === 'repeat' && node.body.kind === 'char' && node.min <= 1;
}

/** Inline plain groups with one alternative, so `a(b.*)` reads as the sequence a, b, .*. */
function flatten(items: readonly RegexNode[]): RegexNode[] {
  return items.flatMap((item) =>
    item.kind === 'group' && item.alts.length === 1 ? flatten(item.alts[0] ?? []) : [item],
  );
}

/** Groups with alternatives inside a node, not looking into lookarounds (they are atomic). */
function groupsIn(node: RegexNode): Extract<RegexNode, { kind: 'group' }>[] {
  if (node.kind === 'repeat') return groupsIn(node.body);
  if (node.kind !== 'group') return [];
  const inner = node.alts.flat().flatMap(groupsIn);
  return node.alts.length > 1 ? [node, ...inner] : inner;
}

function firstOf<T, R>(items: readonly T[], fn: (item: T) => R | null): R | null {
  for (const item of items) {
    const r = fn(item);
    if (r !== null) return r;
  }
  return null;
}

/** The first catastrophic-backtracking problem in a pattern that compiles, or null. */
export function backtrackingProblem(pattern: string): string | null {
  return new Guard().check(parseRegex(pattern), true);
}
