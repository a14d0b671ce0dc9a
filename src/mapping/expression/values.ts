/**
 * Runtime values. Entra's values are mostly strings; numbers come from literals and counting functions,
 * booleans from the Is* family and `IsSoftDeleted`, string arrays from multi-valued attributes.
 *
 * Two sentinels travel as values so that they survive nesting and reach the caller:
 * - `IGNORE_FLOW` (from IgnoreFlowIfNullOrEmpty): leave the target attribute out of this flow entirely,
 *   neither sending a value nor clearing one. Any call that receives it as an argument returns it.
 * - `Redacted` (from Redact): `{ redacted: true, value }`. Send `value`, but show "[Redact]" in logs.
 *   Calls taint their result: `ToLower(Redact([x]))` is redacted too, so a secret cannot leak by nesting.
 */

/** A value without sentinels. */
export type PlainValue = string | number | boolean | null | string[];

export interface IgnoreFlow {
  readonly ignoreFlow: true;
}

export interface Redacted {
  readonly redacted: true;
  readonly value: PlainValue;
}

/** What an expression evaluates to. */
export type Value = PlainValue | IgnoreFlow | Redacted;

/** The single IgnoreFlow instance; detection is by identity so source data can never forge it. */
export const IGNORE_FLOW: IgnoreFlow = Object.freeze({ ignoreFlow: true as const });

/** True when the attribute must be dropped from the flow (IgnoreFlowIfNullOrEmpty matched). */
export function isIgnoreFlow(value: unknown): value is IgnoreFlow {
  return value === IGNORE_FLOW;
}

/** True when the value came through Redact() and must be logged as "[Redact]". */
export function isRedacted(value: unknown): value is Redacted {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    (value as { redacted?: unknown }).redacted === true &&
    'value' in value
  );
}

/** The value to send, with the Redact marker removed (other values are returned as they are). */
export function unwrapRedacted(value: Value): PlainValue | IgnoreFlow {
  return isRedacted(value) ? value.value : value;
}

/** The plain content of a value: Redacted unwrapped, IgnoreFlow read as null. */
export function plainOf(value: Value): PlainValue {
  if (isRedacted(value)) return value.value;
  return isIgnoreFlow(value) ? null : value;
}

/** Mark a value as redacted; null stays null because there is nothing to hide or send. */
export function redact(value: PlainValue): Redacted | null {
  return value === null ? null : Object.freeze({ redacted: true as const, value });
}

/** Null, "" and an empty multi-valued attribute all count as "no value", as in Entra. */
export function isEmptyValue(value: PlainValue): boolean {
  return value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

/**
 * Bring a source attribute into the value model. App role assignments arrive as objects and are read by
 * display name (app role values cannot hold spaces, and Entra's examples switch on names like
 * "My Corp Administrator"); other objects have no expression-language form and read as null.
 */
export function fromSource(raw: unknown): PlainValue {
  if (raw === null || raw === undefined) return null;
  if (typeof raw === 'string' || typeof raw === 'boolean') return raw;
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : null;
  if (typeof raw === 'bigint') return raw.toString();
  if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? null : raw.toISOString();
  if (Array.isArray(raw)) {
    const items: string[] = [];
    for (const item of raw) {
      const text = itemText(item);
      if (text !== null) items.push(text);
    }
    return items;
  }
  return null;
}

function itemText(item: unknown): string | null {
  if (typeof item === 'object' && item !== null && !Array.isArray(item)) {
    const role = item as { displayName?: unknown; value?: unknown };
    if (typeof role.displayName === 'string' && role.displayName !== '') return role.displayName;
    return typeof role.value === 'string' ? role.value : null;
  }
  const value = fromSource(item);
  if (value === null || Array.isArray(value)) return null;
  return typeof value === 'boolean' ? (value ? 'True' : 'False') : String(value);
}
