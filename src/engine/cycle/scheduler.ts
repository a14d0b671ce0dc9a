/**
 * Runs cycles: on each app's cron schedule, on directory changes (debounced with a bounded wait, see
 * nudge-window.ts, so a change reaches the app within seconds even under a steady stream), and on demand. One cycle at a time per app; a trigger during a run queues one more run.
 * A quarantined job skips its schedule and directory nudges, and runs at its next attempt instead (a timer),
 * so a target that rejects us is not hammered; "Run cycle now" still runs at once.
 */
import { Cron } from 'croner';
import { appState, getApplication, listApplications } from '../../apps/applications';
import type { DirectoryChange } from '../../directory/journal';
import { ConflictError } from '../../kernel/errors';
import type { CycleContext, EngineDeps } from '../context';
import { appsWithLeftIntents } from '../intents/intent-store';
import { failOrphanedCycles } from './cycles-repo';
import { NudgeWindow } from './nudge-window';
import { type StartedCycle, startCycle } from './run';

const SYSTEM = { type: 'system' as const, name: 'Provisio provisioning service' };

export class Scheduler {
  private readonly crons = new Map<string, Cron>();
  private readonly running = new Map<string, StartedCycle>();
  private readonly pending = new Set<string>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly windows = new Map<string, NudgeWindow>();
  private readonly wakeups = new Map<string, NodeJS.Timeout>();
  private stopped = false;

  constructor(
    private readonly deps: EngineDeps,
    private readonly opts: { debounceMs: number; maxWaitMs?: number } = { debounceMs: 1000 },
  ) {}

  /** The app's nudge window; the max wait defaults to about 1 s (never below the debounce). */
  private window(appId: string): NudgeWindow {
    let w = this.windows.get(appId);
    if (!w) {
      const maxWaitMs = this.opts.maxWaitMs ?? Math.max(this.opts.debounceMs, 1000);
      w = new NudgeWindow({ debounceMs: this.opts.debounceMs, maxWaitMs });
      this.windows.set(appId, w);
    }
    return w;
  }

  /**
   * Mark cycles orphaned by a previous crash, then schedule every app. An app with writes the crash left
   * unrecorded runs a cycle now: its first step reconciles them (run.ts).
   */
  start(): void {
    failOrphanedCycles(this.deps.db, this.deps.clock.now());
    for (const app of listApplications(this.deps.db)) this.refresh(app.id);
    for (const appId of appsWithLeftIntents(this.deps.db)) {
      if (this.crons.has(appId) && !this.running.has(appId) && !this.waiting(appId)) this.trigger(appId);
    }
  }

  /** (Re)build an app's cron after its settings change; an app turned on gets a cycle right away. */
  refresh(appId: string): void {
    this.crons.get(appId)?.stop();
    this.crons.delete(appId);
    let app: ReturnType<typeof getApplication>;
    try {
      app = getApplication(this.deps.db, appId);
    } catch {
      return; // deleted
    }
    this.armWakeup(appId);
    if (this.stopped || appState(app) === 'not_configured' || !app.provisioningEnabled) return;
    this.crons.set(appId, new Cron(app.schedule, { protect: true }, () => this.scheduled(appId)));
    if (!app.initialCycleDone) this.trigger(appId);
  }

  /** True when a quarantined app's next attempt has not come yet (its schedule and nudges are skipped). */
  private waiting(appId: string): boolean {
    try {
      const app = getApplication(this.deps.db, appId);
      return app.quarantineReason !== null && (app.quarantineNextAttempt ?? 0) > this.deps.clock.now();
    } catch {
      return true; // deleted
    }
  }

  private scheduled(appId: string): void {
    if (!this.waiting(appId)) this.trigger(appId);
  }

  /** A quarantined app runs at its next attempt; timers are capped (setTimeout's 24.8-day limit) and re-armed. */
  private armWakeup(appId: string): void {
    clearTimeout(this.wakeups.get(appId));
    this.wakeups.delete(appId);
    if (this.stopped) return;
    let app: ReturnType<typeof getApplication>;
    try {
      app = getApplication(this.deps.db, appId);
    } catch {
      return;
    }
    if (!app.provisioningEnabled || app.quarantineReason === null || app.quarantineNextAttempt === null) return;
    const delay = Math.max(0, Math.min(app.quarantineNextAttempt - this.deps.clock.now(), 2 ** 31 - 1));
    const timer = setTimeout(() => {
      this.wakeups.delete(appId);
      if (this.waiting(appId)) this.armWakeup(appId);
      else this.trigger(appId);
    }, delay);
    timer.unref();
    this.wakeups.set(appId, timer);
  }

