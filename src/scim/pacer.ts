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

/** A pacer on `clock`; `requestsPerSecond` undefined means no rate limit. */
export function createPacer(deps: {
  clock: Clock;
  sleep: Sleep;
  signal?: AbortSignal;
  requestsPerSecond?: number;
}): Pacer {
  const { clock } = deps;
  const bucket = deps.requestsPerSecond === undefined ? null : createTokenBucket(deps.requestsPerSecond, clock.now());
  let gate: { at: number; cause: ScimError } | null = null;

  return {
    async admit(maxWaitMs) {
      // Measured from the first sleep, so a request that never waits reports 0 whatever the clock does.
      let sleptFrom: number | null = null;
      const waited = (now: number) => (sleptFrom === null ? 0 : Math.max(0, now - sleptFrom));
      // The token is booked only once the gate has passed, so a throttled client does not pile up debt.
      let tokenAt: number | null = bucket === null ? Number.NEGATIVE_INFINITY : null;
      for (;;) {
        const now = clock.now();
        // Re-checked after every sleep: a throttle answer that arrives meanwhile binds this request too.
        if (gate !== null && gate.at - now > maxWaitMs) {
          return { ok: false, waitedMs: waited(now), cause: gate.cause, notBefore: gate.at };
        }
        deps.signal?.throwIfAborted();
        const gateAt = gate?.at ?? Number.NEGATIVE_INFINITY;
        if (tokenAt === null && gateAt <= now) tokenAt = bucket?.reserve(now) ?? now;
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
}

/**
 * `rate` tokens per second, holding at most max(1, rate). It starts with one token rather than full: a
 * client lives for one cycle, and a full bucket would let each new cycle open with a burst on top of the
 * last one's traffic. Reservations may overdraw it, so concurrent callers queue at 1/rate intervals.
 */
export function createTokenBucket(rate: number, now: number): TokenBucket {
  const capacity = Math.max(1, rate);
  const msPerToken = 1000 / rate;
  let tokens = 1;
  let last = now;
  return {
    reserve(at) {
      if (at > last) {
        tokens = Math.min(capacity, tokens + (at - last) / msPerToken);
        last = at;
      }
      tokens -= 1;
      return tokens >= 0 ? last : last - tokens * msPerToken;
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
