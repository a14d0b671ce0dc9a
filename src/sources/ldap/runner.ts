/**
 * Runs every LDAP source on its schedule: an incremental poll every `pollSeconds` (10 s by default, so a
 * change reaches the directory in seconds) and a full import with delete detection every `reconcileMinutes`.
 * One run at a time per source (the source_syncs row is the lock); "sync now" starts one at once.
 */

import type { Actor } from '../../kernel/actor';
import { AppError } from '../../kernel/errors';
import type { Logger } from '../../kernel/logger';
import { ldapSourceIds, storedLdapSource } from './ldap-source';
import { auditSyncStart, type LdapSyncDeps, runLdapSync } from './sync';
import { failInterruptedRuns, recentSyncRuns, type SyncType, startSyncRun } from './sync-runs';

const SYSTEM: Actor = { type: 'system', id: 'system:ldap-schedule', name: 'LDAP schedule', role: 'operator' };

/**
 * The wait before the next scheduled run: the poll interval, doubled for each run that failed in a row
 * (server down, bad password), up to 5 minutes (or the interval itself when that is longer).
 */
export function pollDelayMs(pollSeconds: number, failuresInARow: number): number {
  const interval = pollSeconds * 1000;
  return Math.min(interval * 2 ** Math.min(failuresInARow, 10), Math.max(interval, 300_000));
}

export interface SourceRunner {
  syncNow(sourceId: string, type: SyncType, actor: Actor, allowDeletes?: boolean): { syncId: string };
  refresh(sourceId: string): void;
}

export class LdapSourceRunner implements SourceRunner {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Map<string, Promise<unknown>>();
  /** Scheduled runs that failed in a row, per source: the poll backs off while the server is down. */
  private readonly failures = new Map<string, number>();
  private stopped = true;
  /** Set by stop() only (a runner never started still runs "sync now" for tests and the CLI). */
  private stopping = false;

  private readonly deps: LdapSyncDeps & { logger: Logger };

  constructor(deps: LdapSyncDeps & { logger: Logger }) {
    // A run in progress ends between pages once stop() is called, so shutdown does not wait for a full import.
    this.deps = { ...deps, stopping: () => this.stopping };
  }

  start(): void {
    this.stopped = false;
    this.stopping = false;
    const failed = failInterruptedRuns(this.deps.dir.db, this.deps.dir.clock);
    if (failed > 0) this.deps.logger.warn({ runs: failed }, 'LDAP syncs interrupted by the last stop marked failed');
    for (const id of ldapSourceIds(this.deps.dir.db)) this.schedule(id, 0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    await Promise.allSettled(this.running.values());
  }

  /** After a source was created, changed or deleted: poll it soon with its new settings (or stop). */
  refresh(sourceId: string): void {
    clearTimeout(this.timers.get(sourceId));
    this.timers.delete(sourceId);
    if (!this.stopped) this.schedule(sourceId, 0);
  }

  /** Start a run now; 409 while one runs. The run goes on in the background; its id is returned at once. */
  syncNow(sourceId: string, type: SyncType, actor: Actor, allowDeletes = false): { syncId: string } {
    storedLdapSource(this.deps.dir.db, sourceId);
    const syncId = startSyncRun(
      this.deps.dir.db,
      this.deps.dir.clock,
      sourceId,
      type,
      actor === SYSTEM ? 'schedule' : 'manual',
    );
    if (actor !== SYSTEM)
      auditSyncStart(this.deps.dir.db, this.deps.dir.clock.now(), actor, { syncId, sourceId, type, allowDeletes });
    const p = runLdapSync(this.deps, { syncId, sourceId, type, actor, allowDeletes })
      .then((r) => {
        if (r.state === 'failed') this.failures.set(sourceId, (this.failures.get(sourceId) ?? 0) + 1);
        else this.failures.delete(sourceId);
        // Idle polls stay out of the log; anything that changed the directory or failed is said.
        const quiet = r.state === 'succeeded' && Object.values(r.counts).every((n) => n === 0);
        if (!quiet)
          this.deps.logger[r.state === 'failed' ? 'warn' : 'info']({ sourceId, syncId, ...r }, 'LDAP sync ended');
      })
      .finally(() => this.running.delete(sourceId));
    this.running.set(sourceId, p);
    return { syncId };
  }

  /** The source's next run in `delayMs`: full when the last full one is older than the reconcile interval. */
  private schedule(sourceId: string, delayMs: number): void {
    const timer = setTimeout(() => void this.tick(sourceId), delayMs);
    timer.unref();
    this.timers.set(sourceId, timer);
  }

  private async tick(sourceId: string): Promise<void> {
    this.timers.delete(sourceId);
    if (this.stopped) return;
    let source: ReturnType<typeof storedLdapSource>;
    try {
      source = storedLdapSource(this.deps.dir.db, sourceId);
    } catch {
      return; // deleted: nothing more to schedule
    }
    const { pollSeconds, reconcileMinutes, paused } = source.settings.schedule;
    if (paused) return;
    if (!this.running.has(sourceId)) {
      const now = this.deps.dir.clock.now();
      const lastFull = recentSyncRuns(this.deps.dir.db, sourceId, 50).find(
        (r) => r.type === 'full' && r.state !== 'running' && r.state !== 'failed',
      );
      const type: SyncType =
        !lastFull || now - lastFull.startedAt >= reconcileMinutes * 60_000 ? 'full' : 'incremental';
      try {
        this.syncNow(sourceId, type, SYSTEM);
        await this.running.get(sourceId);
      } catch (err) {
        if (!(err instanceof AppError && err.code === 'sync_running'))
          this.deps.logger.warn({ err, sourceId }, 'LDAP sync could not start');
      }
    }
    const delay = pollDelayMs(pollSeconds, this.failures.get(sourceId) ?? 0);
    if (!this.stopped && !this.timers.has(sourceId)) this.schedule(sourceId, delay);
  }
}
