/**
 * PATCH operations from two flat value maps (RFC 7644 §3.5.2). Pure. Only changed paths are sent, one
 * operation per path, sorted by path so the same change always produces the same request.
 *
 * Op choice, following Entra (entra.md §5.3) and the RFC:
 * - value absent before, present now → `add` (§3.5.2.1). Entra sends Add for a new single value, and a
 *   `replace` on `emails[type eq "work"].value` when no work email exists is a 400 noTarget (§3.5.2.3).
 *   When no sub-attribute of such a typed entry existed before, the entry itself is added to the
 *   multi-valued attribute (`add emails [{type: "work", value}]`): an `add` through a value filter that
 *   matches nothing is refused as noTarget by strict servers (§3.5.2.1 defines add on the attribute).
 * - present before and different now → `replace` (§3.5.2.3).
 * - present before, absent now → `remove` (§3.5.2.2).
 * Ops are lowercase as in the RFC; servers must accept any case (§3.5.2: "op" values are case-insensitive),
 * and Entra's SCIM-compliant mode (aadOptscim062020) sends lowercase too.
 */
import { eqFilter } from './filter';
import { type FlatValue, type FlatValues, isUnassigned } from './resource-builder';
import { PATCH_OP_SCHEMA } from './urns';

/** A value in a PATCH operation: a mapped value, or complex entries such as group members `[{value}]`. */
export type PatchValue = FlatValue | ReadonlyArray<Readonly<Record<string, string | number | boolean>>>;

/**
 * One PATCH operation. A `remove` usually carries no value (the path says what goes); a member removal in
 * Entra's value form names the members in `value` instead (see `memberOps`).
 */
export type PatchOperation =
  | { op: 'add' | 'replace'; path: string; value: PatchValue }
  | { op: 'remove'; path: string; value?: PatchValue };

/** The PATCH request body (RFC 7644 §3.5.2). */
export interface PatchBody {
  schemas: [typeof PATCH_OP_SCHEMA];
  Operations: PatchOperation[];
}

/**
 * The operations that turn `oldFlat` into `newFlat`. Values compare after normalisation: see `sameValue`.
 * Unassigned values (missing, "", []) count as absent (RFC 7643 §2.5).
 */
export function diffForPatch(oldFlat: FlatValues, newFlat: FlatValues): PatchOperation[] {
  const paths = [...new Set([...Object.keys(oldFlat), ...Object.keys(newFlat)])].sort(byCodeUnit);
  const ops: PatchOperation[] = [];
  for (const path of paths) {
    const before = assigned(oldFlat[path]);
    const after = assigned(newFlat[path]);
    if (after === undefined) {
      if (before !== undefined) ops.push({ op: 'remove', path });
    } else if (before === undefined) {
      ops.push({ op: 'add', path, value: after });
    } else if (!sameValue(before, after)) {
      ops.push({ op: 'replace', path, value: after });
    }
  }
  return addNewEntries(ops, oldFlat);
}

// `attr[key eq "value"].sub`: a typed entry of a multi-valued attribute (how mappings address emails & co.).
const TYPED_ENTRY = /^([A-Za-z][\w:.]*)\[(\w+) eq "((?:[^"\\]|\\.)*)"\]\.(\w+)$/;

/**
 * Adds into typed entries that do not exist yet become one add of the whole entry (see the header). The
 * entry's first member is its selector (`{type: "work", value}`): `flatOps` relies on that to undo it.
 */
function addNewEntries(ops: PatchOperation[], oldFlat: FlatValues): PatchOperation[] {
  const existing = new Set(
    Object.entries(oldFlat)
      .filter(([, v]) => assigned(v) !== undefined)
      .map(([k]) => TYPED_ENTRY.exec(k)?.slice(1, 4).join('\u0000'))
      .filter((k) => k !== undefined),
  );
  const entries = new Map<string, { attr: string; value: Record<string, string | number | boolean> }>();
  const out: PatchOperation[] = [];
  for (const op of ops) {
    const m = op.op === 'add' && !Array.isArray(op.value) ? TYPED_ENTRY.exec(op.path) : null;
    const [, attr, key, raw, sub] = m ?? [];
    const id = m ? [attr, key, raw].join('\u0000') : '';
    if (!m || !attr || !key || raw === undefined || !sub || existing.has(id) || op.op !== 'add') {
      out.push(op);
      continue;
    }
    let entry = entries.get(id);
    if (!entry) {
      // `[primary eq "True"]` names the primary entry: the new entry carries the boolean (RFC 7643 §2.4).
      entry = { attr, value: { [key]: key.toLowerCase() === 'primary' ? true : raw.replace(/\\(.)/g, '$1') } };
      entries.set(id, entry);
      out.push({ op: 'add', path: attr, value: [entry.value] });
    }
    entry.value[sub] = op.value as string | number | boolean;
  }
  return out;
}

