import { describe, expect, it } from 'vitest';
import {
  currentLimit,
  initialLimitState,
  LIMIT_DEFAULTS,
  type LimitSample,
  type LimitSettings,
  type LimitState,
  limitAfter,
  withCeiling,
} from '../../src/scim/adaptive-limit';

const settings: LimitSettings = { ...LIMIT_DEFAULTS, ceiling: 32 };

/** A fake clock driving the limiter: each step answers one window's worth of requests at `rttMs`, all in flight. */
function run(steps: Step[], s = settings) {
  let state: LimitState = initialLimitState(s);
  let now = 0;
  const limits: number[] = [];
  for (const step of steps) {
    const sentAt = now;
    now += 'rttMs' in step ? step.rttMs : 10;
    if ('event' in step) {
      state = limitAfter(state, { kind: step.event, sentAt }, now, s);
    } else {
      const n = currentLimit(state);
      for (let i = 0; i < n; i += 1) {
        state = limitAfter(state, { kind: 'answer', sentAt, rttMs: step.rttMs, inFlight: n }, now, s);
      }
    }
    limits.push(currentLimit(state));
  }
  return { state, limits };
}

type Step = { rttMs: number } | { event: 'throttled' | 'timeout' };
type Row = [string, Step[], number[], number?, number?];

const flat = (n: number, rttMs = 50): Step[] => Array.from({ length: n }, () => ({ rttMs }));

describe('adaptive concurrency limit', () => {
  it.each([
    ['grows by doubling under flat low latency, up to the ceiling', flat(5), [8, 16, 32, 32, 32]],
    ['stops at a lower admin ceiling', flat(4), [8, 10, 10, 10], 10],
    [
      'shrinks × 0.7 on a 429 and then grows by one per window',
      [...flat(3), { event: 'throttled' }, ...flat(3)],
      [8, 16, 32, 22, 23, 24, 25],
    ],
    ['shrinks on a timeout', [...flat(2), { event: 'timeout' }], [8, 16, 11]],
    [
      'shrinks gently (× 0.9) when latency quadruples, and again while it stays high',
      [...flat(2), { rttMs: 200 }, { rttMs: 200 }],
      [8, 16, 14, 12],
    ],
    ['keeps growing on jitter within tolerance', [...flat(2), { rttMs: 90 }, { rttMs: 60 }], [8, 16, 32, 32]],
    [
      'never goes below one',
      [{ event: 'throttled' }, { event: 'throttled' }, { event: 'throttled' }],
      [1, 1, 1],
      32,
      2,
    ],
  ] as Row[])('Should: %s', (_name, steps, expected, ceiling = 32, initial = 4) => {
    const { limits } = run(steps, { ...settings, ceiling, initial });
    expect(limits).toEqual(expected);
  });

  it('Should count one burst of 429s from requests already in flight as one signal', () => {
    let state = run(flat(3)).state; // limit 32
    const burst: LimitSample[] = Array.from({ length: 20 }, () => ({ kind: 'throttled', sentAt: 1000 }));
    for (const [i, sample] of burst.entries()) state = limitAfter(state, sample, 1050 + i, settings);
    expect(currentLimit(state)).toBe(22);
    // A request sent after the decrease that is throttled again is a new signal.
    state = limitAfter(state, { kind: 'throttled', sentAt: 1100 }, 1150, settings);
    expect(currentLimit(state)).toBe(15);
  });

  it('Should not grow while the limit is not used (an idle limit proves nothing)', () => {
    let state = initialLimitState(settings);
    for (let i = 0; i < 40; i += 1) {
      state = limitAfter(state, { kind: 'answer', sentAt: i * 60, rttMs: 50, inFlight: 1 }, i * 60 + 50, settings);
    }
    expect(currentLimit(state)).toBe(4);
  });

  it('Should follow a target slower for good: shrink for a few windows, then grow again at the new latency', () => {
    const { limits, state } = run([...flat(3, 50), ...flat(10, 400)]);
    expect(limits.slice(3, 6)).toEqual([28, 25, 23]);
    const lowest = Math.min(...limits.slice(3));
    expect(lowest).toBeGreaterThanOrEqual(10);
    expect(limits.at(-1)).toBeGreaterThan(lowest);
    expect(state.baselineMs).toBeGreaterThan(200);
  });

  it('Should clamp to a lowered ceiling at once', () => {
    const { state } = run(flat(3));
    expect(currentLimit(withCeiling(state, 6))).toBe(6);
  });
});
