/**
 * Adaptive pacing per application (issue 16 item 2): the concurrency limit (`adaptive-limit.ts`) and the
 * learned rate (`learned-rate.ts`) of one target, fed by every answer of its clients. A client lives for one
 * cycle, so what it learned is kept here, per application id, in a registry built once in `wiring.ts`: the
 * next cycle starts where the last one left off. It lives in memory only; a restart learns again, which
 * costs the first few seconds of one cycle. Max concurrency and Requests per second are ceilings.
 */
import {
  currentLimit,
  initialLimitState,
  LIMIT_DEFAULTS,
  type LimitSettings,
  type LimitState,
  limitAfter,
  withCeiling,
} from './adaptive-limit';
import { initialRateState, RATE_DEFAULTS, type RateSettings, rateAfterAnswer, rateAfterThrottle } from './learned-rate';
import type { PaceRate } from './pacer';

/** One finished attempt: an answer (any status but 429/503), a throttle, a timeout, or nothing to learn from. */
export interface PacingSample {
  kind: 'answer' | 'throttled' | 'timeout' | 'other';
  sentAt: number;
  rttMs: number;
  /** Requests of this client in flight when it was sent, itself included. */
  inFlight: number;
}

/** What a client asks of its application's pacing. */
export interface AppPacing {
  /** Requests allowed in flight now. */
  limit(): number;
  /** The rate to pace at now: the admin's ceiling, the learned rate, the lower of both, or none. */
  rate(): PaceRate | undefined;
  record(sample: PacingSample, now: number): void;
  /** Time a request of this client waited (Retry-After, rate, backoff). */
  waited(ms: number): void;
}

/** Pacing as the status card and /metrics show it. */
export interface PacingView {
  limit: number;
  /** The admin's Max concurrency. */
  ceiling: number;
  /** Learned from 429s; null when the target has not throttled (recently). */
  learnedRate: number | null;
  /** The admin's Requests per second; null when unset. */
  rateCeiling: number | null;
  /** Why the limit last changed. */
  reason: LimitState['reason'];
  /** Waited by the newest client (the running or last cycle's), and by all clients since start. */
  waitedMs: number;
  waitedTotalMs: number;
}

export interface Ceilings {
  maxConcurrency: number;
  requestsPerSecond: number | null;
}

export interface PacingRegistry {
  /** Pacing for a new client of `appId`: the app's learned state, under the app's current ceilings. */
  session(appId: string, ceilings: Ceilings): AppPacing;
  view(appId: string): PacingView | null;
  views(): Array<PacingView & { appId: string }>;
}

interface Entry {
  ceilings: Ceilings;
  limit: LimitState;
  rate: ReturnType<typeof initialRateState>;
  waitedMs: number;
  waitedTotalMs: number;
}

export function createPacingRegistry(
  opts: {
    onWaited?: (appId: string, ms: number) => void;
    limit?: Partial<LimitSettings>;
    rate?: Partial<RateSettings>;
  } = {},
): PacingRegistry {
  const entries = new Map<string, Entry>();
  const rateSettings: RateSettings = { ...RATE_DEFAULTS, ...opts.rate };
  const limitSettings = (e: Entry): LimitSettings => ({
    ...LIMIT_DEFAULTS,
    ...opts.limit,
    ceiling: e.ceilings.maxConcurrency,
  });
  const viewOf = (e: Entry): PacingView => ({
    limit: currentLimit(e.limit),
    ceiling: e.ceilings.maxConcurrency,
    learnedRate: e.rate.rate,
    rateCeiling: e.ceilings.requestsPerSecond,
    reason: e.limit.reason,
    waitedMs: e.waitedMs,
    waitedTotalMs: e.waitedTotalMs,
  });

  return {
    session(appId, ceilings) {
      const known = entries.get(appId);
      const e: Entry = known ?? {
        ceilings,
        limit: initialLimitState({ ...LIMIT_DEFAULTS, ...opts.limit, ceiling: ceilings.maxConcurrency }),
        rate: initialRateState(),
        waitedMs: 0,
        waitedTotalMs: 0,
      };
      e.ceilings = ceilings;
      e.limit = withCeiling(e.limit, ceilings.maxConcurrency);
      e.waitedMs = 0;
      entries.set(appId, e);
      return {
        limit: () => currentLimit(e.limit),
        rate: () => paceRate(e.ceilings.requestsPerSecond, e.rate.rate),
        record(sample, now) {
          if (sample.kind === 'other') return;
          e.limit = limitAfter(e.limit, { ...sample, kind: sample.kind }, now, limitSettings(e));
          if (sample.kind === 'answer') e.rate = rateAfterAnswer(e.rate, now, rateSettings);
          else if (sample.kind === 'throttled') e.rate = rateAfterThrottle(e.rate, sample.sentAt, now, rateSettings);
        },
        waited(ms) {
          if (ms <= 0) return;
          e.waitedMs += ms;
          e.waitedTotalMs += ms;
          opts.onWaited?.(appId, ms);
        },
      };
    },
    view: (appId) => {
      const e = entries.get(appId);
      return e ? viewOf(e) : null;
    },
    views: () => [...entries].map(([appId, e]) => ({ appId, ...viewOf(e) })),
  };
}

/**
 * The admin's ceiling keeps its burst of one second (its meaning before pacing was adaptive); a learned rate
 * allows no burst: after a Retry-After pause a full bucket would send a second's worth at once and be
 * refused again.
 */
export function paceRate(ceiling: number | null, learned: number | null): PaceRate | undefined {
  if (learned !== null && (ceiling === null || learned < ceiling)) return { perSecond: learned, burst: 1 };
  if (ceiling !== null) return { perSecond: ceiling, burst: Math.max(1, ceiling) };
  return undefined;
}
