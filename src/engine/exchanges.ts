/**
 * Collects the SCIM exchanges made while one object is processed, so its log row can show them (the
 * Requests tab). The client is shared by a cycle's workers; AsyncLocalStorage keeps each worker's
 * exchanges apart without threading a collector through every call.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { ScimExchange } from '../scim/client';

const current = new AsyncLocalStorage<ScimExchange[]>();

/** Pass to the SCIM client as `onExchange`. Outside a collecting scope it does nothing. */
export function recordExchange(x: ScimExchange): void {
  current.getStore()?.push(x);
}

/** Run `fn` collecting the exchanges it makes; they are handed to `fn` as the array it fills. */
export function collectExchanges<T>(fn: (exchanges: ScimExchange[]) => Promise<T>): Promise<T> {
  const exchanges: ScimExchange[] = [];
  return current.run(exchanges, () => fn(exchanges));
}

/**
 * The export step's details from the last write of the current object: request line and response status.
 * Not the body: Redact() values are sent in clear, and steps are shown and searched (the attributes sent
 * go in with their [Redact] marks from the modified properties instead). Empty when nothing was written.
 */
export function lastWriteDetails(): Record<string, string> {
  const x = [...(current.getStore() ?? [])].reverse().find((e) => e.method !== 'GET');
  if (!x) return {};
  return {
    Request: `${x.method} ${x.path}`,
    ResponseStatus: x.status === null ? (x.error ?? 'no response') : String(x.status),
  };
}
