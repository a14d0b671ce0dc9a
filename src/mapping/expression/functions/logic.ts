/**
 * Conditions, null tests and the two sentinel producers. IIF, Switch and Coalesce are lazy: only the branch
 * they return is evaluated, so Switch(..., "x", Guid()) does not draw a GUID for every row.
 */
import {
  IGNORE_FLOW,
  type IgnoreFlow,
  isEmptyValue,
  isIgnoreFlow,
  type PlainValue,
  redact,
  unwrapRedacted,
  type Value,
} from '../values';
import { bool, text } from './coerce';
import { type FunctionDef, fn, type Thunk } from './types';

function force(thunk: Thunk | undefined): PlainValue | IgnoreFlow {
  return thunk ? unwrapRedacted(thunk()) : null;
}

function isNull(value: PlainValue): boolean {
  return value === null || (Array.isArray(value) && value.length === 0);
}

/**
 * CBool, Coalesce, IgnoreFlowIfNullOrEmpty, IIF, IsNull, IsNullOrEmpty, IsPresent, IsString, Not, Redact,
 * SelectUniqueValue, Switch.
 */
export const LOGIC_FUNCTIONS: readonly FunctionDef[] = [
  fn('CBool', 1, 1, ([value = null], ctx) => bool(value, ctx)),
  {
    name: 'Coalesce',
    minArgs: 1,
    maxArgs: Number.POSITIVE_INFINITY,
    lazy: true,
    call(args): Value {
      // "" counts as a value here: Entra returns the first argument that is not NULL.
      for (const thunk of args) {
        const value = thunk();
        const plain = unwrapRedacted(value);
        if (isIgnoreFlow(plain) || !isNull(plain)) return value;
      }
      return null;
    },
  },
  fn('IgnoreFlowIfNullOrEmpty', 1, 1, ([value = null]) => (isEmptyValue(value) ? IGNORE_FLOW : value)),
  {
    name: 'IIF',
    minArgs: 3,
    maxArgs: 3,
    lazy: true,
    call([condition, ifTrue, ifFalse], ctx): Value {
      const c = force(condition);
      if (isIgnoreFlow(c)) return c;
      // A null condition (a comparison with an absent attribute) takes the false branch, as VBA's Null does.
      const chosen = bool(c, ctx) ? ifTrue : ifFalse;
      return chosen ? chosen() : null;
    },
  },
  fn('IsNull', 1, 1, ([value = null]) => isNull(value)),
  fn('IsNullOrEmpty', 1, 1, ([value = null]) => isEmptyValue(value)),
  fn('IsPresent', 1, 1, ([value = null]) => !isEmptyValue(value)),
  fn('IsString', 1, 1, ([value = null]) => typeof value === 'string'),
  // Microsoft: "If source value is True, returns False. Otherwise, returns True." So Not(null) is True.
  fn('Not', 1, 1, ([value = null]) => {
    const isTrue =
      value === true ||
      (typeof value === 'number' && value !== 0) ||
      (typeof value === 'string' && value.trim().toLowerCase() === 'true');
    return !isTrue;
  }),
  fn('Redact', 1, 1, ([value = null]) => redact(value)),
  {
    name: 'SelectUniqueValue',
    minArgs: 2,
    maxArgs: Number.POSITIVE_INFINITY,
    lazy: true,
    call(args): Value {
      // Choosing needs the target, which the engine queries per candidate (evaluateCandidates); evaluated as
      // a plain value (a dry run, an update diff) the first rule that gives a value stands for the choice.
      for (const thunk of args) {
        const value = thunk();
        const plain = unwrapRedacted(value);
        if (!isIgnoreFlow(plain) && !isEmptyValue(plain)) return value;
      }
      return null;
    },
  },
  {
    name: 'Switch',
    minArgs: 4,
    maxArgs: Number.POSITIVE_INFINITY,
    pairsFrom: 2,
    lazy: true,
    call(args, ctx): Value {
      const source = force(args[0]);
      if (isIgnoreFlow(source)) return source;
      // Null and "" are the same key: Microsoft's workaround for empty sources is a "" key.
      const s = text(source, ctx) ?? '';
      for (let i = 2; i + 1 < args.length; i += 2) {
        const key = force(args[i]);
        if (isIgnoreFlow(key)) return key;
        if ((text(key, ctx) ?? '') === s) return args[i + 1]?.() ?? null;
      }
      return args[1]?.() ?? null;
    },
  },
];
