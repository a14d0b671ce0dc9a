/**
 * Filter strings to scimmy Filters. scimmy does the parsing and the matching; this wraps it where it falls
 * short of RFC 7644 §3.4.2.2:
 * - String values are JSON strings, but scimmy neither unescapes them nor survives an escaped quote
 *   (`userName eq "a\"b"` is an invalidFilter). Literals are swapped for placeholders before scimmy sees
 *   them and decoded with JSON.parse afterwards.
 * - Malformed filters (`userName eq`, a dangling `and`, an unknown comparator) parse into expressions that
 *   silently match nothing; they are rejected with 400 invalidFilter instead.
 * - Unknown attributes are rejected too: a typo would otherwise look like "no such user" and cause a duplicate.
 */
import crypto from 'node:crypto';
import SCIMMY from 'scimmy';

type Filter = SCIMMY.Types.Filter;
type SchemaDefinition = SCIMMY.Types.SchemaDefinition;
/** One OR-branch of a parsed filter: attribute → expression(s), or a nested branch for complex attributes. */
export type FilterBranch = { [attr: string]: FilterNode };
type FilterNode = unknown[] | FilterBranch;

const LITERAL = /"((?:[^"\\]|\\.)*)"/g;
// Stand-ins for string literals while scimmy parses; the nonce keeps them from colliding with real values.
const MARK = `~literal-${crypto.randomUUID()}-`;
const PLACEHOLDER = new RegExp(`^${MARK}(\\d+)~$`);
const MARKS = new RegExp(`${MARK}(\\d+)~`, 'g');
const COMPARATORS = new Set(['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'lt', 'ge', 'le', 'pr', 'np']);
const DANGLING_OPERATOR = /(^|\s)(and|or|not)$/i;

const invalidFilter = (detail: string) => new SCIMMY.Types.Error(400, 'invalidFilter', detail);

/** Parse and validate `expression` against `schema`; throws a SCIMMY error (400 invalidFilter) when malformed. */
export function parseFilter(expression: string, schema: SchemaDefinition): Filter {
  const literals: string[] = [];
  const masked = expression.replace(LITERAL, (_whole, body: string) => {
    literals.push(decodeLiteral(body));
    return `"${MARK}${literals.length - 1}~"`;
  });
  if (DANGLING_OPERATOR.test(masked.trim())) throw invalidFilter(`Filter '${expression}' ends with an operator`);
  const scimmyFilter = (input: string | FilterBranch[]) => {
    try {
      return new SCIMMY.Types.Filter(input);
    } catch (err) {
      const reason = (err as Error).message.replaceAll(MARKS, (_m, i: string) => literals[Number(i)] ?? '');
      throw invalidFilter(`Invalid filter '${expression}': ${reason}`);
    }
  };
  const branches = scimmyFilter(masked).map((branch) => restore(branch, literals) as FilterBranch);
  for (const branch of branches) validate(branch, schema, '');
  return scimmyFilter(branches);
}

function decodeLiteral(body: string): string {
  // Without a backslash there is nothing to decode, and raw control characters are tolerated.
  if (!body.includes('\\')) return body;
  try {
    return JSON.parse(`"${body}"`) as string;
  } catch {
    throw invalidFilter(`Invalid escape sequence in filter value "${body}"`);
  }
}

/** Deep copy of scimmy's frozen expression objects, with placeholders replaced by the decoded literals. */
function restore(node: unknown, literals: string[]): unknown {
  if (Array.isArray(node)) return node.map((n) => restore(n, literals));
  if (typeof node === 'string') {
    const m = PLACEHOLDER.exec(node);
    return m ? literals[Number(m[1])] : node;
  }
  if (node !== null && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, restore(v, literals)]));
  }
  return node;
}

function validate(branch: FilterBranch, schema: SchemaDefinition, prefix: string): void {
  for (const [attr, node] of Object.entries(branch)) {
    const path = `${prefix}${attr}`;
    if (!Array.isArray(node)) {
      validate(node, schema, `${path}.`);
      continue;
    }
    try {
      schema.attribute(path);
    } catch {
      throw invalidFilter(`Unknown attribute '${path}' in filter`);
    }
    const expressions = node.every(Array.isArray) ? (node as unknown[][]) : [node];
    for (const e of expressions) {
      const [comparator, ...operands] = String(e[0]).toLowerCase() === 'not' ? e.slice(1) : e;
      const op = String(comparator).toLowerCase();
      if (!COMPARATORS.has(op))
        throw invalidFilter(`Unknown comparison operator '${String(comparator)}' for '${path}'`);
      const arity = op === 'pr' || op === 'np' ? 0 : 1;
      if (operands.length !== arity) throw invalidFilter(`Operator '${op}' on '${path}' needs ${arity} value(s)`);
    }
  }
}
