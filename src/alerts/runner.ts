/**
 * The alerts loop: rules are evaluated each minute and after every cycle (`afterCycle`, the engine's
 * onCycleEnd port); the outbox is drained more often so a retry waits its backoff, not the next minute; due
 * report subscriptions are queued on the same beat. Passes never overlap, so nothing is sent twice.
 */
import type { Logger } from '../kernel/logger';
import { type EvaluateDeps, evaluateRules } from './evaluate';
import { deliverDue, type OutboxDeps } from './outbox';
import { queueDueReports } from './report-schedule';

export type AlertRunnerDeps = EvaluateDeps & OutboxDeps & { logger: Logger };

export class AlertRunner {
  private timers: NodeJS.Timeout[] = [];
  private chain: Promise<void> = Promise.resolve();

  constructor(
    readonly deps: AlertRunnerDeps,
    private readonly opts: { evaluateMs?: number; deliverMs?: number } = {},
  ) {}

  start(): void {
    this.timers.push(
      setInterval(() => void this.tick(), this.opts.evaluateMs ?? 60_000),
      setInterval(() => void this.drain(), this.opts.deliverMs ?? 5_000),
    );
    for (const t of this.timers) t.unref();
  }

  /** Stop the timers and wait for a pass in progress. */
  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    await this.chain;
  }

  /** Evaluate every rule, queue due reports, then send. */
  tick(onlyAppId?: string): Promise<void> {
    return this.serial(async () => {
      evaluateRules(this.deps, onlyAppId);
      if (!onlyAppId) queueDueReports(this.deps);
      await deliverDue(this.deps);
    });
  }

  /** After a cycle of `appId` ended. */
  afterCycle(appId: string): void {
    void this.tick(appId);
  }

  /** Send what is due. */
  drain(): Promise<void> {
    return this.serial(async () => {
      await deliverDue(this.deps);
    });
  }

  private serial(work: () => Promise<void>): Promise<void> {
    const next = this.chain.then(work).catch((err: unknown) => {
      this.deps.logger.error({ err: (err as Error).message }, 'alerts pass failed');
    });
    this.chain = next;
    return next;
  }
}