/**
 * Undo `addNewEntries`: a whole-entry add becomes one `add` per sub-attribute, on the path a mapping names
 * (`emails[type eq "work"].value`). The exported-values baseline and the log's modified properties are
 * keyed by those paths; kept under the rewritten `emails`, the entry looked unsent to every later diff and
 * was added again on each update. Other ops (member adds `[{value}]` included) pass through unchanged.
 */
export function flatOps(ops: readonly PatchOperation[]): PatchOperation[] {
  return ops.flatMap((op) => entryPathOps(op) ?? [op]);
}

const PLAIN_ATTRIBUTE = /^[A-Za-z][\w:.]*$/;

function entryPathOps(op: PatchOperation): PatchOperation[] | null {
  if (op.op !== 'add' || !Array.isArray(op.value) || !PLAIN_ATTRIBUTE.test(op.path)) return null;
  const out: PatchOperation[] = [];
  for (const entry of op.value as readonly unknown[]) {
    if (typeof entry !== 'object' || entry === null) return null;
    const [selector, ...subs] = Object.entries(entry as Record<string, string | number | boolean>);
    if (!selector || typeof selector[1] !== 'string' || subs.length === 0) return null;
    const [key, raw] = selector;
    for (const [sub, value] of subs) {
      out.push({ op: 'add', path: `${op.path}[${key} eq ${JSON.stringify(raw)}].${sub}`, value });
    }
  }
  return out;
}

/**
 * Equality that ignores how a target round-trips types, not what the value says:
 * - strings compare exactly (case and spaces matter; Entra stores values "exactly as sent");
 * - a number equals a string of the same number (`42` = `"42"`): servers often return employeeNumber as text;
 * - a boolean equals its text in any case (`false` = `"False"`, Entra's legacy `active` value);
 * - arrays compare as multisets (order-insensitive); a single value equals a one-element array.
 */
export function sameValue(a: FlatValue, b: FlatValue): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    const left = toList(a).sort(byCodeUnit);
    const right = toList(b).sort(byCodeUnit);
    return left.length === right.length && left.every((v, i) => v === right[i]);
  }
  if (typeof a === 'boolean' || typeof b === 'boolean') return String(a).toLowerCase() === String(b).toLowerCase();
  if (typeof a === 'number' || typeof b === 'number') {
    const text = typeof a === 'number' ? b : a;
    const num = typeof a === 'number' ? a : b;
    return typeof text === 'number' ? text === num : text.trim() !== '' && Number(text) === num;
  }
  return a === b;
}

/** The PATCH body for some operations. */
export function patchBody(ops: readonly PatchOperation[]): PatchBody {
  return { schemas: [PATCH_OP_SCHEMA], Operations: [...ops] };
}

/** Soft-delete as Entra does it (entra.md §5.3), with the boolean the RFC types `active` as (RFC 7643 §4.1.1). */
export function disableOps(): PatchOperation[] {
  return [{ op: 'replace', path: 'active', value: false }];
}

/**
 * How a member removal is written (entra.md §5.4, §5.5):
 * - `value`: one `remove` of `members` listing them, `value: [{value: id}, …]`: Entra's default request, so
 *   servers built for Entra accept it. RFC 7644 §3.5.2.2 gives a remove no value, and says a remove of a
 *   multi-valued attribute without a filter removes all of it: a server that ignores the value would empty
 *   the group. Such a target needs the filter form.
 * - `filter`: one `remove` per member addressed by `members[value eq "id"]`, no value: the RFC's own form
 *   and Entra's `aadOptscim062020` flag.
 */
export type MemberRemovalForm = 'value' | 'filter';

/** Group membership changes: one `add` of `members` with `[{value: id}]`, then the removals in `form`. */
export function memberOps(
  change: { add?: readonly string[]; remove?: readonly string[] },
  form: MemberRemovalForm = 'value',
): PatchOperation[] {
  const add = [...new Set(change.add ?? [])].sort(byCodeUnit);
  const remove = [...new Set(change.remove ?? [])].sort(byCodeUnit);
  const ops: PatchOperation[] = [];
  if (add.length > 0) ops.push({ op: 'add', path: 'members', value: add.map((value) => ({ value })) });
  if (remove.length === 0) return ops;
  if (form === 'value') ops.push({ op: 'remove', path: 'members', value: remove.map((value) => ({ value })) });
  else for (const id of remove) ops.push({ op: 'remove', path: `members[${eqFilter('value', id)}]` });
  return ops;
}

function assigned(v: FlatValue | undefined): FlatValue | undefined {
  return isUnassigned(v) ? undefined : v;
}

function toList(v: FlatValue): string[] {
  return Array.isArray(v) ? [...v] : [String(v)];
}

// Code-unit order, not localeCompare: the result must not depend on the server's locale.
function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
