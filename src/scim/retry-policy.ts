/**
 * When a failed SCIM exchange is tried again within the same call, as a pure function of the error, the
 * method and the attempt number. Entra retries a throttled or failed request only in the next cycle, 40
 * minutes later (entra.md §4); retrying here, briefly and boundedly, saves a cycle for transient failures
 * while the caller's escrow still handles what outlasts the call.
 */
import { AppError } from '../kernel/errors';
import type { ScimError } from './scim-error';

/** Retry tuning of a client; every field is optional. */
export interface RetryOptions {
  /** Attempts per call, the first included. Default 4; 1 turns retries off. */
  maxAttempts?: number;
  /** Ceiling of the first backoff; doubles per retry. Default 500 ms. */
  baseBackoffMs?: number;
  /** Upper bound of any backoff ceiling. Default 30 s. */
  maxBackoffMs?: number;
  /** Longest Retry-After honoured within a call; a longer one fails the call at once. Default 5 min. */
  maxRetryAfterMs?: number;
}

/** RetryOptions with the defaults filled in. */
export type RetryPolicy = Required<RetryOptions>;

/** The defaults of RetryOptions. */
export const RETRY_DEFAULTS: Readonly<RetryPolicy> = {
  maxAttempts: 4,
  baseBackoffMs: 500,
  maxBackoffMs: 30_000,
  maxRetryAfterMs: 5 * 60_000,
};

/** What to do after a failed attempt: give up, wait for the target's Retry-After, or back off. */
export type RetryStep = { retry: false } | { retry: true; wait: 'retryAfter' | 'backoff'; delayMs: number };

/** Fill in and check RetryOptions; a bad value is a programming error (AppError `scim_invalid_options`). */
export function resolveRetryPolicy(opts: RetryOptions = {}): RetryPolicy {
  const policy = { ...RETRY_DEFAULTS, ...stripUndefined(opts) };
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1) {
    throw invalid(`retry.maxAttempts must be an integer ≥ 1, got ${policy.maxAttempts}`);
  }
  for (const name of ['baseBackoffMs', 'maxBackoffMs', 'maxRetryAfterMs'] as const) {
    const v = policy[name];
    if (!Number.isFinite(v) || v < 0) throw invalid(`retry.${name} must be a number ≥ 0, got ${v}`);
  }
  return policy;
}

/** 429 and 503 are the target saying "not now": they honour Retry-After and count as throttles. */
export function isThrottleStatus(status: number | null): boolean {
  return status === 429 || status === 503;
}

/** The backoff ceiling before retry number `retryIndex` (0 for the first retry): base · 2^index, capped. */
export function backoffCeiling(retryIndex: number, policy: RetryPolicy): number {
  return Math.min(policy.maxBackoffMs, policy.baseBackoffMs * 2 ** retryIndex);
}

/** "Full jitter": uniformly random below the ceiling, so clients that failed together do not retry together. */
export function backoffDelay(retryIndex: number, policy: RetryPolicy, random: () => number): number {
  return random() * backoffCeiling(retryIndex, policy);
}

/**
 * The step after attempt number `attempt` (1-based) failed with `err`. Never retried: anything the error
 * table calls non-retryable (every 4xx but 429, unusable answers); DNS and TLS failures, which need a fix
 * rather than seconds; and, for POST, a timeout or a reset, since the target may already have created the
 * object: a blind retry could create it twice, so the caller's match-before-create decides on the next try.
 * A refused connection never reached the target, and a 5xx/429/503 is an answer, so POST retries those.
 */
export function nextStep(
  err: ScimError,
  method: string,
  attempt: number,
  policy: RetryPolicy,
  random: () => number,
): RetryStep {
  if (attempt >= policy.maxAttempts || !err.retryable) return { retry: false };
  const backoff = (): RetryStep => ({
    retry: true,
    wait: 'backoff',
    delayMs: backoffDelay(attempt - 1, policy, random),
  });
  if (err.failure === 'http') {
    if (!isThrottleStatus(err.status) || err.retryAfterMs === null) return backoff();
    if (err.retryAfterMs > policy.maxRetryAfterMs) return { retry: false };
    return { retry: true, wait: 'retryAfter', delayMs: err.retryAfterMs };
  }
  if (err.failure === 'connect') return backoff();
  if ((err.failure === 'timeout' || err.failure === 'reset') && method !== 'POST') return backoff();
  return { retry: false };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function invalid(message: string): AppError {
  return new AppError('scim_invalid_options', message);
}
