/**
 * When the next request of a client may leave: a shared "not before" instant set by Retry-After answers
 * (one throttled request holds back every caller, since targets throttle per tenant, not per request) and
 * an optional token bucket for a requests-per-second limit. Time comes from the injected clock and sleep,
 * so tests run these waits on a fake clock without really waiting.
 */
import type { Clock } from '../kernel/clock';
import type { ScimError } from './scim-error';

/** Waits `ms`; rejects with the signal's reason when it aborts first. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** The outcome of `admit`: sent now, or refused because the target asked to wait longer than allowed. */
export type Admission =
  | { ok: true; waitedMs: number }
  | { ok: false; waitedMs: number; cause: ScimError; notBefore: number };

/** Pacing shared by all requests of one client. */
export interface Pacer {
  /** Wait for the gate and a token. Refuses, without waiting, a gate further than `maxWaitMs` away. */
  admit(maxWaitMs: number): Promise<Admission>;
  /** Send nothing before `at` (epoch ms); `cause` is the answer that asked for it. Never moves the gate back. */
  holdUntil(at: number, cause: ScimError): void;
}

/** A rate to pace at: tokens per second and how many may accumulate. */
export interface PaceRate {
  perSecond: number;
  burst: number;
}

/**
 * A pacer on `clock`; `requestsPerSecond` undefined means no rate limit. `rate`, when given, is asked before
 * each token instead: adaptive pacing changes it as it learns (undefined: no limit at the moment).
 */
export function createPacer(deps: {
  clock: Clock;
  sleep: Sleep;
  signal?: AbortSignal;
  requestsPerSecond?: number;
  rate?: () => PaceRate | undefined;
}): Pacer {
  const { clock } = deps;
  const rps = deps.requestsPerSecond;
  const rateOf = deps.rate ?? (() => (rps === undefined ? undefined : { perSecond: rps, burst: Math.max(1, rps) }));
  let bucket: TokenBucket | null = null;
  // The bucket at `now`'s rate: created on first need, re-rated in place so its debt carries over.
  const bucketAt = (now: number): TokenBucket | null => {
    const rate = rateOf();
    if (rate === undefined) bucket = null;
    else if (bucket === null) bucket = createTokenBucket(rate.perSecond, now, rate.burst);
    else bucket.setRate(rate.perSecond, rate.burst);
    return bucket;
  };
  let gate: { at: number; cause: ScimError } | null = null;

  return {
    async admit(maxWaitMs) {
      // Measured from the first sleep, so a request that never waits reports 0 whatever the clock does.
      let sleptFrom: number | null = null;
      const waited = (now: number) => (sleptFrom === null ? 0 : Math.max(0, now - sleptFrom));
      // The token is booked only once the gate has passed, so a throttled client does not pile up debt.
      let tokenAt: number | null = null;
      for (;;) {
        const now = clock.now();
        // Re-checked after every sleep: a throttle answer that arrives meanwhile binds this request too.
        if (gate !== null && gate.at - now > maxWaitMs) {
          return { ok: false, waitedMs: waited(now), cause: gate.cause, notBefore: gate.at };
        }
        deps.signal?.throwIfAborted();
        const gateAt = gate?.at ?? Number.NEGATIVE_INFINITY;
        if (tokenAt === null && gateAt <= now) tokenAt = bucketAt(now)?.reserve(now) ?? now;
        const ms = Math.max(gateAt, tokenAt ?? gateAt) - now;
        if (ms <= 0) return { ok: true, waitedMs: waited(now) };
        sleptFrom ??= now;
        await deps.sleep(ms, deps.signal);
      }
    },
    holdUntil(at, cause) {
      if (gate === null || at > gate.at) gate = { at, cause };
    },
  };
}

/** A token bucket: `reserve` books the next token and says when it is available. */
export interface TokenBucket {
  reserve(now: number): number;
  /** Change the rate and capacity from now on; tokens booked ahead stay booked. */
  setRate(rate: number, capacity: number): void;
}

/**
 * `rate` tokens per second, holding at most `capacity` (default max(1, rate)). It starts with one token
 * rather than full: a client lives for one cycle, and a full bucket would let each new cycle open with a
 * burst on top of the last one's traffic. Reservations may overdraw it, so concurrent callers queue at
 * 1/rate intervals.
 */
export function createTokenBucket(rate: number, now: number, capacity = Math.max(1, rate)): TokenBucket {
  let cap = capacity;
  let msPerToken = 1000 / rate;
  let tokens = 1;
  let last = now;
  return {
    reserve(at) {
      if (at > last) {
        tokens = Math.min(cap, tokens + (at - last) / msPerToken);
        last = at;
      }
      tokens -= 1;
      return tokens >= 0 ? last : last - tokens * msPerToken;
    },
    setRate(next, nextCapacity) {
      msPerToken = 1000 / next;
      cap = nextCapacity;
      tokens = Math.min(cap, tokens);
    },
  };
}

/** The real sleep: a timer, cancelled by the signal. */
export const abortableSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
