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

  it.each([
    // [accepted per second, ms since the first answer when the 429 came, learned rate]
    [100, 300, 90],
    [100, 600, 90],
    [200, 500, 180],
    [100, 5000, 90],
  ])(
    'Should measure %s req/s accepted over the %s ms a young window covers, not a full second',
    (perSecond, ms, learned) => {
      const { state, now } = accept(initialRateState(), perSecond, 0, ms);
      expect(rateAfterThrottle(state, now, now + 1, s).rate).toBeCloseTo(learned, -1);
    },
  );

  it('Should fall to the whole-second count when pacing at a young reading is refused again (a start burst)', () => {
    // 100 answers in 300 ms, then a 429: reads 333/s, but the target surely allows 100 per second.
    let { state, now } = accept(initialRateState(), 333, 0, 300);
    state = rateAfterThrottle(state, now, now + 1, s);
    expect(state.rate).toBeCloseTo(300, -1);
    ({ state, now } = accept(state, 300, now + 1000, 300));
    state = rateAfterThrottle(state, now, now + 1, s);
    expect(state.rate).toBeCloseTo(90, -1);
    expect(state.floor).toBeNull();
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

  it('Should probe upward by 5 % per quiet 2 s, up to just under the measured rate for a minute, and forget after long', () => {
    let { state, now } = accept(initialRateState(), 100, 0, 2000);
    state = rateAfterThrottle(state, now, now, s);
    const learned = state.rate ?? 0;
    ({ state, now } = accept(state, 50, now + 1, 1500));
    expect(state.rate).toBe(learned);
    ({ state, now } = accept(state, 50, now + 1, 1000));
    expect(state.rate).toBeCloseTo(learned * 1.05, 5);
    // Probing stops just under the rate measured at the throttle for a minute, then goes on.
    ({ state, now } = accept(state, 50, now + 1, 40_000));
    expect(state.rate).toBeCloseTo((learned / 0.9) * 0.98, 5);
    ({ state, now } = accept(state, 50, now + 1, 30_000));
    expect(state.rate).toBeGreaterThan((learned / 0.9) * 0.98);
    ({ state, now } = accept(state, 10, now + 1, 10 * 60_000));
    expect(state.rate).toBeNull();
  });

  /**
   * A client against a target accepting `limit` per sliding second (429 + Retry-After: 1 beyond it), 50 ms
   * away: unpaced it offers `offered` req/s; paced, it sends at the learned rate; after a 429 it sends nothing
   * for a second. Returns the learned rate and the share of 429s after `ms` of fake time.
   */
  function simulate(limit: number, offered: number, ms: number, start = initialRateState()) {
    let st = start;
    const acceptedAt: number[] = [];
    let sent = 0;
    let throttled = 0;
    let t = 0;
    let pausedUntil = 0;
    const inFlight: Array<{ sentAt: number; ok: boolean }> = [];
    while (t < ms) {
      // Answers due by now, in order.
      while (inFlight.length > 0 && (inFlight[0]?.sentAt ?? 0) + 50 <= t) {
        const r = inFlight.shift();
        if (r === undefined) break;
        if (r.ok) st = rateAfterAnswer(st, r.sentAt + 50, s);
        else {
          st = rateAfterThrottle(st, r.sentAt, r.sentAt + 50, s);
          pausedUntil = Math.max(pausedUntil, r.sentAt + 50 + 1000);
        }
      }
      if (t >= pausedUntil) {
        while (acceptedAt.length > 0 && (acceptedAt[0] ?? 0) <= t - 1000) acceptedAt.shift();
        const ok = acceptedAt.length < limit;
        if (ok) acceptedAt.push(t);
        else throttled += 1;
        sent += 1;
        inFlight.push({ sentAt: t, ok });
        t += 1000 / (st.rate ?? offered);
      } else t = pausedUntil;
    }
    return { rate: st.rate ?? 0, share: throttled / sent };
  }

  it.each([
    // [limit, offered unpaced, a learned rate to start from (or none)]
    [100, 80, null],
    [100, 160, null],
    [100, 320, null],
    [100, 160, 60],
    [40, 160, null],
  ])(
    'Should pace near a %s req/s limit within 20 s (offered %s, from %s), at most 2 percent 429s over 45 s',
    (limit, offered, from) => {
      const start: RateState =
        from === null ? initialRateState() : { ...initialRateState(), rate: from, measured: from / 0.9, since: -5000 };
      // Offered below the limit never learns: nothing to pace.
      const r = simulate(limit, offered, 20_000, start);
      if (offered < limit && from === null) expect(r.rate).toBe(0);
      else expect(r.rate).toBeGreaterThanOrEqual(0.85 * limit);
      expect(r.rate).toBeLessThanOrEqual(limit);
      expect(simulate(limit, offered, 45_000, start).share).toBeLessThanOrEqual(0.02);
    },
  );
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
