import { describe, expect, it } from 'vitest';
import {
  initialRateState,
  RATE_DEFAULTS,
  type RateState,
  rateAfterAnswer,
  rateAfterThrottle,
} from '../../src/scim/learned-rate';
import { createPacingRegistry, paceRate } from '../../src/scim/pacing';

const s = RATE_DEFAULTS;

/** Answers accepted at `perSecond` from `from` for `ms`, on a fake clock; returns the state and the end time. */
function accept(state: RateState, perSecond: number, from: number, ms: number): { state: RateState; now: number } {
  const gap = 1000 / perSecond;
  let now = from;
  let st = state;
  for (let t = from; t < from + ms; t += gap) {
    now = t;
    st = rateAfterAnswer(st, t, s);
  }
  return { state: st, now };
}

describe('learned rate', () => {
  it.each([
    // [accepted per second before the 429, learned rate]
    [100, 90],
    [50, 45],
    [400, 360],
  ])('Should pace at 0.9 of the %s req/s the target accepted before its first 429', (accepted, learned) => {
    const { state, now } = accept(initialRateState(), accepted, 0, 3000);
    const after = rateAfterThrottle(state, now, now + 1, s);
    expect(after.rate).toBeCloseTo(learned, -1);
  });

  it('Should count a young client over the whole window: a burst at the start is not its rate', () => {
    const { state, now } = accept(initialRateState(), 100, 0, 300);
    expect(rateAfterThrottle(state, now, now + 1, s).rate).toBeCloseTo(27, 0);
  });

  it('Should learn nothing from a 429 before a handful of accepted answers', () => {
    const { state, now } = accept(initialRateState(), 100, 0, 30);
    expect(rateAfterThrottle(state, now, now, s).rate).toBeNull();
  });

  it('Should count a burst of 429s from requests sent before the first one as one episode, and re-learn from the next', () => {
    let { state, now } = accept(initialRateState(), 100, 0, 2000);
    state = rateAfterThrottle(state, now - 40, now, s);
    const first = state.rate;
    // Fewer accepted meanwhile: an earlier request's 429 must not lower it again.
    for (let i = 0; i < 10; i += 1) state = rateAfterThrottle(state, now - 30, now + 5 + i, s);
    expect(state.rate).toBe(first);
    // A later episode measures again: the target now accepts 60/s.
    ({ state, now } = accept(state, 60, now + 1000, 2000));
    state = rateAfterThrottle(state, now, now + 1, s);
    expect(state.rate).toBeCloseTo(54, -1);
    expect(first).toBeGreaterThan(80);
  });

  it('Should come down by 0.9 when throttled while already pacing, without re-measuring right after a pause', () => {
    let { state, now } = accept(initialRateState(), 100, 0, 2000);
    state = rateAfterThrottle(state, now, now, s); // 90
    ({ state, now } = accept(state, 90, now + 1, 3000));
    state = rateAfterThrottle(state, now, now + 1, s);
    expect(state.rate).toBeCloseTo(81, -1);
    const before = state.rate ?? 0;
    // 500 ms later (the window still holds the Retry-After pause): the backoff alone.
    ({ state, now } = accept(state, 10, now + 1000, 500));
    state = rateAfterThrottle(state, now, now + 1, s);
    expect(state.rate).toBeCloseTo(before * 0.9, 5);
  });

  it('Should probe upward slowly after a quiet period and forget it after a long one', () => {
    let { state, now } = accept(initialRateState(), 100, 0, 2000);
    state = rateAfterThrottle(state, now, now, s);
    const learned = state.rate ?? 0;
    ({ state, now } = accept(state, 50, now + 1, 4000));
    expect(state.rate).toBe(learned);
    ({ state, now } = accept(state, 50, now + 1, 2000));
    expect(state.rate).toBeCloseTo(learned * 1.02, 5);
    // Probing stops just under the rate measured at the throttle for a minute, then goes on.
    ({ state, now } = accept(state, 50, now + 1, 40_000));
    expect(state.rate).toBeCloseTo((learned / 0.9) * 0.98, 5);
    ({ state, now } = accept(state, 50, now + 1, 30_000));
    expect(state.rate).toBeGreaterThan((learned / 0.9) * 0.98);
    ({ state, now } = accept(state, 10, now + 1, 10 * 60_000));
    expect(state.rate).toBeNull();
  });
});

describe('pace rate', () => {
  it.each([
    [null, null, undefined],
    [20, null, { perSecond: 20, burst: 20 }],
    [null, 90, { perSecond: 90, burst: 1 }],
    [50, 90, { perSecond: 50, burst: 50 }],
    [100, 90, { perSecond: 90, burst: 1 }],
  ])('Should pace under ceiling %s with learned %s at %j', (ceiling, learned, expected) => {
    expect(paceRate(ceiling, learned)).toEqual(expected);
  });
});

describe('pacing registry', () => {
  it('Should keep what one client learned for the next client of the same app, not for another app', () => {
    const waited: number[] = [];
    const registry = createPacingRegistry({ onWaited: (_id, ms) => waited.push(ms) });
    const first = registry.session('a', { maxConcurrency: 32, requestsPerSecond: null });
    for (let i = 0; i < 4 + 8 + 16; i += 1)
      first.record({ kind: 'answer', sentAt: 0, rttMs: 50, inFlight: first.limit() }, 50);
    expect(first.limit()).toBe(32);
    first.waited(1500);
    const next = registry.session('a', { maxConcurrency: 32, requestsPerSecond: null });
    expect(next.limit()).toBe(32);
    expect(registry.session('b', { maxConcurrency: 32, requestsPerSecond: null }).limit()).toBe(4);
    expect(registry.view('a')).toMatchObject({ limit: 32, learnedRate: null, waitedMs: 0, waitedTotalMs: 1500 });
    expect(waited).toEqual([1500]);
    // A lowered ceiling applies to the next client at once.
    expect(registry.session('a', { maxConcurrency: 8, requestsPerSecond: 5 }).limit()).toBe(8);
    expect(registry.views().map((v) => [v.appId, v.ceiling, v.rateCeiling])).toEqual([
      ['a', 8, 5],
      ['b', 32, null],
    ]);
  });
});
