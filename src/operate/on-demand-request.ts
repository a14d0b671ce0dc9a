/**
 * Provision on demand as a person asks for it (API and page alike): the engine work, then one audit row per
 * object provisioned. The log row has the trace; the audit row says who asked.
 */
import { writeAudit } from '../audit/audit-log';
import type { CycleContext, EngineDeps } from '../engine/context';
import type { Actor } from '../kernel/actor';
import { type OnDemandResult, provisionGroupOnDemand, provisionOnDemand } from './on-demand';

type Initiator = CycleContext['initiatedBy'];

function auditOnDemand(deps: Pick<EngineDeps, 'db' | 'clock'>, actor: Actor, appId: string, r: OnDemandResult) {
  writeAudit(
    deps.db,
    actor,
    {
      activity: 'provisioning.on_demand',
      targetType: 'application',
      targetId: appId,
      result: r.status === 'failure' ? 'failure' : 'success',
      after: { sourceId: r.sourceId, changeId: r.changeId, action: r.provisioningAction, status: r.status },
    },
    deps.clock.now(),
  );
}

/** Provision one user now, audited. */
export async function requestOnDemand(
  deps: EngineDeps,
  actor: Actor,
  appId: string,
  userId: string,
  by: Initiator,
): Promise<OnDemandResult> {
  const result = await provisionOnDemand(deps, appId, userId, by);
  auditOnDemand(deps, actor, appId, result);
  return result;
}

/** Provision a group and up to five of its members now, each audited (members first, as they ran). */
export async function requestGroupOnDemand(
  deps: EngineDeps,
  actor: Actor,
  appId: string,
  groupId: string,
  memberIds: readonly string[],
  by: Initiator,
): Promise<{ group: OnDemandResult; members: OnDemandResult[] }> {
  const r = await provisionGroupOnDemand(deps, appId, groupId, memberIds, by);
  for (const x of [...r.members, r.group]) auditOnDemand(deps, actor, appId, x);
  return r;
}
