/**
 * The cycle context for work done outside a scheduled cycle: provision on demand, dry runs and applying a
 * plan. Same mappings, scoping and managed paths as `startCycle` builds, so every path plans alike; no cycle
 * row is written (on-demand work is not a job iteration), the id only groups the log rows.
 */
import type { Application } from '../apps/applications';
import { appState } from '../apps/applications';
import { mappingsOf, scopingOf } from '../apps/mappings';
import type { CycleContext, EngineDeps } from '../engine/context';
import { roleIdsOf, withRoleWire } from '../engine/sync/role-wire';
import { typedUserMappings } from '../engine/target-schema';
import { ValidationError } from '../kernel/errors';

/** A context of type on_demand for `app`; the caller decides what runs in it. */
export function operateContext(
  deps: EngineDeps,
  app: Application,
  initiatedBy: CycleContext['initiatedBy'],
): CycleContext {
  if (appState(app) === 'not_configured')
    throw new ValidationError('The application has no Tenant URL or Secret Token');
  // Typed from the schema the last cycle or Test Connection fetched: no extra request for on-demand work.
  const mappings = typedUserMappings(app, mappingsOf(app, 'user'));
  return {
    deps,
    app,
    cycleId: deps.newId(),
    type: 'on_demand',
    initiatedBy,
    client: withRoleWire(deps.scimClientFor(app), mappings, () => roleIdsOf(deps.db, app.id)),
    mappings,
    scoping: scopingOf(app, 'user'),
    managedPaths: new Set(mappings.filter((m) => m.type !== 'none' && m.apply === 'always').map((m) => m.target)),
    targetSystem: app.name,
    cancelled: false,
    halt: null,
    allowDeletes: app.forceDeletes,
    held: [],
    guard: null,
  };
}
