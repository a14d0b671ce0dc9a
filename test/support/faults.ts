/**
 * Fault injection and request recording for the loopback SCIM server. Tests assert on what went over the
 * wire (`requests`) and make the target misbehave on cue (`faults`): throttling with Retry-After, outages,
 * slow answers, dropped connections, non-SCIM bodies.
 */
import type { HttpBindings } from '@hono/node-server';
import type { Context, MiddlewareHandler } from 'hono';

/** One injected misbehaviour, answered instead of the sandbox for the next `times` matching requests. */
export interface FaultSpec {
  /** Only this method (case-insensitive); any when omitted. */
  method?: string;
  /** Path relative to /scim/v2 (`/Users`, `/Users/<id>`): a string matches exactly, a RegExp by `test`. */
  path?: RegExp | string;
  /** Status to answer. A 2xx without `body` only delays (`latencyMs`) and lets the sandbox answer. */
  status: number;
  /** How many matching requests it applies to; default 1, `Infinity` allowed. */
  times?: number;
  /** Retry-After value (seconds or HTTP-date); 429 and 503 send '1' unless given, `null` sends none. */
  retryAfter?: string | null;
  /** Response body: strings go out as-is (text/html unless `contentType`), anything else as JSON. */
  body?: unknown;
  contentType?: string;
  /** Extra delay before this fault answers. */
  latencyMs?: number;
  /** Destroy the socket instead of answering: the client sees a network error. */
  dropConnection?: boolean;
  /** Apply to each matching request with this probability (seeded, so a run repeats); every one when omitted. */
  chance?: number;
}

/** One request as the server received it. */
export interface RecordedRequest {
  method: string;
  /** Relative to /scim/v2, without the query: `/Users`, `/Users/<id>`. */
  path: string;
  /** Decoded query parameters: `query.filter` is `userName eq "alice"`. */
  query: Record<string, string>;
  /** Parsed JSON body, or null when empty or not JSON (see `rawBody`). */
  body: unknown;
  rawBody: string;
  /** Whether an Authorization header came, and whether it carried the current bearer token. */
  auth: { present: boolean; ok: boolean };
  /** Date.now() on arrival. */
  at: number;
  /** Status of the injected fault that answered it, or null when the sandbox did. */
  fault: number | null;
}

/** The fault controls a test gets. */
export interface Faults {
  add(spec: FaultSpec): void;
  /** Delay every request by `ms` (0 turns it off). */
  setLatency(ms: number): void;
  /** Forget every pending fault and the latency. */
  clear(): void;
  /** Faults that still have uses left. */
  pending(): number;
}

type Armed = FaultSpec & { left: number };

/** Fault state plus the middleware that applies it and records every request into `requests`. */
export function faultInjection(opts: {
  mount: string;
  token: () => string;
  requests: RecordedRequest[];
  latencyMs?: number;
}) {
  const armed: Armed[] = [];
  let latencyMs = opts.latencyMs ?? 0;
  const faults: Faults = {
    add: (spec) => {
      armed.push({ ...spec, left: spec.times ?? 1 });
    },
    setLatency: (ms) => {
      latencyMs = ms;
    },
    clear: () => {
      armed.length = 0;
      latencyMs = 0;
    },
    pending: () => armed.length,
  };
  const random = seeded(0x5eed);
  const take = (method: string, path: string): FaultSpec | null => {
    const i = armed.findIndex(
      (f) =>
        (f.method === undefined || f.method.toUpperCase() === method) &&
        (f.path === undefined || (typeof f.path === 'string' ? f.path === path : f.path.test(path))) &&
        (f.chance === undefined || random() < f.chance),
    );
    const fault = armed[i];
    if (!fault) return null;
    fault.left -= 1;
    if (fault.left <= 0) armed.splice(i, 1);
    return fault;
  };

  const middleware: MiddlewareHandler<{ Bindings: HttpBindings }> = async (c, next) => {
    const path = c.req.path.slice(opts.mount.length) || '/';
    // A clone, so the sandbox can still read (and size-check) the original stream.
    const rawBody = c.req.raw.body ? await c.req.raw.clone().text() : '';
    const header = c.req.header('authorization');
    const fault = take(c.req.method, path);
    opts.requests.push({
      method: c.req.method,
      path,
      query: c.req.query(),
      body: parseJson(rawBody),
      rawBody,
      auth: { present: header !== undefined, ok: /^Bearer +(\S+) *$/i.exec(header ?? '')?.[1] === opts.token() },
      at: Date.now(),
      fault: fault && !isDelayOnly(fault) ? fault.status : null,
    });
    const delay = latencyMs + (fault?.latencyMs ?? 0);
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    if (!fault || isDelayOnly(fault)) return next();
    if (fault.dropConnection) {
      c.env.incoming.socket.destroy();
      return c.body(null, 500);
    }
    return faultResponse(c, fault);
  };
  return { faults, middleware };
}

/** mulberry32: a small seeded PRNG, so probabilistic faults hit the same requests on every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const isDelayOnly = (f: FaultSpec) => f.status >= 200 && f.status < 300 && f.body === undefined && !f.dropConnection;

function parseJson(text: string): unknown {
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function faultResponse(c: Context, f: FaultSpec): Response {
  const headers: Record<string, string> = {};
  const retryAfter = f.retryAfter === undefined ? (f.status === 429 || f.status === 503 ? '1' : null) : f.retryAfter;
  if (retryAfter !== null) headers['Retry-After'] = retryAfter;
  if (f.status === 401) headers['WWW-Authenticate'] = 'Bearer realm="sandbox", error="invalid_token"';
  const scimError = { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: String(f.status) };
  const body =
    f.body !== undefined ? f.body : f.status >= 400 ? { ...scimError, detail: `Injected fault (${f.status})` } : null;
  if (body === null || f.status === 204 || f.status === 304) return c.body(null, f.status as 204, headers);
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  headers['Content-Type'] =
    f.contentType ?? (typeof body === 'string' ? 'text/html; charset=utf-8' : 'application/scim+json');
  return c.body(text, f.status as 200, headers);
}
