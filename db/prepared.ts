/**
 * Queries prepared once per database handle and reused. Building a drizzle query and having SQLite prepare it
 * cost more CPU than running it for the per-object reads of a cycle (issue 16 item 1: about an eighth of a
 * cycle's CPU went to `Statement` and drizzle's query builder). A prepared query takes its varying values as
 * `sql.placeholder(...)` parameters, so one statement serves every call.
 */

// Keyed by the handle the query was built on: a statement belongs to that handle's connection and goes with it.
const cache = new WeakMap<object, Map<string, unknown>>();

/** The query `build` returns for this handle and key, built on first use. `key` names the query, once per module. */
export function preparedOn<T>(handle: object, key: string, build: () => T): T {
  let byKey = cache.get(handle);
  if (!byKey) {
    byKey = new Map();
    cache.set(handle, byKey);
  }
  const hit = byKey.get(key);
  if (hit !== undefined) return hit as T;
  const fresh = build();
  byKey.set(key, fresh);
  return fresh;
}
