/**
 * The wire under `http.ts`: one HTTP exchange, as a small interface with two implementations. The default,
 * `undiciTransport`, sends through an undici pooled dispatcher (`transport-pool.ts`) with `Dispatcher.request`,
 * skipping the WHATWG fetch layers (Request/Response/Headers objects, web streams) that cost about a sixth of
 * an initial cycle's CPU. `fetchTransport` keeps `fetch` as an injection point for tests and the Hono sandbox.
 * Neither follows redirects: the Authorization header must never be replayed to another address.
 */
import type { Dispatcher } from 'undici';

/** A response header lookup: case-insensitive, repeated fields joined with ", " (as WHATWG Headers). */
export interface HeaderLookup {
  get(name: string): string | null;
}

export interface TransportRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: string | null;
  /** Bounds the whole exchange, body included: aborting it destroys the request and its socket. */
  signal: AbortSignal;
  /** The same bound as a number, for transports with their own idle timers. */
  timeoutMs: number;
}

export interface TransportResponse {
  status: number;
  headers: HeaderLookup;
  /** Chunks of the body as they arrive; null when there is none. */
  body: AsyncIterable<Uint8Array> | null;
  /** Stops reading and releases the connection (closed, since the body is not drained). */
  cancel(): void;
}

/** Sends one request; network failures reject with the underlying error, for `classifyNetworkError`. */
export type Transport = (req: TransportRequest) => Promise<TransportResponse>;

/** Over `fetch` (global, an undici fetch with a CA agent, or a test double). */
export function fetchTransport(fetchFn: typeof fetch): Transport {
  return async ({ method, url, headers, body, signal }) => {
    const res = await fetchFn(url, { method, headers, body, signal, redirect: 'manual' });
    const stream = res.body;
    return {
      status: res.status,
      headers: res.headers,
      body: stream as AsyncIterable<Uint8Array> | null,
      cancel: () => void stream?.cancel().catch(() => undefined),
    };
  };
}

/**
 * Over an undici dispatcher (a pooled Agent). `timeoutMs` also becomes undici's headers and body (idle)
 * timeouts, a backstop to the signal, which alone bounds the exchange as a whole.
 */
export function undiciTransport(dispatcher: Dispatcher): Transport {
  return async ({ method, url, headers, body, signal, timeoutMs }) => {
    const res = await dispatcher.request({
      origin: url.origin,
      path: `${url.pathname}${url.search}`,
      method: method as Dispatcher.HttpMethod,
      headers,
      body,
      signal,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    const stream = res.body;
    // Destroying an unread body (cancel, or the timeout's abort between reads) emits 'error' (an AbortError);
    // with no listener that is an uncaught exception, which would end the process. Readers still get errors:
    // the async iterator rejects with them whatever other listeners there are.
    stream.on('error', ignoreError);
    return {
      status: res.statusCode,
      headers: nodeHeaders(res.headers),
      body: stream,
      cancel: () => void stream.destroy(),
    };
  };
}

function ignoreError(): void {}

/** undici's headers arrive as a plain object with lower-case names. */
function nodeHeaders(raw: Record<string, string | string[] | undefined>): HeaderLookup {
  return {
    get(name) {
      const v = raw[name.toLowerCase()];
      if (v === undefined) return null;
      return typeof v === 'string' ? v : v.join(', ');
    },
  };
}
