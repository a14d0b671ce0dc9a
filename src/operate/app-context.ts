/**
 * The cycle context for work done outside a scheduled cycle: provision on demand, dry runs and applying a
 * plan. Built by the engine's one builder, as `startCycle` builds its own, so every path plans alike; no cycle
 * row is written (on-demand work is not a job iteration), the id only groups the log rows.
 */
import type { Application } from '../apps/applications';
import { appState } from '../apps/applications';
import type { CycleContext, EngineDeps } from '../engine/context';
import { buildCycleContext } from '../engine/cycle/cycle-context';
import { ValidationError } from '../kernel/errors';

/** A context of type on_demand for `app`; the caller decides what runs in it. */
export function operateContext(
  deps: EngineDeps,
  app: Application,
  initiatedBy: CycleContext['initiatedBy'],
): CycleContext {
  if (appState(app) === 'not_configured')
    throw new ValidationError('The application has no Tenant URL or Secret Token');
  return buildCycleContext(deps, app, { cycleId: deps.newId(), type: 'on_demand', initiatedBy });
}
