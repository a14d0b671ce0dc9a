/**
 * Argument coercions shared by the implementations. Booleans read as "True"/"False", as .NET prints them,
 * so `Switch([IsSoftDeleted], , "False", "True", ...)` matches a boolean source against string keys.
 */
import type { PlainValue } from '../values';
import type { CallContext } from './types';

/** .NET's Boolean.ToString(). */
export function boolText(value: boolean): 'True' | 'False' {
  return value ? 'True' : 'False';
}

/** A single value as text; null stays null. A multi-valued argument with several values is an error. */
export function text(value: PlainValue, ctx: CallContext): string | null {
  if (value === null) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return boolText(value);
  if (typeof value === 'number') return String(value);
  if (value.length === 0) return null;
  if (value.length === 1) return value[0] ?? null;
  return ctx.fail(`${ctx.name} expects a single value but got ${value.length} values`);
}

/** All values of a possibly multi-valued argument; null is no values, a single value is one. */
export function list(value: PlainValue, ctx: CallContext): string[] {
  if (Array.isArray(value)) return value;
  const single = text(value, ctx);
  return single === null ? [] : [single];
}

const NUMERIC = /^\s*[-+]?(\d+(\.\d*)?|\.\d+)\s*$/;

/** A number from a number or numeric string; null stays null. */
export function num(value: PlainValue, ctx: CallContext, what: string): number | null {
  if (typeof value === 'number') return value;
  const s = text(value, ctx);
  if (s === null) return null;
  if (NUMERIC.test(s)) return Number(s);
  return ctx.fail(`${ctx.name} expects a number for ${what} but got "${s}"`);
}

/** A whole number; fractions are rejected rather than rounded, since VBA and .NET disagree on rounding. */
export function int(value: PlainValue, ctx: CallContext, what: string): number | null {
  const n = num(value, ctx, what);
  if (n !== null && !Number.isInteger(n)) ctx.fail(`${ctx.name} expects a whole number for ${what} but got ${n}`);
  return n;
}

/** A required whole number: null (an empty argument or absent attribute) is an error. */
export function requiredInt(value: PlainValue, ctx: CallContext, what: string): number {
  const n = int(value, ctx, what);
  return n ?? ctx.fail(`${ctx.name} expects a number for ${what} but got no value`);
}

/**
 * VBA's CBool: True/False in any case, and numbers (or numeric strings) as non-zero. "" is False.
 * Anything else is a type mismatch, as in VBA, rather than a silent False.
 */
export function bool(value: PlainValue, ctx: CallContext): boolean | null {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  const s = text(value, ctx);
  if (s === null) return null;
  const lower = s.trim().toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false' || lower === '') return false;
  if (NUMERIC.test(s)) return Number(s) !== 0;
  return ctx.fail(`${ctx.name} expects True or False but got "${s}"`);
}
