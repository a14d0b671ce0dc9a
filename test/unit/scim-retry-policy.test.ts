import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/kernel/errors';
import { createTokenBucket } from '../../src/scim/pacer';
import {
  backoffCeiling,
  backoffDelay,
  nextStep,
  RETRY_DEFAULTS,
  type RetryPolicy,
  resolveRetryPolicy,
} from '../../src/scim/retry-policy';
import { scimErrorFromNetwork, scimErrorFromResponse, scimProtocolError } from '../../src/scim/scim-error';

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);
const ctx = { operation: 'update' as const, method: 'PATCH', path: '/Users/1', host: 'h', secrets: [] };
const policy: RetryPolicy = { ...RETRY_DEFAULTS };
const half = () => 0.5;

function httpError(status: number, retryAfter?: string) {
  const headers = new Headers(retryAfter === undefined ? {} : { 'retry-after': retryAfter });
  return scimErrorFromResponse({ status, headers, text: '' }, { ...ctx, now: NOW });
}

function netError(code: string | 'timeout') {
  const err =
    code === 'timeout'
      ? new DOMException('timed out', 'TimeoutError')
      : new TypeError('fetch failed', { cause: Object.assign(new Error(code), { code }) });
  return scimErrorFromNetwork(err, { ...ctx, timeoutMs: 1000 });
}

describe('nextStep', () => {
  type Row = [string, string, 'retryAfter' | 'backoff' | 'none', ReturnType<typeof httpError>];
  const rows: Row[] = [
    ['429 Retry-After 2', 'GET', 'retryAfter', httpError(429, '2')],
    ['429 Retry-After 2', 'POST', 'retryAfter', httpError(429, '2')],
    ['503 Retry-After 2', 'POST', 'retryAfter', httpError(503, '2')],
    ['429 without Retry-After', 'PATCH', 'backoff', httpError(429)],
    ['429 Retry-After above the cap', 'GET', 'none', httpError(429, '301')],
    ['500', 'GET', 'backoff', httpError(500)],
    ['500', 'POST', 'backoff', httpError(500)],
    ['502', 'DELETE', 'backoff', httpError(502)],
    ['504', 'PUT', 'backoff', httpError(504)],
    ['501', 'GET', 'none', httpError(501)],
    ['400', 'GET', 'none', httpError(400)],
    ['401', 'GET', 'none', httpError(401)],
    ['403', 'PATCH', 'none', httpError(403)],
    ['404', 'PATCH', 'none', httpError(404)],
    ['409', 'POST', 'none', httpError(409)],
    ['412', 'PUT', 'none', httpError(412)],
    ['refused', 'GET', 'backoff', netError('ECONNREFUSED')],
    ['refused', 'POST', 'backoff', netError('ECONNREFUSED')],
    ['reset', 'PATCH', 'backoff', netError('ECONNRESET')],
    ['reset', 'POST', 'none', netError('ECONNRESET')],
    ['timeout', 'GET', 'backoff', netError('timeout')],
    ['timeout', 'DELETE', 'backoff', netError('timeout')],
    ['timeout', 'POST', 'none', netError('timeout')],
    ['DNS failure', 'GET', 'none', netError('ENOTFOUND')],
    ['TLS failure', 'GET', 'none', netError('CERT_HAS_EXPIRED')],
    ['HTML answer', 'GET', 'none', scimProtocolError('notScim', ctx, { problem: 'got text/html' })],
  ];
  it.each(rows)('Should answer %s on %s with %s', (_name, method, expected, err) => {
    const step = nextStep(err, method, 1, policy, half);
    expect(step.retry ? step.wait : 'none').toBe(expected);
  });

  it('Should wait exactly the Retry-After, seconds or HTTP-date', () => {
    expect(nextStep(httpError(429, '2'), 'GET', 1, policy, half)).toEqual({
      retry: true,
      wait: 'retryAfter',
      delayMs: 2000,
    });
    const date = new Date(NOW + 90_000).toUTCString();
    expect(nextStep(httpError(503, date), 'GET', 1, policy, half)).toMatchObject({ delayMs: 90_000 });
  });

  it('Should honour a configured Retry-After cap, inclusive', () => {
    const capped = { ...policy, maxRetryAfterMs: 2000 };
    expect(nextStep(httpError(429, '2'), 'GET', 1, capped, half).retry).toBe(true);
    expect(nextStep(httpError(429, '3'), 'GET', 1, capped, half).retry).toBe(false);
  });

  it('Should stop after maxAttempts attempts in all', () => {
    const err = httpError(500);
    expect([1, 2, 3, 4].map((attempt) => nextStep(err, 'GET', attempt, policy, half).retry)).toEqual([
      true,
      true,
      true,
      false,
    ]);
    expect(nextStep(err, 'GET', 1, { ...policy, maxAttempts: 1 }, half).retry).toBe(false);
  });
});

describe('full-jitter backoff', () => {
  it.each([
    [0, 500],
    [1, 1000],
    [2, 2000],
    [5, 16_000],
    [6, 30_000],
    [20, 30_000],
  ])('Should cap retry %i at %i ms', (index, ceiling) => {
    expect(backoffCeiling(index, policy)).toBe(ceiling);
  });

  it.each([0, 0.25, 0.5, 0.999999])('Should stay within [0, ceiling) with random() = %s', (r) => {
    for (const index of [0, 1, 2, 3, 10]) {
      const delay = backoffDelay(index, policy, () => r);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(backoffCeiling(index, policy));
      expect(delay).toBeCloseTo(r * backoffCeiling(index, policy), 6);
    }
  });

  it('Should pass the attempt index through nextStep: delays 250, 500, 1000 at random() = 0.5', () => {
    const delays = [1, 2, 3].map((attempt) => {
      const step = nextStep(httpError(500), 'GET', attempt, policy, half);
      return step.retry ? step.delayMs : null;
    });
    expect(delays).toEqual([250, 500, 1000]);
  });
});

describe('resolveRetryPolicy', () => {
  it('Should fill in the defaults and keep given values', () => {
    expect(resolveRetryPolicy()).toEqual({
      maxAttempts: 4,
      baseBackoffMs: 500,
      maxBackoffMs: 30_000,
      maxRetryAfterMs: 300_000,
    });
    expect(resolveRetryPolicy({ maxAttempts: 1, maxRetryAfterMs: undefined })).toMatchObject({
      maxAttempts: 1,
      maxRetryAfterMs: 300_000,
    });
  });

  it.each([{ maxAttempts: 0 }, { maxAttempts: 1.5 }, { baseBackoffMs: -1 }, { maxBackoffMs: Number.NaN }])(
    'Should reject %j as a programming error',
    (opts) => {
      expect(() => resolveRetryPolicy(opts)).toThrow(AppError);
    },
  );
});

describe('token bucket', () => {
  it.each([
    // [rate, reservation times] → when each token is available
    [5, [0, 0, 0, 0], [0, 200, 400, 600]],
    [5, [0, 200, 400], [0, 200, 400]],
    [5, [0, 10_000, 10_000, 10_000, 10_000, 10_000, 10_000], [0, 10_000, 10_000, 10_000, 10_000, 10_000, 10_200]],
    [0.5, [0, 0, 5000], [0, 2000, 5000]],
    [2, [0, 100], [0, 500]],
  ])('Should pace rate %s reserved at %j to %j', (rate, at, expected) => {
    const bucket = createTokenBucket(rate, 0);
    expect(at.map((t) => bucket.reserve(t))).toEqual(expected);
  });
});
