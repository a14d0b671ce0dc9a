/**
 * The transport: one SCIM request, start to finish. Builds the URL and headers (RFC 7644 §3.1 media type,
 * RFC 6750 bearer token), bounds it (concurrency slot, timeout covering headers *and* body, body size cap),
 * turns every failure into a classified ScimError and reports the exchange for the log's Requests tab.
 * One attempt only: retries, pacing and statistics wrap it in `request.ts`.
 */
import type { Clock } from '../kernel/clock';
import type { ScimOperation } from './error-table';
import { toQueryString } from './filter';
import type { Pacer, Sleep } from './pacer';
import type { AppPacing } from './pacing';
import { readCapped } from './read-body';
import { excerptBytes, redact } from './redact';
import type { RawResponse, ResponseContext } from './response-shape';
import { isThrottleStatus, type RetryPolicy } from './retry-policy';
import { ScimError, scimErrorFromNetwork, scimErrorFromResponse, scimProtocolError } from './scim-error';
import type { Semaphore } from './semaphore';
import type { Transport, TransportResponse } from './transport';
import { SCIM_MEDIA_TYPE } from './urns';

/** One request/response as shown in the Requests tab. Headers are not recorded, so the token never is. */
export interface ScimExchange {
  method: string;
  /** Relative to the base URL, with the encoded query: `/Users?filter=userName%20eq%20%22a%22`. */
  path: string;
  status: number | null;
  durationMs: number;
  /** JSON sent, at most 4 KiB, secrets redacted. */
  requestBody: string | null;
  /** First 4 KiB of the answer, secrets redacted. */
  responseBody: string | null;
  /** ScimError code when the exchange failed (`scim_http_401`, `scim_timeout`, `scim_not_scim`, ...). */
  error?: string;
  /** 1 for the first try of a call, 2 for its first retry, ... */
  attempt: number;
  /** Time this attempt waited before it was sent: backoff, Retry-After and rate limit. */
  waitedMs: number;
}

/** Counters of one client, for the cycle it serves. */
export interface ScimClientStats {
  /** Attempts sent to the target, retries included. */
  requests: number;
  /** Attempts after the first of a call. */
  retries: number;
  /** Answers 429 or 503. */
  throttled: number;
  /** Time waited on Retry-After, backoff and rate limit, summed over all calls (concurrent waits add up). */
  waitedMs: number;
}

/** Everything a request needs; built once per client by `createScimClient`. */
export interface HttpConfig {
  /** Normalised: http(s), no credentials, pathname ending in "/", no query (see `baseQuery`). */
  baseUrl: URL;
  baseQuery: ReadonlyArray<readonly [string, string]>;
  /** Set when the Tenant URL is unusable: every request then fails with this, as a ScimError. */
  baseUrlProblem: string | null;
  token: string;
  /** The wire: the app's pooled undici transport, or `fetchTransport` over an injected fetch. */
  transport: Transport;
  timeoutMs: number;
  maxBodyBytes: number;
  userAgent: string;
  clock: Clock;
  semaphore: Semaphore;
  onExchange?: (x: ScimExchange) => void;
  retry: RetryPolicy;
  pacer: Pacer;
  /** Adaptive pacing, told of every attempt's outcome; absent when concurrency and rate are fixed. */
  pacing?: AppPacing | undefined;
  sleep: Sleep;
  random: () => number;
  /** Cancels waits (not requests in flight, which the timeout bounds). */
  signal?: AbortSignal;
  /** Mutated by `scimRequest`; read through `client.stats()`. */
  stats: ScimClientStats;
}

/** One SCIM request; `path` is relative to the base URL (`Users`, `Users/<encoded id>`). */
export interface ScimRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: ReadonlyArray<readonly [string, string]>;
  body?: unknown;
  operation: ScimOperation;
}

const EXCHANGE_BYTES = 4096;
// RFC 9110 §5.5 field values: visible ASCII only; a pasted token with a line break or space cannot be sent,
// and Node's Headers would quote the whole value (the token) in its error message.
const SENDABLE_TOKEN = /^[\x21-\x7e]+$/;

/** The request's path and encoded query relative to the base URL, without the leading slash. */
export function relativePath(cfg: HttpConfig, req: ScimRequest): string {
  const query = [...cfg.baseQuery, ...(req.query ?? [])];
  return query.length === 0 ? req.path : `${req.path}?${toQueryString(query)}`;
}

