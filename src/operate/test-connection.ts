/**
 * Test Connection (API and page alike): ask the target, refresh the schema types cycles convert with, lift a
 * quarantine the target no longer justifies, and audit the outcome. Typed values (an unsaved form) can stand in
 * for the saved ones; they are tested in memory only, never stored, logged or audited.
 */
import { z } from 'zod';
import type { Db } from '../../db/client';
import { tenantUrlProblem } from '../apps/app-input';
import { type Application, getApplication } from '../apps/applications';
import { writeAudit } from '../audit/audit-log';
import { refreshSchemaTypes } from '../engine/target-schema';
import type { Actor } from '../kernel/actor';
import type { Clock } from '../kernel/clock';
import { ValidationError } from '../kernel/errors';
import { parseOrThrow } from '../kernel/parse';
import type { ScimClient } from '../scim/client';
import { clearQuarantineAfterTest } from './job-control';

export type ConnectionTest = Awaited<ReturnType<ScimClient['testConnection']>>;

interface Deps {
  db: Db;
  clock: Clock;
  scimClientFor: (app: Application) => ScimClient;
  /** Seals a typed token in memory so the one client factory can use it; the sealed value is never stored. */
  secrets: { seal: (plain: string) => string };
  onAppChanged?: ((appId: string) => void) | undefined;
}

// An empty field means "use the saved value" (the settings form leaves the Secret Token blank).
const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
export const typedTargetSchema = z
  .object({
    tenantUrl: z.preprocess(
      blankToUndefined,
      z.string().trim().max(2048).url('must be an absolute URL such as https://admin.mindtickle.com/scim').optional(),
    ),
    secretToken: z.preprocess(blankToUndefined, z.string().trim().max(16384).optional()),
    allowHttp: z.boolean().optional(),
  })
  .strict();
export type TypedTarget = z.infer<typeof typedTargetSchema>;

/** The saved app with the typed values laid over it; `typed` says whether anything differs from the saved app. */
function targetOf(deps: Deps, saved: Application | null, input: TypedTarget) {
  const tenantUrl = input.tenantUrl ?? saved?.tenantUrl ?? null;
  const allowHttp = input.allowHttp ?? saved?.allowHttp ?? false;
  if (!tenantUrl || !(input.secretToken || saved?.secretTokenEnc))
    throw new ValidationError('Enter the Tenant URL and Secret Token first', [
      { path: tenantUrl ? 'secretToken' : 'tenantUrl', message: 'is required to test the connection' },
    ]);
  const problem = tenantUrlProblem(tenantUrl, allowHttp);
  if (problem) throw new ValidationError(`tenantUrl ${problem}`, [{ path: 'tenantUrl', message: problem }]);
  const secretTokenEnc = input.secretToken ? deps.secrets.seal(input.secretToken) : (saved?.secretTokenEnc ?? null);
  const typed = !saved || tenantUrl !== saved.tenantUrl || Boolean(input.secretToken);
  // An unsaved target borrows only what the client factory reads (no metrics id of a real app).
  const base = saved ?? ({ id: 'unsaved', maxConcurrency: 1, requestsPerSecond: null } as unknown as Application);
  return { app: { ...base, tenantUrl, allowHttp, secretTokenEnc }, typed };
}

/**
 * Test the app's target (appId null: a target not saved yet), optionally with typed values over the saved ones.
 * Throws ValidationError (nothing sent, nothing audited) without a URL and token, or on a refused URL.
 */
export async function testConnection(
  deps: Deps,
  actor: Actor,
  appId: string | null,
  typedInput: unknown = {},
): Promise<ConnectionTest> {
  const saved = appId ? getApplication(deps.db, appId) : null;
  const { app: target, typed } = targetOf(deps, saved, parseOrThrow(typedTargetSchema, typedInput, 'connection test'));
  const client = deps.scimClientFor(target);
  const result = await client.testConnection();
  // Only the saved target's answer may change the app: typed values that differ say nothing about it.
  if (saved && !typed && result.ok) {
    // Entra reads /Schemas when the connection is tested; cycles convert mapped values with it.
    await refreshSchemaTypes(target, client, deps.clock.now());
    // The target accepts us again: that ends a quarantine (audited), and the schedule resumes.
    clearQuarantineAfterTest(deps, actor, saved.id);
  }
  writeAudit(
    deps.db,
    actor,
    {
      activity: 'application.test_connection',
      targetType: 'application',
      targetId: saved?.id ?? null,
      result: result.ok ? 'success' : 'failure',
      // The URL tested, never the token.
      after: typed ? { ...result, typedValues: true, tenantUrl: target.tenantUrl } : result,
    },
    deps.clock.now(),
  );
  return result;
}
