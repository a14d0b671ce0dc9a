/**
 * What the operate routes (issue 6) need beyond WebDeps: engine deps for work done outside a scheduled cycle
 * (on demand, dry runs, drift actions) and the scheduler as a JobRunner for Stop now and Restart.
 */
import crypto from 'node:crypto';
import type { EngineDeps } from '../../engine/context';
import type { JobRunner } from '../../operate/stop-restart';
import type { WebDeps } from '../env';

/** Engine deps from the web deps (same db, clock, logger and SCIM client factory as the scheduler's). */
export function engineDepsOf(deps: WebDeps): EngineDeps {
  return {
    db: deps.db,
    clock: deps.clock,
    logger: deps.logger,
    scimClientFor: deps.scimClientFor,
    mappingEnv: { now: () => new Date(deps.clock.now()), random: Math.random, guid: () => crypto.randomUUID() },
    newId: () => crypto.randomUUID(),
  };
}

/** The scheduler as the job controls use it; a port without `cancel` has nothing to cancel. */
export function jobRunnerOf(deps: WebDeps): JobRunner {
  const s = deps.scheduler;
  return {
    cancel: (appId) => s.cancel?.(appId) ?? { cycleId: null, stopped: Promise.resolve() },
    refresh: (appId) => s.refresh(appId),
    runningCycleId: (appId) => s.runningCycleId(appId),
  };
}
