/**
 * The request rate a target sustains, learned from its 429s (issue 16 item 2), as a pure state machine. A
 * target that throttles at N requests per second says so only by refusing request N+1; bouncing off that
 * limit costs a Retry-After pause each time. So on a throttle answer we count the answers it accepted in the
 * last `windowMs` (what it let through just before refusing), divided by the time actually covered (a client
 * younger than the window has not had a full one), and pace at `headroom` × that rate; each later throttle
 * lowers it by `backoff`, or to `headroom` × a lower re-measured rate. After `probeAfterMs` without a
 * throttle it steps up by `probeStep`, so a
 * target whose limit was raised, or a window that made us learn too low, is found again; for `plateauMs`
 * after a throttle it stays below `plateau` × the rate measured then (probing into a known limit only
 * collects 429s). After `forgetAfterMs` without a throttle it is forgotten ("not limited").
 */

export interface RateSettings {
  windowMs: number;
  headroom: number;
  /** Fewer accepted answers in the window than this teach nothing (a target already throttled at start). */
  minAnswers: number;
  probeAfterMs: number;
  probeStep: number;
  /** Factor applied on a throttle while already pacing at a learned rate. */
  backoff: number;
  plateau: number;
  plateauMs: number;
  forgetAfterMs: number;
}

export const RATE_DEFAULTS: RateSettings = {
  windowMs: 1000,
  headroom: 0.9,
  minAnswers: 5,
  // A 45 s cycle that learned low must climb back within it: +5 % per quiet 2 s is 90 → 98 in ~4 s.
  probeAfterMs: 2000,
  probeStep: 1.05,
  backoff: 0.9,
  plateau: 0.98,
  plateauMs: 60_000,
  forgetAfterMs: 10 * 60_000,
};

export interface RateState {
  /** Requests per second to pace at; null until a throttle taught one. */
  rate: number | null;
  /** The accepted rate measured at the last throttle that taught one. */
  measured: number | null;
  /** Accepted answers per tenth of the window, [slot, count], oldest first: bounded, whatever the rate. */
  accepted: ReadonlyArray<readonly [number, number]>;
  /** Requests sent before this instant belong to the throttle episode already learned from. */
  throttledAt: number;
  /** Last throttle or probe step: the next probe waits `probeAfterMs` after it. */
  changedAt: number;
  /** First accepted answer: a window younger than `windowMs` is measured over its own length. */
  since: number;
  /**
   * After learning from a young window: what it accepted, per whole second. The target surely allows that
   * much; if pacing at the young reading draws another throttle, the reading was a burst and this is the rate.
   */
  floor: number | null;
}

const SLOTS = 10;

export function initialRateState(): RateState {
  return {
    rate: null,
    measured: null,
    accepted: [],
    throttledAt: Number.NEGATIVE_INFINITY,
    changedAt: Number.NEGATIVE_INFINITY,
    since: Number.POSITIVE_INFINITY,
    floor: null,
  };
}

/** An answer the target accepted (anything but 429/503), arriving at `now`. */
export function rateAfterAnswer(state: RateState, now: number, s: RateSettings): RateState {
  const accepted = counted(state.accepted, now, s);
  state = { ...state, since: Math.min(state.since, now) };
  if (state.rate === null) return { ...state, accepted };
  if (now - state.throttledAt >= s.forgetAfterMs) return { ...state, accepted, rate: null };
  if (now - state.changedAt < s.probeAfterMs) return { ...state, accepted };
  const cap = state.measured !== null && now - state.throttledAt < s.plateauMs ? state.measured * s.plateau : Infinity;
  return { ...state, accepted, rate: Math.max(state.rate, Math.min(cap, state.rate * s.probeStep)), changedAt: now };
}

/** A 429/503 at `now` for a request sent at `sentAt`. */
export function rateAfterThrottle(state: RateState, sentAt: number, now: number, s: RateSettings): RateState {
  if (sentAt < state.throttledAt) return state;
  const slotMs = s.windowMs / SLOTS;
  const accepted = recent(state.accepted, Math.floor(now / slotMs));
  const base = { ...state, accepted, throttledAt: now, changedAt: now, floor: null };
  const count = accepted.reduce((sum, [, n]) => sum + n, 0);
  if (count < s.minAnswers) return base;
  // Over the time the window actually covers: counting a young client's first 300 ms as a full second
  // learned 0.3 of the limit. But a per-second limit lets a burst through at the start, which reads as many
  // times the limit; `floor` keeps the whole-second reading for when pacing at the young one is refused too.
  const covered = Math.min(s.windowMs, Math.max(s.windowMs / SLOTS, now - state.since));
  const measured = (count * 1000) / covered;
  const floor = covered < s.windowMs ? (count * 1000) / s.windowMs : null;
  if (state.rate === null) return { ...base, rate: s.headroom * measured, measured, floor };
  if (state.floor !== null) {
    return { ...base, rate: Math.min(state.rate * s.backoff, s.headroom * state.floor), measured: state.floor };
  }
  // Throttled while pacing: the rate was still too high (a host whose stalls bunch requests, a limit that
  // was lowered), so it comes down by `backoff` at least. A window that held the last Retry-After pause
  // under-counts, so soon after a throttle only the backoff applies.
  const lowered = state.rate * s.backoff;
  if (now - state.throttledAt < 2 * s.windowMs) return { ...base, rate: lowered };
  return { ...base, rate: Math.min(lowered, s.headroom * measured), measured };
}

function counted(slots: RateState['accepted'], now: number, s: RateSettings): RateState['accepted'] {
  const slot = Math.floor(now / (s.windowMs / SLOTS));
  const kept = recent(slots, slot);
  const last = kept[kept.length - 1];
  if (last !== undefined && last[0] === slot) return [...kept.slice(0, -1), [slot, last[1] + 1]];
  return [...kept, [slot, 1]];
}

/** The slots of the window ending with `slot`. */
function recent(slots: RateState['accepted'], slot: number): RateState['accepted'] {
  const i = slots.findIndex(([at]) => at > slot - SLOTS);
  return i === 0 ? slots : i < 0 ? [] : slots.slice(i);
}
