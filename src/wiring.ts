/**
 * Builds the runtime graph from a database and a secret box: the SCIM client factory, engine deps, the
 * scheduler and the web layer's deps over them. Shared by main.ts, tests and benchmarks so they all run the
 * same wiring: every dependency is built once, here, and passed down.
 */
import type { Hono } from 'hono';
import type { Db } from '../db/client';
import { AlertRunner } from './alerts/runner';
import { type Application, secretTokenOf } from './apps/applications';
import type { SecretBox } from './auth/secret-box';
import type { EngineDeps, Logger } from './engine/context';
import { Scheduler } from './engine/cycle/scheduler';
import type { Clock } from './kernel/clock';
import { logIdSource } from './log/log-id';
import { mappingEnvOf } from './mapping/env';
import type { Metrics } from './metrics';
import type { Mailer } from './notify/mailer';
import type { Notifier } from './notify/notifier';
import { BackgroundJobs, markInterrupted } from './operate/background-jobs';
import type { JobRunner } from './operate/stop-restart';
import { createScimClient, type RetryOptions, type ScimClient } from './scim/client';
import { createPacingRegistry, type PacingRegistry } from './scim/pacing';
import { createTransportPools, type TransportPools } from './scim/transport-pool';
import { LdapSourceRunner } from './sources/ldap/runner';
import { StreamRunner } from './streams/runner';
import type { SchedulerPort, WebDeps } from './web/env';

export interface WiringOptions {
  db: Db;
  clock: Clock;
  logger: Logger;
  secrets: SecretBox;
  /** Sends SCIM requests through this fetch instead of the per-app pooled transport (tests). */
  fetch?: typeof fetch;
  /** Trusted CAs for SCIM targets (`trustedCas(PROVISIO_CA_FILE)`); Node's defaults when absent. */
  ca?: readonly string[];
  timeoutMs?: number;
  retry?: RetryOptions;
  debounceMs?: number;
  metrics?: Metrics;
  notifier?: Notifier;
  escrowPolicy?: EngineDeps['escrowPolicy'];
  onCycleEnd?: EngineDeps['onCycleEnd'];
}

/**
 * A SCIM client factory bound to the secret box (the token is decrypted per client, never cached elsewhere).
 * With `pacing`, each client paces adaptively with what earlier clients of the same app learned, under the
 * app's Max concurrency and Requests per second as ceilings; without it, both are fixed.
 */
export function scimClientFactory(
  opts: Pick<WiringOptions, 'secrets' | 'fetch' | 'timeoutMs' | 'retry' | 'metrics'> & {
    pacing?: PacingRegistry;
    transports?: TransportPools;
  },
) {
  return (app: Application): ScimClient =>
    createScimClient({
      baseUrl: app.tenantUrl ?? '',
      token: secretTokenOf(opts, app) ?? '',
      maxConcurrency: app.maxConcurrency,
      ...(app.requestsPerSecond ? { requestsPerSecond: app.requestsPerSecond } : {}),
      ...(opts.pacing
        ? {
            pacing: opts.pacing.session(app.id, {
              maxConcurrency: app.maxConcurrency,
              requestsPerSecond: app.requestsPerSecond ?? null,
            }),
          }
        : {}),
      ...(opts.fetch
        ? { fetch: opts.fetch }
        : opts.transports
          ? { transport: opts.transports.forApp(app.id, app.maxConcurrency) }
          : {}),
      ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
      ...(opts.retry ? { retry: opts.retry } : {}),
      userAgent: 'Provisio/0.1',
      // Metrics only: the engine records each object's exchanges through its own view (ScimClient.observe).
      onExchange: (x) => opts.metrics?.exchange(app.id, x),
    });
}

/**
 * Engine deps and a scheduler over them. The pacing registry and the pooled transports are built here, once:
 * what a cycle's client learned about its target (concurrency limit, rate) and its open keep-alive
 * connections carry over to the next cycle, in memory.
 */
export function wireEngine(opts: WiringOptions): { engine: EngineDeps; scheduler: Scheduler } {
  const metrics = opts.metrics;
  const pacing = createPacingRegistry(metrics ? { onWaited: (appId, ms) => metrics.pacingWaited(appId, ms) } : {});
  metrics?.watchPacing(() => pacing.views());
  const engine: EngineDeps = {
    db: opts.db,
    clock: opts.clock,
    logger: opts.logger,
    scimClientFor: scimClientFactory({
      ...opts,
      pacing,
      ...(opts.fetch ? {} : { transports: createTransportPools({ ca: opts.ca }) }),
    }),
    pacing,
    mappingEnv: mappingEnvOf(opts.clock),
    // Time-ordered UUIDs (v7) on the engine's clock: log rows and cycles append to their indexes (issue 16).
    newId: logIdSource(opts.clock),
    metrics: opts.metrics,
    notifier: opts.notifier,
    escrowPolicy: opts.escrowPolicy,
    onCycleEnd: opts.onCycleEnd,
  };
  return { engine, scheduler: new Scheduler(engine, { debounceMs: opts.debounceMs ?? 1000 }) };
}

