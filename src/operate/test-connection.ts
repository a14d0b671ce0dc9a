/**
 * Test Connection (API and page alike): ask the target, refresh the schema types cycles convert with, lift a
 * quarantine the target no longer justifies, and audit the outcome.
 */
import type { Db } from '../../db/client';
import { type Application, getApplication } from '../apps/applications';
import { writeAudit } from '../audit/audit-log';
import { refreshSchemaTypes } from '../engine/target-schema';
import type { Actor } from '../kernel/actor';
import type { Clock } from '../kernel/clock';
import { ValidationError } from '../kernel/errors';
import type { ScimClient } from '../scim/client';
import { clearQuarantineAfterTest } from './job-control';

export type ConnectionTest = Awaited<ReturnType<ScimClient['testConnection']>>;

interface Deps {
  db: Db;
  clock: Clock;
  scimClientFor: (app: Application) => ScimClient;
  onAppChanged?: ((appId: string) => void) | undefined;
}

/** Test the app's target; throws ValidationError (nothing sent, nothing audited) until it has a URL and token. */
export async function testConnection(deps: Deps, actor: Actor, appId: string): Promise<ConnectionTest> {
  const target = getApplication(deps.db, appId);
  if (!target.tenantUrl || !target.secretTokenEnc)
    throw new ValidationError('Set the Tenant URL and Secret Token first');
  const client = deps.scimClientFor(target);
  const result = await client.testConnection();
  // Entra reads /Schemas when the connection is tested; cycles convert mapped values with it.
  if (result.ok) await refreshSchemaTypes(target, client, deps.clock.now());
  // The target accepts us again: that ends a quarantine (audited), and the schedule resumes.
  if (result.ok) clearQuarantineAfterTest(deps, actor, target.id);
  writeAudit(
    deps.db,
    actor,
    {
      activity: 'application.test_connection',
      targetType: 'application',
      targetId: target.id,
      result: result.ok ? 'success' : 'failure',
      after: result,
    },
    deps.clock.now(),
  );
  return result;
}
