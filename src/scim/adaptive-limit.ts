/**
 * How many requests one target gets in flight, learned from its answers (issue 16 item 2), as a pure state
 * machine: AIMD with a latency guard, like TCP congestion control or Netflix's concurrency-limits. A fixed
 * limit is either too low for a remote target (4 in flight at 50 ms caps a sync at 40 users/s) or too high
 * for a small one; the target's answers say which.
 *
 * - Growth: after each window of `limit` answers, double (slow start, until the first decrease) or add one,
 *   if the window's mean round trip stayed within `tolerance` × the baseline (+ `slackMs` for jitter) and
 *   the limit was actually used (an idle limit proves nothing about the target).
 * - Decrease: × `decrease` on a 429/503 or a timeout (the target said "less"), × `latencyDecrease` on a
 *   window whose mean round trip grew past that bound (a softer signal: on a busy host our own event loop
 *   adds latency too). Answers to requests sent before the last decrease do not decrease it again: one
 *   burst of 429s from the requests already in flight is one signal, not twenty.
 * - Baseline: a moving average of the windows' mean round trips that follows a faster target at once and a
 *   slower one slowly (`baselineRise` per window), so a target or host that became slower for good is not
 *   throttled down to 1 forever, while a sudden queue at the target still reads as growth.
 */

/** Tuning; `ceiling` is the admin's Max concurrency. */
export interface LimitSettings {
  ceiling: number;
  initial: number;
  decrease: number;
  latencyDecrease: number;
  tolerance: number;
  slackMs: number;
  /** Share of the way the baseline moves toward a slower window's mean, per window. */
  baselineRise: number;
}

export const LIMIT_DEFAULTS: Omit<LimitSettings, 'ceiling'> = {
  initial: 4,
  decrease: 0.7,
  latencyDecrease: 0.9,
  tolerance: 2,
  slackMs: 5,
  baselineRise: 0.1,
};

/** One answer (or its absence) as the limit sees it. */
export type LimitSample =
  | { kind: 'answer'; sentAt: number; rttMs: number; inFlight: number }
  | { kind: 'throttled' | 'timeout'; sentAt: number };

export interface LimitState {
  /** Fractional while growing additively; `currentLimit` rounds it down. */
  limit: number;
  slowStart: boolean;
  baselineMs: number | null;
  /** Answers of the window being measured. */
  window: { answers: number; rttSumMs: number; busy: number };
  /** Requests sent before this instant cannot decrease the limit again. */
  decreasedAt: number;
  /** Why the limit last changed, for the status card. */
  reason: 'start' | 'grew' | 'throttled' | 'timeout' | 'latency';
}

const EMPTY_WINDOW = { answers: 0, rttSumMs: 0, busy: 0 };

export function initialLimitState(s: LimitSettings): LimitState {
  return {
    limit: clamp(Math.min(s.initial, s.ceiling), s.ceiling),
    slowStart: true,
    baselineMs: null,
    window: EMPTY_WINDOW,
    decreasedAt: Number.NEGATIVE_INFINITY,
    reason: 'start',
  };
}

/** The number of requests allowed in flight now: an integer in [1, ceiling]. */
export function currentLimit(state: LimitState): number {
  return Math.max(1, Math.floor(state.limit));
}

/** The same state under a new ceiling (the admin changed Max concurrency). */
export function withCeiling(state: LimitState, ceiling: number): LimitState {
  return { ...state, limit: clamp(state.limit, ceiling) };
}

/** The state after `sample`, observed at `now`. */
export function limitAfter(state: LimitState, sample: LimitSample, now: number, s: LimitSettings): LimitState {
  if (sample.sentAt < state.decreasedAt) return state;
  if (sample.kind !== 'answer') return decreased(state, now, s, sample.kind);
  const w = state.window;
  const window = {
    answers: w.answers + 1,
    rttSumMs: w.rttSumMs + sample.rttMs,
    // Half the limit in flight counts as using it: requests of one object are sequential.
    busy: w.busy + (sample.inFlight * 2 >= currentLimit(state) ? 1 : 0),
  };
  if (window.answers < currentLimit(state)) return { ...state, window };
  return endOfWindow({ ...state, window }, now, s);
}

function endOfWindow(state: LimitState, now: number, s: LimitSettings): LimitState {
  const w = state.window;
  const mean = w.rttSumMs / w.answers;
  const baseline = state.baselineMs ?? mean;
  const moved = mean < baseline ? mean : baseline + (mean - baseline) * s.baselineRise;
  const next = { ...state, baselineMs: moved, window: EMPTY_WINDOW };
  if (mean > baseline * s.tolerance + s.slackMs) return decreased(next, now, s, 'latency');
  if (w.busy * 2 < w.answers) return next;
  const grown = state.slowStart ? state.limit * 2 : state.limit + 1;
  return { ...next, limit: clamp(grown, s.ceiling), reason: 'grew' };
}

function decreased(state: LimitState, now: number, s: LimitSettings, reason: LimitState['reason']): LimitState {
  return {
    ...state,
    limit: clamp(state.limit * (reason === 'latency' ? s.latencyDecrease : s.decrease), s.ceiling),
    slowStart: false,
    window: EMPTY_WINDOW,
    decreasedAt: now,
    reason,
  };
}

function clamp(limit: number, ceiling: number): number {
  return Math.min(Math.max(1, ceiling), Math.max(1, limit));
}