/** What the web layer needs beyond the engine's deps. */
export interface WebOptions {
  secrets: SecretBox;
  config: WebDeps['config'];
  sandbox?: Hono | undefined;
  sandboxToken?: WebDeps['sandboxToken'];
  metrics?: WebDeps['metrics'];
  smtpEnv?: WebDeps['smtpEnv'];
  alerts?: WebDeps['alerts'];
  /** Where log streams count delivered rows (the full Metrics in main). */
  streamMetrics?: Pick<Metrics, 'streamDelivered'> | undefined;
}

/** The scheduler as Stop now and Restart use it; a port without `cancel` has nothing to cancel. */
export function jobRunnerOf(scheduler: SchedulerPort): JobRunner {
  return {
    cancel: (appId) => scheduler.cancel?.(appId) ?? { cycleId: null, stopped: Promise.resolve() },
    refresh: (appId) => scheduler.refresh(appId),
    runningCycleId: (appId) => scheduler.runningCycleId(appId),
  };
}

/**
 * The web layer's deps over `engine`: on-demand work, dry runs, drift actions and Test Connection use the same
 * engine deps (notifier, metrics, escrow policy included) as the scheduler's cycles. `scheduler` is the real
 * one, or a port tests record calls on.
 */
export function wireWeb(
  engine: EngineDeps,
  scheduler: SchedulerPort,
  opts: WebOptions,
): WebDeps & { sourceRunner: LdapSourceRunner; streamRunner: StreamRunner } {
  const streamRunner = wireStreams(engine, opts.secrets, opts.streamMetrics);
  return {
    db: engine.db,
    clock: engine.clock,
    logger: engine.logger,
    secrets: opts.secrets,
    config: opts.config,
    engine,
    scheduler,
    jobs: jobRunnerOf(scheduler),
    operateJobs: wireOperateJobs(engine),
    onAppChanged: (appId) => scheduler.refresh(appId),
    sourceRunner: wireSources(engine, scheduler, opts.secrets),
    streamRunner,
    streams: streamRunner,
    sandbox: opts.sandbox,
    sandboxToken: opts.sandboxToken,
    metrics: opts.metrics,
    smtpEnv: opts.smtpEnv,
    alerts: opts.alerts,
  };
}

/**
 * The runner of dry runs and drift reports, one per process. None of their rows can be running yet: those
 * marked so were cut off by the previous process, and say so now.
 */
export function wireOperateJobs(engine: Pick<EngineDeps, 'db' | 'clock' | 'logger'>): BackgroundJobs {
  markInterrupted(engine.db, engine.clock.now());
  return new BackgroundJobs(engine.logger);
}

/** The LDAP source runner: it writes the directory, whose journal nudges the scheduler like any directory write. */
export function wireSources(engine: EngineDeps, scheduler: Pick<SchedulerPort, 'nudge'>, secrets: SecretBox) {
  return new LdapSourceRunner({
    dir: { db: engine.db, clock: engine.clock, onChange: (changes) => scheduler.nudge(changes) },
    secrets,
    env: engine.mappingEnv,
    logger: engine.logger,
  });
}

/** The log stream runner (issue 17): reads the logs, so it needs only the database, the secret box and metrics. */
export function wireStreams(engine: EngineDeps, secrets: SecretBox, metrics?: Pick<Metrics, 'streamDelivered'>) {
  return new StreamRunner({
    db: engine.db,
    clock: engine.clock,
    logger: engine.logger,
    secrets,
    onDelivered: (id, rows) => metrics?.streamDelivered(id, rows),
  });
}

/**
 * The alerts runner (rules each minute and after every cycle, the delivery outbox, scheduled reports). Built
 * before the engine so the engine's onCycleEnd can be `(appId) => alerts.afterCycle(appId)`.
 */
export function wireAlerts(opts: {
  db: Db;
  clock: Clock;
  logger: Logger;
  secrets: SecretBox;
  mailer: () => Mailer | null;
  publicUrl: string;
  fetch?: typeof fetch;
}): AlertRunner {
  return new AlertRunner(opts);
}
