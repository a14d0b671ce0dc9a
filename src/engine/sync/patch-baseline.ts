/**
 * What a create or PATCH changed, as the log's modified properties, and the exported-values baseline the
 * next diff starts from. Pure: shared by the live export, group export and the dry run.
 */
import type { ModifiedProperty } from '../../log/types';
import type { FlatValues } from '../../mapping/types';
import { flatOps, type PatchOperation } from '../../scim/patch-diff';

const show = (v: unknown): string | null =>
  v === undefined || v === null ? null : Array.isArray(v) ? v.join(';') : String(v);

/** Modified properties of a create: every value sent, old values blank. */
export function createdProperties(values: FlatValues, redacted: ReadonlySet<string>): ModifiedProperty[] {
  return Object.keys(values)
    .sort()
    .map((k) => ({ displayName: k, oldValue: null, newValue: redacted.has(k) ? '[Redact]' : show(values[k]) }));
}

/**
 * Modified properties of a PATCH: old value from what we last exported, new value from the op. A typed
 * entry added whole is listed per mapped path (`emails[type eq "work"].value`), like any other change.
 */
export function patchedProperties(
  ops: PatchOperation[],
  old: FlatValues,
  redacted: ReadonlySet<string>,
): ModifiedProperty[] {
  return flatOps(ops).map((op) => {
    const path = op.path ?? '';
    const hide = redacted.has(path);
    return {
      displayName: path,
      oldValue: hide ? '[Redact]' : show(old[path]),
      newValue: hide ? '[Redact]' : op.op === 'remove' ? null : show(op.value),
    };
  });
}

/**
 * Apply PATCH ops to the flat map of exported values, so the next diff starts from what the target holds.
 * The map is keyed by mapping paths, so a whole-entry add is recorded under the paths it set (`flatOps`).
 */
export function applyOpsToFlat(flat: FlatValues, ops: PatchOperation[]): FlatValues {
  const next: FlatValues = { ...flat };
  for (const op of flatOps(ops)) {
    if (!op.path) continue;
    if (op.op === 'remove') delete next[op.path];
    else next[op.path] = op.value as FlatValues[string];
  }
  return next;
}
