/**
 * Before/after of an audit row as what changed (pure), for the page and the CSV. Objects become the changed
 * fields only; lists of objects (mappings keyed by target attribute, scoping filters by name, members by id)
 * become added, removed and changed rows, a changed row carrying only its changed fields. Showing the whole
 * mappings JSON twice hid a one-field change in a thousand pixels of text.
 */

export interface FieldChange {
  path: string;
  before: string | undefined;
  after: string | undefined;
}

export interface RowChange {
  /** Where the list sits ('' for a top-level list, "Sales only › clauses" for a nested one). */
  list: string;
  /** The row's identity: its key's value, or a summary of the row when it has no key. */
  key: string;
  /** The field the rows are keyed by ("target", "name", "id"), null for plain values or unkeyed rows. */
  keyField: string | null;
  change: 'added' | 'removed' | 'changed';
  /** Changed rows: only the fields that differ; added and removed rows: their fields. */
  fields: FieldChange[];
}

export type DiffEntry = ({ kind: 'field' } & FieldChange) | ({ kind: 'row' } & RowChange);

/** Fields that identify a row, tried in order; the first one every row has, unique on both sides, wins. */
const KEY_FIELDS = ['target', 'id', 'principalId', 'name', 'attribute', 'email', 'key'];

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const isScalar = (v: unknown) => v === null || ['string', 'number', 'boolean'].includes(typeof v);
const text = (v: unknown): string | undefined =>
  v === undefined ? undefined : typeof v === 'string' ? v : JSON.stringify(v);
const join = (a: string, b: string) => (a ? `${a}.${b}` : b);

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => same(x, b[i]));
  if (isObj(a) && isObj(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) => same(a[k], b[k]));
  }
  return false;
}

/** The fields among diff entries, without their tag (a row's fields are plain FieldChanges). */
const fieldsIn = (entries: DiffEntry[]): FieldChange[] =>
  entries.flatMap((e) => (e.kind === 'field' ? [{ path: e.path, before: e.before, after: e.after }] : []));

function keyFieldOf(before: Obj[], after: Obj[]): string | null {
  for (const k of KEY_FIELDS) {
    const ok = (rows: Obj[]) =>
      rows.every((r) => typeof r[k] === 'string' || typeof r[k] === 'number') &&
      new Set(rows.map((r) => r[k])).size === rows.length;
    if (ok(before) && ok(after)) return k;
  }
  return null;
}

/** An unkeyed row named by its scalar values: a scoping clause reads "department EQUALS Sales". */
const summary = (row: Obj) =>
  Object.values(row)
    .filter((v) => isScalar(v) && v !== null)
    .map(String)
    .join(' ');

function listDiff(before: unknown[], after: unknown[], list: string, out: DiffEntry[]): void {
  if (same(before, after)) return;
  const start = out.length;
  const row = (key: string, keyField: string | null, change: RowChange['change'], fields: FieldChange[]) =>
    out.push({ kind: 'row', list, key, keyField, change, fields });
  if (before.every(isScalar) && after.every(isScalar)) {
    const b = before.map((v) => text(v) ?? '');
    const a = after.map((v) => text(v) ?? '');
    for (const v of a) if (!b.includes(v)) row(v, null, 'added', []);
    for (const v of b) if (!a.includes(v)) row(v, null, 'removed', []);
    if (b.every((v) => a.includes(v)) && a.every((v) => b.includes(v)))
      out.push({ kind: 'field', path: `${list || '(list)'} (order)`, before: b.join(', '), after: a.join(', ') });
    return;
  }
  if (!before.every(isObj) || !after.every(isObj)) {
    out.push({ kind: 'field', path: list || '(value)', before: text(before), after: text(after) });
    return;
  }
  const keyField = keyFieldOf(before, after);
  const keyOf = (r: Obj) => (keyField ? String(r[keyField]) : JSON.stringify(r));
  const label = (r: Obj) => (keyField ? String(r[keyField]) : summary(r));
  const fieldsOf = (r: Obj, side: 'before' | 'after') => {
    const entries: DiffEntry[] = [];
    const rest = Object.fromEntries(Object.entries(r).filter(([k]) => k !== keyField));
    diffValue(side === 'before' ? rest : undefined, side === 'after' ? rest : undefined, '', entries);
    return fieldsIn(entries);
  };
  const byKey = new Map(before.map((r) => [keyOf(r), r]));
  const afterKeys = new Set(after.map(keyOf));
  for (const r of after) {
    const old = byKey.get(keyOf(r));
    if (!old) {
      row(label(r), keyField, 'added', fieldsOf(r, 'after'));
      continue;
    }
    if (same(old, r)) continue;
    const nested: DiffEntry[] = [];
    diffValue(old, r, '', nested);
    const fields = fieldsIn(nested);
    if (fields.length) row(label(r), keyField, 'changed', fields);
    // A list inside the row (a filter's clauses) is listed under the row's name.
    for (const e of nested)
      if (e.kind === 'row') out.push({ ...e, list: [list, label(r), e.list].filter(Boolean).join(' › ') });
  }
  for (const r of before) if (!afterKeys.has(keyOf(r))) row(label(r), keyField, 'removed', fieldsOf(r, 'before'));
  // Same rows, other order: say so rather than show nothing for a change that was recorded.
  if (out.length === start) {
    const order = (rows: Obj[]) => rows.map(label).join(', ');
    out.push({ kind: 'field', path: `${list || '(list)'} (order)`, before: order(before), after: order(after) });
  }
}

function diffValue(before: unknown, after: unknown, path: string, out: DiffEntry[]): void {
  if (same(before, after)) return;
  const bothObjects = (isObj(before) || before === undefined) && (isObj(after) || after === undefined);
  if (bothObjects && (isObj(before) || isObj(after))) {
    const b = (before ?? {}) as Obj;
    const a = (after ?? {}) as Obj;
    const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].sort();
    if (keys.length === 0)
      out.push({ kind: 'field', path: path || '(value)', before: text(before), after: text(after) });
    for (const k of keys) diffValue(b[k], a[k], join(path, k), out);
    return;
  }
  const bothLists = (Array.isArray(before) || before === undefined) && (Array.isArray(after) || after === undefined);
  if (bothLists) {
    listDiff((before ?? []) as unknown[], (after ?? []) as unknown[], path, out);
    return;
  }
  out.push({ kind: 'field', path: path || '(value)', before: text(before), after: text(after) });
}

function parse(json: string | null): unknown {
  if (json === null) return undefined;
  try {
    return JSON.parse(json);
  } catch {
    return json; // older rows may hold plain text
  }
}

/** What changed between an audit row's before and after (JSON text, either may be null). */
export function auditChanges(before: string | null, after: string | null): DiffEntry[] {
  const out: DiffEntry[] = [];
  diffValue(parse(before), parse(after), '', out);
  return out;
}