/**
 * One attempt, sent now (the caller holds the concurrency slot); 2xx answers go to `interpret`, everything
 * else throws a ScimError. `attempt` and `waitedMs` are only reported with the exchange.
 */
export async function sendOnce<T>(
  cfg: HttpConfig,
  req: ScimRequest,
  interpret: (res: RawResponse, ctx: ResponseContext) => T,
  meta: { attempt: number; waitedMs: number },
): Promise<T> {
  const relative = relativePath(cfg, req);
  const secrets = [cfg.token];
  const ctx: ResponseContext = {
    operation: req.operation,
    method: req.method,
    path: `/${relative}`,
    host: cfg.baseUrl.host,
    secrets,
  };
  const requestBody = req.body === undefined ? null : JSON.stringify(req.body);
  const started = cfg.clock.now();
  // Filled in as the exchange progresses, read by the `finally` that reports it.
  const seen: { status: number | null; text: string | null; failure: ScimError | null } = {
    status: null,
    text: null,
    failure: null,
  };
  try {
    if (cfg.baseUrlProblem !== null) throw scimProtocolError('invalidBaseUrl', ctx, { problem: cfg.baseUrlProblem });
    const tokenProblem = checkToken(cfg.token);
    if (tokenProblem !== null) throw scimProtocolError('invalidToken', ctx, { problem: tokenProblem });
    cfg.stats.requests += 1;
    const res = await fetchRaw(cfg, new URL(relative, cfg.baseUrl), req.method, requestBody, ctx, (s) => {
      seen.status = s;
    });
    seen.text = res.text;
    if (isThrottleStatus(res.status)) cfg.stats.throttled += 1;
    if (res.status < 200 || res.status > 299) {
      throw scimErrorFromResponse(res, { ...ctx, now: cfg.clock.now(), secrets });
    }
    return interpret(res, ctx);
  } catch (err) {
    if (err instanceof ScimError) seen.failure = err;
    throw err;
  } finally {
    const { status, failure } = seen;
    const responseText = seen.text ?? failure?.bodyExcerpt ?? null;
    const exchange: ScimExchange = {
      method: req.method,
      path: ctx.path,
      status,
      durationMs: Math.max(0, cfg.clock.now() - started),
      requestBody: requestBody === null ? null : excerptBytes(redact(requestBody, secrets), EXCHANGE_BYTES),
      responseBody: responseText === null ? null : excerptBytes(redact(responseText, secrets), EXCHANGE_BYTES),
      attempt: meta.attempt,
      waitedMs: meta.waitedMs,
    };
    if (failure) exchange.error = failure.code;
    try {
      cfg.onExchange?.(exchange);
    } catch {
      // An observer that throws must not turn a finished request into a failure.
    }
  }
}

function checkToken(token: string): string | null {
  if (token.trim() === '') return 'it is empty';
  return SENDABLE_TOKEN.test(token)
    ? null
    : 'it contains spaces, line breaks or characters not allowed in an HTTP header';
}

async function fetchRaw(
  cfg: HttpConfig,
  url: URL,
  method: string,
  body: string | null,
  ctx: ResponseContext,
  onStatus: (status: number) => void,
): Promise<RawResponse> {
  const headers: Record<string, string> = {
    Authorization: `Bearer ${cfg.token}`,
    Accept: SCIM_MEDIA_TYPE,
    'User-Agent': cfg.userAgent,
  };
  if (body !== null) headers['Content-Type'] = SCIM_MEDIA_TYPE;
  // One signal bounds the whole exchange: a server that sends headers and then stalls the body times out too.
  // A timer cleared at the end, not AbortSignal.timeout: that one's timer outlives the request and builds a
  // DOMException (with a stack) for every finished request when it fires, ~1 % of a cycle's CPU.
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')),
    cfg.timeoutMs,
  );
  const networkError = (err: unknown) => scimErrorFromNetwork(err, { ...ctx, timeoutMs: cfg.timeoutMs });
  try {
    let res: TransportResponse;
    try {
      // Redirects are not followed (neither transport does): the Authorization header must never be replayed.
      res = await cfg.transport({ method, url, headers, body, signal: controller.signal, timeoutMs: cfg.timeoutMs });
    } catch (err) {
      throw networkError(err);
    }
    onStatus(res.status);
    const text = await readCapped(res, cfg.maxBodyBytes, ctx, networkError);
    return { status: res.status, headers: res.headers, text };
  } finally {
    clearTimeout(timer);
  }
}
