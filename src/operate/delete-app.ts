/**
 * Deleting an application as people do it: provisioning goes Off first and a running cycle is stopped (as
 * "Stop now" does, audited the same way), so no cycle writes links or log rows for an app that is gone. Then
 * the configuration goes (roles, assignments, links, escrow, cycles, plans: foreign keys cascade); the
 * provisioning log rows stay, keyed by the app's id, until retention removes them. Nothing is sent to the
 * target: its accounts stay as they are (Entra deletes no accounts when an app is deleted either).
 */
import { type AppsDeps, deleteApplication, getApplication } from '../apps/applications';
import type { Actor } from '../kernel/actor';
import { ValidationError } from '../kernel/errors';
import { type JobRunner, stopProvisioning } from './stop-restart';

/** Turn provisioning off (stopping a running cycle), then delete the application; audited. */
export async function deleteApplicationSafely(
  deps: AppsDeps,
  runner: JobRunner,
  actor: Actor,
  appId: string,
  // The page asks to type the app's name; the API's DELETE is its own confirmation.
  opts: { confirmName?: string | undefined } = {},
): Promise<{ cancelledCycleId: string | null }> {
  const app = getApplication(deps.db, appId);
  if (opts.confirmName !== undefined && opts.confirmName.trim() !== app.name) {
    const message = `Type the application's name, ${app.name}, exactly to delete it`;
    throw new ValidationError(message, [{ path: 'confirmName', message }]);
  }
  let cancelledCycleId: string | null = null;
  if (app.provisioningEnabled || runner.runningCycleId(appId)) {
    ({ cycleId: cancelledCycleId } = await stopProvisioning(deps, runner, actor, appId, 'now'));
  }
  // The scheduler drops the app's cron when it re-reads an app that no longer exists.
  deleteApplication({ ...deps, onAppChanged: (id) => runner.refresh(id) }, actor, appId);
  return { cancelledCycleId };
}
