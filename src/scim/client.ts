/**
 * The SCIM 2.0 client Provisio provisions targets with, shaped after the requests Entra sends (entra.md §5).
 * HTTP only: no database, no environment. `fetch`, the clock, sleep and randomness are injected so tests
 * can drive it; each client owns its concurrency limit, Retry-After gate, rate limit and statistics, so one
 * slow or throttling target cannot starve another.
 */
import { type Clock, systemClock } from '../kernel/clock';
import { AppError } from '../kernel/errors';
import type { HttpConfig, ScimClientStats, ScimExchange } from './http';
import type { ListOptions } from './list';
import { abortableSleep, createPacer, type Sleep } from './pacer';
import type { AppPacing } from './pacing';
import type { PatchOperation } from './patch-diff';
import { scimRequest } from './request';
import type { ScimResource } from './resource-builder';
import { type ReadOptions, resourceApi } from './resources';
import { parseJsonBody, type ReturnedResource } from './response-shape';
import { type RetryOptions, resolveRetryPolicy } from './retry-policy';
import { createSemaphore } from './semaphore';
import { type TestConnectionResult, testConnection } from './test-connection';
import { fetchTransport, type Transport } from './transport';

// The types a caller of the client needs, from one import.
export type { ScimClientStats, ScimExchange } from './http';
export type { ListOptions } from './list';
export type { Sleep } from './pacer';
export type { ReadOptions } from './resources';
export type { ReturnedResource } from './response-shape';
export type { RetryOptions } from './retry-policy';
export type { TestConnectionCode, TestConnectionResult } from './test-connection';

/**
 * How to reach one target. Defaults: 30 s timeout, 4 requests in flight, 5 MiB answers, no rate limit, and
 * the retry defaults of `RETRY_DEFAULTS` (4 attempts, 500 ms base / 30 s max backoff, Retry-After ≤ 5 min).
 */
export interface ScimClientOptions {
  /** The Tenant URL: the SCIM base, e.g. https://admin.mindtickle.com/scim (trailing slash optional). */
  baseUrl: string;
  /** The Secret Token, sent as `Authorization: Bearer` (RFC 6750 §2.1); never logged. */
  token: string;
  /** The wire; defaults to `fetch` (below). Wiring passes the app's pooled undici transport. */
  transport?: Transport;
  /** Used through `fetchTransport` when no `transport` is given; defaults to the global fetch. */
  fetch?: typeof fetch;
  timeoutMs?: number;
  maxConcurrency?: number;
  maxBodyBytes?: number;
  userAgent?: string;
  onExchange?: (x: ScimExchange) => void;
  clock?: Clock;
  /** Source of the GUID Test Connection filters on. */
  randomUuid?: () => string;
  /** Retry tuning; `{ maxAttempts: 1 }` turns retries off. */
  retry?: RetryOptions;
  /** Requests per second across all callers (token bucket, burst max(1, rate)); none when absent. */
  requestsPerSecond?: number;
  /** Waits for backoff, Retry-After and the rate limit; defaults to a timer. */
  sleep?: Sleep;
  /** Source of backoff jitter in [0, 1); defaults to Math.random. */
  random?: () => number;
  /** Aborting it cancels every pending wait: a stopping cycle does not sit out a Retry-After. */
  signal?: AbortSignal;
  /**
   * Adaptive pacing (the application's, from `PacingRegistry.session`): it sets how many requests are in
   * flight and the rate, and learns from every answer; `maxConcurrency` and `requestsPerSecond` are then
   * only ceilings, which the session already holds. Without it both are fixed, as given.
   */
  pacing?: AppPacing;
}

/** Users and Groups on one target. Every failure is a ScimError. */
export interface ScimClient {
  /** The normalised base URL (no query, trailing slash). */
  readonly baseUrl: string;
  listUsers(filter?: string, opts?: ListOptions): AsyncIterable<ReturnedResource>;
  findUsers(filter: string, opts?: ReadOptions): Promise<ReturnedResource[]>;
  /** null when nothing matches; MultipleEntriesInResponse when more than one does. */
  findOneUser(filter: string, opts?: ReadOptions): Promise<ReturnedResource | null>;
  getUser(id: string, opts?: ReadOptions): Promise<ReturnedResource>;
  createUser(resource: ScimResource): Promise<ReturnedResource>;
  /** The updated resource, or null when the target answers 204 or without the resource. */
  patchUser(id: string, ops: readonly PatchOperation[]): Promise<ReturnedResource | null>;
  replaceUser(id: string, resource: ScimResource): Promise<ReturnedResource>;
  deleteUser(id: string): Promise<void>;
  /** Group reads default to `excludedAttributes=members`, as Entra's (entra.md §5.4). */
  listGroups(filter?: string, opts?: ListOptions): AsyncIterable<ReturnedResource>;
  findGroups(filter: string, opts?: ReadOptions): Promise<ReturnedResource[]>;
  findOneGroup(filter: string, opts?: ReadOptions): Promise<ReturnedResource | null>;
  getGroup(id: string, opts?: ReadOptions): Promise<ReturnedResource>;
  createGroup(resource: ScimResource): Promise<ReturnedResource>;
  patchGroup(id: string, ops: readonly PatchOperation[]): Promise<ReturnedResource | null>;
  replaceGroup(id: string, resource: ScimResource): Promise<ReturnedResource>;
  deleteGroup(id: string): Promise<void>;
  /** One attempt, no retries: Test Connection reports the target's first answer. */
  testConnection(): Promise<TestConnectionResult>;
  /** `GET /Schemas` (RFC 7644 §4): the parsed JSON answer, for `schemaTypesFrom`. */
  schemas(): Promise<unknown>;
  /** Counters since the client was created (a copy). */
  stats(): ScimClientStats;
  /**
   * A view of this client that also hands each exchange to `onExchange` (after the client's own observer):
   * same target, concurrency limit, pacing, Retry-After gate and statistics. The engine takes one per object
   * so that object's log row gets exactly the exchanges it made, while workers share the client.
   */
  observe(onExchange: (x: ScimExchange) => void): ScimClient;
}

