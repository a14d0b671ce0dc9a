/**
 * The one error type of the SCIM client. It carries what a provisioning-log row needs (entra.md §1:
 * errorCode, errorCategory, reason, recommendedAction) plus what a retry policy needs (retryable,
 * retryAfterMs). Classification comes from `error-table.ts`; this file only extracts facts from a response.
 */
import { AppError } from '../kernel/errors';
import {
  type ErrorCategory,
  type ErrorRule,
  NETWORK_RULES,
  type NetworkFailure,
  networkFailureForCode,
  PROTOCOL_RULES,
  type ProtocolFailure,
  renderTemplate,
  ruleForStatus,
  type ScimOperation,
} from './error-table';
import { excerptChars, redact } from './redact';
import type { HeaderLookup } from './transport';

/** `http` for an HTTP error status; otherwise the network or protocol failure kind. */
export type ScimFailure = 'http' | NetworkFailure | ProtocolFailure;

/** Where the failure happened: for log context and messages, never holds the token. */
export interface ScimErrorContext {
  operation: ScimOperation;
  method: string;
  /** Relative to the base URL, with query. */
  path: string;
  host: string;
}

/** Everything a ScimError is built from. */
export interface ScimErrorInit extends ScimErrorContext {
  failure: ScimFailure;
  rule: ErrorRule;
  reason: string;
  status: number | null;
  scimType: string | null;
  detail: string | null;
  retryAfterMs: number | null;
  bodyExcerpt: string | null;
  contentType: string | null;
  /** Low-level cause in words for network and protocol failures ("got text/html", "certificate has expired"). */
  problem: string | null;
}

const BODY_EXCERPT_CHARS = 500;

/** A failed SCIM exchange, classified for the log and for retry decisions. The message never holds the token. */
export class ScimError extends AppError {
  readonly failure: ScimFailure;
  readonly status: number | null;
  readonly scimType: string | null;
  readonly detail: string | null;
  readonly entraCode: string;
  readonly category: ErrorCategory;
  readonly recommendedAction: string;
  readonly retryAfterMs: number | null;
  readonly bodyExcerpt: string | null;
  readonly contentType: string | null;
  readonly problem: string | null;

  constructor(init: ScimErrorInit, cause?: unknown) {
    const message = init.detail ? `${init.reason} The target said: "${init.detail}"` : init.reason;
    const code = init.failure === 'http' ? `scim_http_${init.status ?? 0}` : `scim_${snake(init.failure)}`;
    const { operation, method, path } = init;
    super(code, message, {
      retryable: init.rule.retryable,
      cause,
      context: { operation, method, path, status: init.status, entraCode: init.rule.entraCode },
    });
    this.failure = init.failure;
    this.status = init.status;
    this.scimType = init.scimType;
    this.detail = init.detail;
    this.entraCode = init.rule.entraCode;
    this.category = init.rule.category;
    this.recommendedAction = init.rule.recommendedAction;
    this.retryAfterMs = init.retryAfterMs;
    this.bodyExcerpt = init.bodyExcerpt;
    this.contentType = init.contentType;
    this.problem = init.problem;
  }

  /** The log row's `reason`: the rendered reason plus the target's own detail. */
  get reason(): string {
    return this.message;
  }
}

