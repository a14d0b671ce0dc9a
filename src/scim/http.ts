/**
 * The transport: one SCIM request, start to finish. Builds the URL and headers (RFC 7644 §3.1 media type,
 * RFC 6750 bearer token), bounds it (concurrency slot, timeout covering headers *and* body, body size cap),
 * turns every failure into a classified ScimError and reports the exchange for the log's Requests tab.
 * No retries here: errors expose `retryable` and `retryAfterMs` for the caller's policy.
 */
import type { Clock } from '../clock';
import type { ScimOperation } from './error-table';
import { toQueryString } from './filter';
import { excerptBytes, redact } from './redact';
import type { RawResponse, ResponseContext } from './response-shape';
import { ScimError, scimErrorFromNetwork, scimErrorFromResponse, scimProtocolError } from './scim-error';
import type { Semaphore } from './semaphore';
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
}

/** Everything a request needs; built once per client by `createScimClient`. */
export interface HttpConfig {
  /** Normalised: http(s), no credentials, pathname ending in "/", no query (see `baseQuery`). */
  baseUrl: URL;
  baseQuery: ReadonlyArray<readonly [string, string]>;
  /** Set when the Tenant URL is unusable: every request then fails with this, as a ScimError. */
  baseUrlProblem: string | null;
  token: string;
  fetch: typeof fetch;
  timeoutMs: number;
  maxBodyBytes: number;
  userAgent: string;
  clock: Clock;
  semaphore: Semaphore;
  onExchange?: (x: ScimExchange) => void;
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

/** Send a request; 2xx answers go to `interpret`, everything else throws a ScimError. */
export async function scimRequest<T>(
  cfg: HttpConfig,
  req: ScimRequest,
  interpret: (res: RawResponse, ctx: ResponseContext) => T,
): Promise<T> {
  return cfg.semaphore.run(async () => {
    const query = [...cfg.baseQuery, ...(req.query ?? [])];
    const relative = query.length === 0 ? req.path : `${req.path}?${toQueryString(query)}`;
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
      const res = await fetchRaw(cfg, new URL(relative, cfg.baseUrl), req.method, requestBody, ctx, (s) => {
        seen.status = s;
      });
      seen.text = res.text;
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
      };
      if (failure) exchange.error = failure.code;
      try {
        cfg.onExchange?.(exchange);
      } catch {
        // An observer that throws must not turn a finished request into a failure.
      }
    }
  });
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
  const signal = AbortSignal.timeout(cfg.timeoutMs);
  const networkError = (err: unknown) => scimErrorFromNetwork(err, { ...ctx, timeoutMs: cfg.timeoutMs });
  let res: Response;
  try {
    // Redirects are not followed: the Authorization header must never be replayed to another address.
    res = await cfg.fetch(url, { method, headers, body, signal, redirect: 'manual' });
  } catch (err) {
    throw networkError(err);
  }
  onStatus(res.status);
  const text = await readCapped(res, cfg.maxBodyBytes, ctx, networkError);
  return { status: res.status, headers: res.headers, text };
}

/** Read the body as UTF-8, giving up (and closing the stream) once it exceeds `max` bytes. */
async function readCapped(
  res: Response,
  max: number,
  ctx: ResponseContext,
  networkError: (err: unknown) => ScimError,
): Promise<string> {
  const tooLarge = (partial: Uint8Array[]) =>
    scimProtocolError(
      'bodyTooLarge',
      {
        ...ctx,
        status: res.status,
        contentType: res.headers.get('content-type'),
        bodyExcerpt: excerptOf(partial, ctx),
      },
      { limit: max },
    );
  const declared = Number(res.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > max) {
    void res.body?.cancel().catch(() => undefined);
    throw tooLarge([]);
  }
  if (res.body === null) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      chunks.push(value);
      if (size > max) {
        void reader.cancel().catch(() => undefined);
        throw tooLarge(chunks);
      }
    }
  } catch (err) {
    throw err instanceof ScimError ? err : networkError(err);
  }
  return new TextDecoder().decode(concat(chunks, size));
}

function excerptOf(chunks: Uint8Array[], ctx: ResponseContext): string | null {
  if (chunks.length === 0) return null;
  const head = new TextDecoder().decode(
    concat(
      chunks,
      Math.min(
        2048,
        chunks.reduce((n, c) => n + c.byteLength, 0),
      ),
    ),
  );
  return redact(head, ctx.secrets).slice(0, 500);
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    if (offset >= size) break;
    const part = c.subarray(0, size - offset);
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}
