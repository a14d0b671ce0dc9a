/**
 * The one builder of a CycleContext. Scheduled cycles (`startCycle`) and work done outside them (on demand,
 * dry runs, drift actions) take their mappings, scoping, managed paths and role wire from here, so every
 * path plans alike.
 */
import type { Application } from '../../apps/applications';
import { mappingsOf, scopingOf } from '../../apps/mappings';
import type { CycleContext, EngineDeps } from '../context';
import type { QuarantineCause } from '../quarantine';
import { roleIdsOf, withRoleWire } from '../sync/role-wire';
import { typedUserMappings } from '../target-schema';

export interface CycleContextInput {
  cycleId: string;
  type: CycleContext['type'];
  initiatedBy: CycleContext['initiatedBy'];
  /** Set when the job must be quarantined before any request (an expired Secret Token). */
  halt?: QuarantineCause | null;
}

/** A fresh context for `app`: nothing cancelled, nothing held, deletes allowed only when the app says so. */
export function buildCycleContext(deps: EngineDeps, app: Application, input: CycleContextInput): CycleContext {
  // Typed from the schema the last cycle or Test Connection fetched: no request here. A cycle types the rest
  // from the target's /Schemas once it knows there is work.
  const mappings = typedUserMappings(app, mappingsOf(app, 'user'));
  return {
    deps,
    app,
    cycleId: input.cycleId,
    type: input.type,
    initiatedBy: input.initiatedBy,
    client: withRoleWire(deps.scimClientFor(app), mappings, () => roleIdsOf(deps.db, app.id)),
    mappings,
    scoping: scopingOf(app, 'user'),
    managedPaths: new Set(mappings.filter((m) => m.type !== 'none' && m.apply === 'always').map((m) => m.target)),
    targetSystem: app.name,
    cancelled: false,
    halt: input.halt ?? null,
    allowDeletes: app.forceDeletes,
    held: [],
    guard: null,
  };
}
