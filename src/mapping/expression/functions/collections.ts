/** Multi-valued attributes: a single value counts as a list of one, null as an empty list. */
import { checkLength } from '../limits';
import { list, requiredInt, text } from './coerce';
import { type FunctionDef, fn } from './types';

/** Count, Item, Join, RemoveDuplicates, SingleAppRoleAssignment, Split. */
export const COLLECTION_FUNCTIONS: readonly FunctionDef[] = [
  fn('Count', 1, 1, ([value = null], ctx) => list(value, ctx).length),
  fn('Item', 2, 2, ([value = null, index = null], ctx) => {
    const i = requiredInt(index, ctx, 'index');
    if (value === null) return null;
    // Microsoft: "Index 0 shouldn't be used"; out of range is no value rather than an error.
    return list(value, ctx)[i - 1] ?? null;
  }),
  fn('Join', 2, Number.POSITIVE_INFINITY, ([separator = null, ...sources], ctx) => {
    const sep = text(separator, ctx) ?? '';
    const parts: string[] = [];
    let length = 0;
    // Null and "" are skipped: Microsoft's Join(", ", "", [surname], [givenName]) gives "Doe, John".
    for (const source of sources) {
      for (const item of list(source, ctx)) {
        if (item === '') continue;
        // A long separator between many items multiplies: check before the join builds it.
        length += item.length + (parts.length > 0 ? sep.length : 0);
        checkLength(ctx.name, length, ctx.fail);
        parts.push(item);
      }
    }
    return parts.join(sep);
  }),
  fn('RemoveDuplicates', 1, 1, ([value = null], ctx) => (value === null ? null : [...new Set(list(value, ctx))])),
  fn('SingleAppRoleAssignment', 1, 1, ([value = null], ctx) => {
    const roles = list(value, ctx);
    // Entra cannot say which role it would pick, so more than one is an error rather than a guess.
    if (roles.length > 1) ctx.fail(`${ctx.name} expects at most one app role assignment but got ${roles.length}`);
    return roles[0] ?? null;
  }),
  fn('Split', 2, 2, ([source = null, delimiter = null], ctx) => {
    const s = text(source, ctx);
    const d = text(delimiter, ctx) ?? '';
    if (s === null) return null;
    return d === '' ? [s] : s.split(d);
  }),
];