const DEFAULTS = {
  timeoutMs: 30_000,
  maxConcurrency: 4,
  maxBodyBytes: 5 * 1024 * 1024,
  userAgent: 'Provisio-SCIM/0.1',
};

// Stands in for an unusable Tenant URL; requests fail before reaching it (`.invalid` never resolves, RFC 2606).
const UNUSABLE = 'http://tenant-url.invalid/';

/**
 * A client for one target. An unusable Tenant URL or Secret Token does not throw here: every request then
 * fails with a ScimError saying so, and testConnection reports it. Throws AppError `scim_invalid_options`
 * only for a non-positive limit or a bad retry setting (a programming error).
 */
export function createScimClient(opts: ScimClientOptions): ScimClient {
  const base = normaliseBaseUrl(opts.baseUrl);
  const url = base.ok ? base.url : new URL(UNUSABLE);
  const clock = opts.clock ?? systemClock;
  const sleep = opts.sleep ?? abortableSleep;
  const rps = opts.requestsPerSecond === undefined ? undefined : positive('requestsPerSecond', opts.requestsPerSecond);
  const ceiling = positive('maxConcurrency', opts.maxConcurrency ?? DEFAULTS.maxConcurrency);
  const pacing = opts.pacing;
  const cfg: HttpConfig = {
    baseUrl: url,
    baseQuery: base.ok ? base.query : [],
    baseUrlProblem: base.ok ? null : base.problem,
    token: opts.token,
    transport: opts.transport ?? fetchTransport(opts.fetch ?? globalThis.fetch),
    timeoutMs: positive('timeoutMs', opts.timeoutMs ?? DEFAULTS.timeoutMs),
    maxBodyBytes: positive('maxBodyBytes', opts.maxBodyBytes ?? DEFAULTS.maxBodyBytes),
    userAgent: opts.userAgent ?? DEFAULTS.userAgent,
    clock,
    semaphore: pacing ? createSemaphore(() => Math.min(ceiling, pacing.limit())) : createSemaphore(ceiling),
    onExchange: opts.onExchange,
    retry: resolveRetryPolicy(opts.retry),
    pacer: createPacer({
      clock,
      sleep,
      signal: opts.signal,
      ...(pacing ? { rate: () => pacing.rate() } : { requestsPerSecond: rps }),
    }),
    pacing,
    sleep,
    random: opts.random ?? Math.random,
    signal: opts.signal,
    stats: { requests: 0, retries: 0, throttled: 0, waitedMs: 0 },
  };
  return clientOver(cfg, opts.randomUuid ?? (() => crypto.randomUUID()));
}

function clientOver(cfg: HttpConfig, randomUuid: () => string): ScimClient {
  const url = cfg.baseUrl;
  const users = resourceApi(cfg, 'Users');
  const groups = resourceApi(cfg, 'Groups', { excludedAttributes: ['members'] });
  return {
    baseUrl: url.href,
    listUsers: users.list,
    findUsers: users.find,
    findOneUser: users.findOne,
    getUser: users.get,
    createUser: users.create,
    patchUser: users.patch,
    replaceUser: users.replace,
    deleteUser: users.delete,
    listGroups: groups.list,
    findGroups: groups.find,
    findOneGroup: groups.findOne,
    getGroup: groups.get,
    createGroup: groups.create,
    patchGroup: groups.patch,
    replaceGroup: groups.replace,
    deleteGroup: groups.delete,
    testConnection: () => testConnection(cfg, randomUuid),
    // One attempt: a target without /Schemas answers 404, and the built-in schema is used instead.
    schemas: () =>
      scimRequest(
        { ...cfg, retry: { ...cfg.retry, maxAttempts: 1 } },
        { method: 'GET', path: 'Schemas', operation: 'get' },
        parseJsonBody,
      ),
    stats: () => ({ ...cfg.stats }),
    observe: (onExchange) => clientOver({ ...cfg, onExchange: alsoTo(cfg.onExchange, onExchange) }, randomUuid),
  };
}

/** Both observers, the first one's failure not keeping the exchange from the second. */
function alsoTo(first: HttpConfig['onExchange'], second: (x: ScimExchange) => void): (x: ScimExchange) => void {
  return (x) => {
    try {
      first?.(x);
    } finally {
      second(x);
    }
  };
}

/**
 * Parse the Tenant URL: http(s) only, no embedded credentials (fetch refuses them, and they would end up in
 * logs), trailing slashes collapsed to one so `Users` resolves below it. Its query string, if any, is kept
 * and sent with every request. Problems never echo the URL, which could hold a secret.
 */
export function normaliseBaseUrl(
  raw: string,
): { ok: true; url: URL; query: Array<[string, string]> } | { ok: false; problem: string } {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { ok: false, problem: 'The Tenant URL is not an absolute URL such as https://admin.mindtickle.com/scim' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, problem: 'The Tenant URL must start with https://' };
  }
  if (url.username !== '' || url.password !== '') {
    return { ok: false, problem: 'The Tenant URL must not contain a user name or password (use the Secret Token)' };
  }
  const query = [...url.searchParams.entries()];
  url.search = '';
  url.hash = '';
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/`;
  return { ok: true, url, query };
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) throw invalid(`${name} must be a positive number, got ${value}`);
  return value;
}

function invalid(message: string): AppError {
  return new AppError('scim_invalid_options', message);
}
