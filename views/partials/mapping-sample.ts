/** The expression tester's typed sample values (`name=value` lines) merged into a source object. Pure. */

// Typed sample values are text; these attributes are booleans or lists in a real source object.
const BOOLEAN_ATTRIBUTES = ['accountenabled', 'issoftdeleted'];
const LIST_ATTRIBUTES = ['approleassignments', 'members'];

/**
 * `name=value` lines onto a copy of `base` (names matched case-insensitively, so `Department=x` overrides the
 * user's department). An empty value is null; `true`/`false` are booleans for the boolean attributes; the
 * multi-valued attributes take a comma-separated list. Returns the message for the first malformed line.
 */
export function withSampleValues(
  base: Record<string, unknown>,
  text: string,
): { ok: true; source: Record<string, unknown> } | { ok: false; message: string } {
  const source = { ...base };
  const lines = text.split(/\r?\n/);
  for (const [n, line] of lines.entries()) {
    if (line.trim() === '') continue;
    const eq = line.indexOf('=');
    const name = line.slice(0, Math.max(eq, 0)).trim();
    if (!name) return { ok: false, message: `Sample line ${n + 1}: write name=value, e.g. department=Sales` };
    const value = line.slice(eq + 1).trim();
    const lower = name.toLowerCase();
    const key = Object.keys(source).find((k) => k.toLowerCase() === lower) ?? name;
    if (value === '') source[key] = null;
    else if (BOOLEAN_ATTRIBUTES.includes(lower) && /^(true|false)$/i.test(value))
      source[key] = value.toLowerCase() === 'true';
    else if (LIST_ATTRIBUTES.includes(lower)) source[key] = value.split(',').map((v) => v.trim());
    else source[key] = value;
  }
  return { ok: true, source };
}
