/** Before/after of an audit row as a list of changed fields (pure), for the page and the CSV. */

export interface FieldChange {
  path: string;
  before: string | undefined;
  after: string | undefined;
}

function parse(json: string | null): unknown {
  if (json === null) return undefined;
  try {
    return JSON.parse(json);
  } catch {
    return json; // older rows may hold plain text
  }
}

/** Nested objects become dotted paths; arrays and scalars are leaf values (JSON text). */
function flatten(value: unknown, prefix: string, out: Map<string, string>): void {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0 && prefix) out.set(prefix, '{}');
    for (const [k, v] of entries) flatten(v, prefix ? `${prefix}.${k}` : k, out);
    return;
  }
  if (value === undefined) return;
  out.set(prefix || '(value)', typeof value === 'string' ? value : JSON.stringify(value));
}

/** Fields whose value differs between before and after (added, removed or changed), in path order. */
export function auditDiff(before: string | null, after: string | null): FieldChange[] {
  const b = new Map<string, string>();
  const a = new Map<string, string>();
  flatten(parse(before), '', b);
  flatten(parse(after), '', a);
  const paths = [...new Set([...b.keys(), ...a.keys()])].sort();
  return paths.filter((p) => b.get(p) !== a.get(p)).map((p) => ({ path: p, before: b.get(p), after: a.get(p) }));
}