  /**
   * Directory writes call this; affected apps run an incremental cycle after a short quiet period, or at the
   * latest maxWaitMs after the first change not yet picked up. A cycle already running queues one more
   * (trigger), which starts as soon as it ends and takes everything that accumulated: back to back under load.
   */
  nudge(changes: DirectoryChange[]): void {
    if (this.stopped || changes.length === 0) return;
    const onlyApps = changes.every((c) => c.appId) ? new Set(changes.map((c) => c.appId)) : null;
    for (const appId of this.crons.keys()) {
      if (onlyApps && !onlyApps.has(appId)) continue;
      if (this.waiting(appId)) continue;
      const delay = this.window(appId).change(Date.now());
      clearTimeout(this.timers.get(appId));
      this.timers.set(
        appId,
        setTimeout(() => {
          this.timers.delete(appId);
          this.windows.get(appId)?.reset();
          this.trigger(appId);
        }, delay),
      );
    }
  }

  /** Run a cycle now if none is running, else queue one more after it. */
  trigger(appId: string, initiatedBy: CycleContext['initiatedBy'] = SYSTEM): void {
    if (this.stopped) return;
    if (this.running.has(appId)) {
      this.pending.add(appId);
      return;
    }
    try {
      this.launch(appId, initiatedBy);
    } catch (err) {
      this.deps.logger.warn({ appId, err }, 'cycle not started');
    }
  }

  /** Start a cycle now (API "run now"); ConflictError with the running cycle id if one is running. */
  runNow(appId: string, initiatedBy: CycleContext['initiatedBy']): string {
    const current = this.running.get(appId);
    if (current) {
      throw new ConflictError('cycle_running', 'A cycle is already running for this application', {
        cycleId: current.cycleId,
      });
    }
    return this.launch(appId, initiatedBy).cycleId;
  }

  /** The running cycle of an app, if any. */
  runningCycleId(appId: string): string | null {
    return this.running.get(appId)?.cycleId ?? null;
  }

  private launch(appId: string, initiatedBy: CycleContext['initiatedBy']): StartedCycle {
    const started = startCycle(this.deps, appId, initiatedBy);
    this.running.set(appId, started);
    void started.done.finally(() => {
      this.running.delete(appId);
      this.armWakeup(appId);
      if (this.pending.delete(appId) && !this.waiting(appId)) this.trigger(appId);
    });
    return started;
  }

  /**
   * "Stop now": the running cycle's workers finish the object in hand and take no more; the watermark stays,
   * so the next cycle re-reads what was left. A queued run and a pending nudge are dropped too. Returns the
   * cancelled cycle's id (null when none was running) and a promise that settles when it has stopped.
   */
  cancel(appId: string): { cycleId: string | null; stopped: Promise<void> } {
    this.pending.delete(appId);
    clearTimeout(this.timers.get(appId));
    this.timers.delete(appId);
    this.windows.get(appId)?.reset();
    const current = this.running.get(appId);
    if (!current) return { cycleId: null, stopped: Promise.resolve() };
    current.ctx.cancelled = true;
    this.deps.logger.info({ appId, cycleId: current.cycleId }, 'cycle cancelled (stop now)');
    return { cycleId: current.cycleId, stopped: current.done };
  }

  /** Wait until no cycle is running (tests and shutdown). */
  async idle(): Promise<void> {
    while (this.running.size > 0 || this.timers.size > 0) {
      await Promise.all([...this.running.values()].map((r) => r.done));
      if (this.running.size === 0 && this.timers.size > 0) await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Stop scheduling; running cycles finish the object in hand and stop. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const c of this.crons.values()) c.stop();
    for (const t of [...this.timers.values(), ...this.wakeups.values()]) clearTimeout(t);
    this.timers.clear();
    this.windows.clear();
    this.wakeups.clear();
    for (const r of this.running.values()) r.ctx.cancelled = true;
    await Promise.all([...this.running.values()].map((r) => r.done));
  }
}