function snake(s: string): string {
  return s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** What `scimErrorFromResponse` needs to know about an HTTP answer. */
export interface ErrorResponse {
  status: number;
  headers: HeaderLookup;
  text: string;
}

/**
 * Classify a non-2xx answer. RFC 7644 §3.12 bodies carry `scimType` and `detail`; many targets send HTML
 * or plain text instead, which is kept (redacted, 500 chars) as the excerpt. `now` resolves an HTTP-date
 * Retry-After; `secrets` are redacted from every text taken from the body.
 */
export function scimErrorFromResponse(
  res: ErrorResponse,
  ctx: ScimErrorContext & { now: number; secrets: readonly string[] },
): ScimError {
  const parsed = parseErrorBody(res.text);
  const clean = (s: string | null) => (s === null ? null : excerptChars(redact(s, ctx.secrets), BODY_EXCERPT_CHARS));
  const scimType = clean(parsed.scimType);
  const rule = ruleForStatus(res.status, scimType, ctx.operation);
  const location = redact(res.headers.get('location') ?? '', ctx.secrets);
  const vars = { status: res.status, location, host: ctx.host };
  return new ScimError({
    ...ctx,
    failure: 'http',
    rule,
    reason: renderTemplate(rule.reason, vars),
    status: res.status,
    scimType,
    detail: clean(parsed.detail),
    retryAfterMs: parseRetryAfter(res.headers.get('retry-after'), ctx.now),
    bodyExcerpt: res.text === '' ? null : clean(res.text),
    contentType: res.headers.get('content-type'),
    problem: res.status >= 300 && res.status < 400 && location !== '' ? `redirects to ${location}` : null,
  });
}

function parseErrorBody(body: string): { detail: string | null; scimType: string | null } {
  try {
    const json: unknown = JSON.parse(body);
    if (typeof json !== 'object' || json === null) return { detail: null, scimType: null };
    const { detail, scimType } = json as Record<string, unknown>;
    return {
      detail: typeof detail === 'string' && detail.trim() !== '' ? detail.trim() : null,
      scimType: typeof scimType === 'string' && scimType !== '' ? scimType : null,
    };
  } catch {
    return { detail: null, scimType: null };
  }
}

/**
 * Milliseconds to wait per a Retry-After header (RFC 9110 §10.2.3): either delay-seconds or an HTTP-date,
 * the latter relative to `now`. A date in the past gives 0; anything unparseable gives null.
 */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (value === null) return null;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  // IMF-fixdate always names a weekday and GMT; requiring a letter keeps bare numbers like "1.5" out of Date.parse.
  if (!/[A-Za-z]/.test(v)) return null;
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/**
 * Classify a thrown fetch failure. Node's fetch rejects with `TypeError('fetch failed')` whose `cause` (or
 * an AggregateError's `errors`, when several addresses were tried) holds the system error code; the
 * timeout signal rejects with a `TimeoutError` DOMException.
 */
export function scimErrorFromNetwork(
  err: unknown,
  ctx: ScimErrorContext & { timeoutMs: number; secrets: readonly string[] },
): ScimError {
  const { kind, problem: raw } = classifyNetworkError(err);
  const rule = NETWORK_RULES[kind];
  const problem = raw === null ? null : redact(raw, ctx.secrets);
  const vars = { host: ctx.host, hostname: hostnameOf(ctx.host), seconds: ctx.timeoutMs / 1000, problem };
  return new ScimError(
    { ...ctx, ...NO_RESPONSE, failure: kind, rule, reason: renderTemplate(rule.reason, vars), problem },
    mentionsSecret(err, ctx.secrets) ? undefined : err,
  );
}

const NO_RESPONSE = {
  status: null,
  scimType: null,
  detail: null,
  retryAfterMs: null,
  bodyExcerpt: null,
  contentType: null,
  problem: null,
} as const;

/** `host` without its port (IPv6 literals keep their brackets). */
function hostnameOf(host: string): string {
  return host.replace(/:\d+$/, '');
}

/** The first network code found breadth-first in the error, its causes and aggregated errors. */
export function classifyNetworkError(err: unknown): { kind: NetworkFailure; problem: string | null } {
  const queue: unknown[] = [err];
  const seen = new Set<unknown>();
  let firstMessage: string | null = null;
  while (queue.length > 0) {
    const e = queue.shift();
    if (typeof e !== 'object' || e === null || seen.has(e)) continue;
    seen.add(e);
    const { name, code, message, cause, errors } = e as Record<string, unknown>;
    if (name === 'TimeoutError' || name === 'AbortError') return { kind: 'timeout', problem: null };
    const text = typeof message === 'string' && message !== '' ? message : null;
    const kind = typeof code === 'string' ? networkFailureForCode(code) : null;
    if (kind) return { kind, problem: text ?? String(code) };
    firstMessage ??= text;
    queue.push(cause, ...(Array.isArray(errors) ? errors : []));
  }
  // Unknown shapes (an injected fetch, a proxy agent) are treated as "could not connect", the safe reading.
  return { kind: 'connect', problem: firstMessage };
}

function mentionsSecret(err: unknown, secrets: readonly string[]): boolean {
  const seen = new Set<unknown>();
  let e: unknown = err;
  while (typeof e === 'object' && e !== null && !seen.has(e)) {
    seen.add(e);
    const text = String((e as { message?: unknown }).message ?? '');
    if (secrets.some((s) => s !== '' && text.includes(s))) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** A usable-looking answer that is not (RFC 7644 §3.4.2, §3.1), or a request that could not be sent. */
export function scimProtocolError(
  failure: ProtocolFailure,
  ctx: ScimErrorContext & { status?: number | null; bodyExcerpt?: string | null; contentType?: string | null },
  vars: Readonly<{ problem?: string; limit?: number; count?: number }> = {},
): ScimError {
  const rule = PROTOCOL_RULES[failure];
  return new ScimError({
    ...ctx,
    ...NO_RESPONSE,
    status: ctx.status ?? null,
    bodyExcerpt: ctx.bodyExcerpt ?? null,
    contentType: ctx.contentType ?? null,
    problem: vars.problem ?? null,
    failure,
    rule,
    reason: renderTemplate(rule.reason, { host: ctx.host, ...vars }),
  });
}
