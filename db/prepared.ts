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

interface Connection {
  prepare(source: string): unknown;
}

/**
 * The better-sqlite3 connection under a database or one of its drizzle transactions: raw statements prepared on
 * it (via `preparedOn(connection, …)`) run inside whatever transaction is open on that connection.
 */
export function connectionUnder<C extends Connection>(handle: object): C {
  const own = (handle as { $client?: C }).$client;
  // A drizzle transaction has no $client; its session holds the connection the transaction runs on.
  const client = own ?? (handle as { session?: { client?: C } }).session?.client;
  if (!client || typeof client.prepare !== 'function') throw new TypeError('not a better-sqlite3 database');
  return client;
}
