/**
 * Start/Stop and Restart as people use them (entra.md §3.1, §3.3). Off lets the running cycle finish and
 * starts no new one; "stop now" also cancels the running cycle between objects (the object in hand is
 * finished and logged, the watermark stays, so the next cycle resumes from it). Restart stops a running
 * cycle first: a cycle finishing after the restart would mark the initial cycle done and move the watermark.
 */
import { type AppsDeps, setProvisioning } from '../apps/applications';
import { writeAudit } from '../audit/audit-log';
import type { Actor } from '../kernel/actor';
import { restartProvisioning } from './job-control';

/** What these actions need from the scheduler. */
export interface JobRunner {
  cancel(appId: string): { cycleId: string | null; stopped: Promise<void> };
  refresh(appId: string): void;
  runningCycleId(appId: string): string | null;
}

export type StopMode = 'after_cycle' | 'now';

/** Turn provisioning off; with `now`, cancel the running cycle and wait until it has stopped. */
export async function stopProvisioning(
  deps: AppsDeps,
  runner: JobRunner,
  actor: Actor,
  appId: string,
  mode: StopMode,
): Promise<{ mode: StopMode; cycleId: string | null }> {
  // The runner is this action's scheduler signal: exactly one refresh, whatever `deps` carries.
  setProvisioning({ ...deps, onAppChanged: (id) => runner.refresh(id) }, actor, appId, false);
  if (mode === 'after_cycle') return { mode, cycleId: runner.runningCycleId(appId) };
  const { cycleId, stopped } = runner.cancel(appId);
  writeAudit(
    deps.db,
    actor,
    {
      activity: 'provisioning.stop_now',
      targetType: 'application',
      targetId: appId,
      after: { cancelledCycleId: cycleId },
    },
    deps.clock.now(),
  );
  await stopped;
  return { mode, cycleId };
}

/** Restart provisioning (see job-control), after stopping a running cycle; the scheduler starts the initial cycle. */
export async function restartJob(
  deps: AppsDeps,
  runner: JobRunner,
  actor: Actor,
  appId: string,
  opts: { forgetLinks?: boolean } = {},
): Promise<{ escrowsCleared: number; linksForgotten: number; cancelledCycleId: string | null }> {
  const { cycleId, stopped } = runner.cancel(appId);
  await stopped;
  const result = restartProvisioning(deps, actor, appId, opts);
  runner.refresh(appId);
  return { ...result, cancelledCycleId: cycleId };
}
