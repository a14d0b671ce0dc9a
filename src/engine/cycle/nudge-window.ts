/**
 * When a directory change should start an incremental cycle. A trailing-only debounce starves under a steady
 * stream (every write restarts the timer, so no cycle ever starts); this bounds the wait instead: a cycle
 * starts `debounceMs` after the last change, but never later than `maxWaitMs` after the first change not yet
 * picked up. Pure: the caller passes the time and arms one timer for the returned delay.
 */
export type NudgeTiming = { debounceMs: number; maxWaitMs: number };

export class NudgeWindow {
  /** Time of the first change since the last fire; null when nothing is waiting. */
  private firstAt: number | null = null;

  constructor(private readonly timing: NudgeTiming) {}

  /** A change arrived at `now`: the delay from `now` after which the cycle should be triggered. */
  change(now: number): number {
    if (this.firstAt === null) this.firstAt = now;
    const due = Math.min(now + this.timing.debounceMs, this.firstAt + Math.max(this.timing.maxWaitMs, 0));
    return Math.max(0, due - now);
  }

  /** The timer fired (or was cancelled): the next change opens a new window. */
  reset(): void {
    this.firstAt = null;
  }
}
