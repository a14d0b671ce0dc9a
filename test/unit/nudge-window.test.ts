/**
 * The scheduler's nudge timing policy (src/engine/cycle/nudge-window.ts) on a simulated clock: a steady
 * stream of changes no longer starves the debounce, and a change waits at most about maxWaitMs for its cycle.
 */
import { describe, expect, it } from 'vitest';
import { type NudgeTiming, NudgeWindow } from '../../src/engine/cycle/nudge-window';

/**
 * Drive a window the way Scheduler.nudge does (one timer, re-armed on each change) and model its trigger
 * rule: a fire while a cycle runs queues one more, which starts the moment the running one ends.
 * Returns the cycle start times.
 */
function simulate(timing: NudgeTiming, changes: number[], cycleMs = 0, until = 60_000): number[] {
  const w = new NudgeWindow(timing);
  const starts: number[] = [];
  let deadline: number | null = null;
  let runningUntil = -1;
  let queued = false;
  const next = [...changes].sort((a, b) => a - b);
  for (let t = 0; t <= until; t++) {
    if (queued && t >= runningUntil) {
      queued = false;
      starts.push(t);
      runningUntil = t + cycleMs;
    }
    while (next.length > 0 && next[0] === t) {
      next.shift();
      deadline = t + w.change(t);
    }
    if (deadline !== null && t >= deadline) {
      deadline = null;
      w.reset();
      if (t < runningUntil) queued = true;
      else {
        starts.push(t);
        runningUntil = t + cycleMs;
      }
    }
  }
  return starts;
}

const stream = (from: number, every: number, count: number) =>
  Array.from({ length: count }, (_, i) => from + i * every);

describe('NudgeWindow', () => {
  it.each([
    // name, timing, changes, expected first cycle start
    ['one change waits the debounce', { debounceMs: 1000, maxWaitMs: 1000 }, [500], 1500],
    [
      'a short burst waits the debounce after its last change',
      { debounceMs: 200, maxWaitMs: 1000 },
      stream(0, 10, 20),
      390,
    ],
    [
      'changes every 10 ms from t: a cycle starts by t+1 s',
      { debounceMs: 1000, maxWaitMs: 1000 },
      stream(300, 10, 500),
      1300,
    ],
    ['same with a short debounce', { debounceMs: 200, maxWaitMs: 1000 }, stream(300, 10, 500), 1300],
    ['the test setting (10 ms debounce) is unchanged', { debounceMs: 10, maxWaitMs: 1000 }, [5], 15],
  ])('%s', (_name, timing, changes, first) => {
    expect(simulate(timing, changes)[0]).toBe(first);
  });

  it('keeps starting cycles about every max wait under a steady stream (the old debounce started none)', () => {
    const starts = simulate({ debounceMs: 1000, maxWaitMs: 1000 }, stream(0, 10, 500)); // 0 … 4,990 ms
    expect(starts.slice(0, 5)).toEqual([1000, 2010, 3020, 4030, 5040]);
    // Every change is picked up by a cycle starting at most 1 s after it.
    for (const c of stream(0, 10, 500))
      expect((starts.find((s) => s >= c) ?? Number.POSITIVE_INFINITY) - c).toBeLessThanOrEqual(1000);
  });

  it('changes during a running cycle: the next cycle starts right after it', () => {
    // Cycles take 3 s; changes every 10 ms for 10 s. Each fire during a run queues the next, so they run back to back.
    const starts = simulate({ debounceMs: 1000, maxWaitMs: 1000 }, stream(0, 10, 1000), 3000);
    expect(starts.slice(0, 4)).toEqual([1000, 4000, 7000, 10_000]);
  });

  it('a max wait below the debounce wins; a new window opens after reset', () => {
    const w = new NudgeWindow({ debounceMs: 500, maxWaitMs: 100 });
    expect(w.change(0)).toBe(100);
    expect(w.change(90)).toBe(10);
    expect(w.change(150)).toBe(0); // overdue: fire at once
    w.reset();
    expect(w.change(200)).toBe(100);
  });
});
