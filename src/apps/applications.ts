/** Applications (SCIM targets): settings, the encrypted Secret Token, provisioning on/off, app roles. */
import crypto from 'node:crypto';
import { asc, eq, getTableColumns } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { applications, appRoles, jobs } from '../../db/schema';
import { writeAudit } from '../audit/audit-log';
import type { SecretBox } from '../auth/secret-box';
import { createJob, type JobState, jobStateColumns, setTokenExpiryNotified } from '../engine/jobs';
import type { Actor } from '../kernel/actor';
import type { Clock } from '../kernel/clock';
import { NotFoundError, ValidationError } from '../kernel/errors';
import { parseOrThrow } from '../kernel/parse';
import { createAppSchema, TEMPLATES, tenantUrlProblem, updateAppSchema } from './app-input';
import { jwtExpiry } from './jwt-expiry';

/** The `applications` row: configuration only. */
export type AppConfig = typeof applications.$inferSelect;
/** An application as read: its configuration with its job's state (written only by engine/jobs.ts). */
export type Application = AppConfig & JobState;
export type AppState = 'not_configured' | 'paused' | 'not_run' | 'active' | 'quarantine';

export interface AppsDeps {
  db: Db;
  clock: Clock;
  secrets: SecretBox;
  /** Tells the scheduler to re-read the app after a committed change; absent where none runs (CLI, engine tests). */
  onAppChanged?: ((appId: string) => void) | undefined;
}

/** Entra's job status codes, derived from settings so they can never disagree with them. */
export function appState(app: Application): AppState {
  if (!app.tenantUrl || !app.secretTokenEnc) return 'not_configured';
  if (!app.provisioningEnabled) return 'paused';
  if (app.quarantineReason) return 'quarantine';
  return app.initialCycleDone ? 'active' : 'not_run';
}

/** The API/UI view: the secret is never returned, only whether one is set. */
export function publicApp(app: Application) {
  const { secretTokenEnc, ...rest } = app;
  return { ...rest, hasSecretToken: secretTokenEnc !== null, state: appState(app) };
}

/** The audit view of settings (secret reduced to a flag). */
function auditView(app: Partial<Application>) {
  const { secretTokenEnc, ...rest } = app;
  return secretTokenEnc === undefined ? rest : { ...rest, secretToken: secretTokenEnc ? '[set]' : null };
}

function checkUrl(url: string | null | undefined, allowHttp: boolean): void {
  const problem = tenantUrlProblem(url, allowHttp);
  if (problem) throw new ValidationError(`tenantUrl ${problem}`, [{ path: 'tenantUrl', message: problem }]);
}

/** Create an application with the "User" and "Default Access" roles. */
export function createApplication(deps: AppsDeps, actor: Actor, body: unknown): Application {
  const input = parseOrThrow(createAppSchema, body, 'application');
  const tenantUrl = input.tenantUrl ?? TEMPLATES[input.template].defaultTenantUrl;
  checkUrl(tenantUrl, input.allowHttp ?? false);
  const now = deps.clock.now();
  const id = crypto.randomUUID();
  const jobId = `scim.${id.replace(/-/g, '').slice(0, 16)}.${crypto.randomUUID()}`;
  const row: AppConfig = {
    id,
    name: input.name,
    template: input.template,
    tenantUrl,
    secretTokenEnc: input.secretToken ? deps.secrets.seal(input.secretToken) : null,
    allowHttp: input.allowHttp ?? false,
    scope: input.scope ?? 'assigned',
    notificationEmail: input.notificationEmail ?? null,
    provisioningEnabled: false,
    schedule: input.schedule ?? '*/5 * * * *',
    // A ceiling since pacing adapts (issue 16): the limit in use starts at 4 and grows while the target keeps up.
    maxConcurrency: input.maxConcurrency ?? 32,
    requestsPerSecond: input.requestsPerSecond ?? null,
    preventDeletes: input.preventDeletes ?? true,
    deleteThreshold: input.deleteThreshold ?? 500,
    deleteThresholdPercent: input.deleteThresholdPercent ?? null,
    skipOutOfScopeDeletions: input.skipOutOfScopeDeletions ?? false,
    actionCreate: input.actionCreate ?? true,
    actionUpdate: input.actionUpdate ?? true,
    actionDelete: input.actionDelete ?? true,
    sendFailureEmail: input.sendFailureEmail ?? false,
    quarantineMinFailures: input.quarantineMinFailures ?? 5000,
    quarantineFailurePercent: input.quarantineFailurePercent ?? 40,
    quarantineBackoffHours: input.quarantineBackoffHours ?? '6,12,24',
    provisionGroups: input.provisionGroups ?? true,
    flattenNestedGroups: input.flattenNestedGroups ?? false,
    groupMembersPerRequest: input.groupMembersPerRequest ?? 100,
    memberRemovalForm: input.memberRemovalForm ?? 'value',
    tokenExpiresAt: input.secretToken ? jwtExpiry(input.secretToken) : null,
    userMappings: null,
    groupMappings: null,
    userScoping: null,
    groupScoping: null,
    createdAt: now,
    updatedAt: now,
  };
  const app: Application = deps.db.transaction((tx) => {
    tx.insert(applications).values(row).run();
    const created: Application = { ...row, ...createJob(tx, id, jobId) };
    tx.insert(appRoles)
      .values([
        { id: crypto.randomUUID(), appId: id, displayName: 'User', isDefaultAccess: false },
        { id: crypto.randomUUID(), appId: id, displayName: 'Default Access', isDefaultAccess: true },
      ])
      .run();
    writeAudit(
      tx,
      actor,
      { activity: 'application.create', targetType: 'application', targetId: id, after: auditView(created) },
      now,
    );
    return created;
  });
  deps.onAppChanged?.(id);
  return app;
}

/** Every app has its job (created in the same transaction), so the inner join loses none. */
function withJob(db: Pick<Db, 'select'>) {
  return db
    .select({ ...getTableColumns(applications), ...jobStateColumns })
    .from(applications)
    .innerJoin(jobs, eq(jobs.appId, applications.id));
}

/** Read an application or throw NotFoundError. */
export function getApplication(db: Pick<Db, 'select'>, id: string): Application {
  const row = withJob(db).where(eq(applications.id, id)).get();
  if (!row) throw new NotFoundError('Application', id);
  return row;
}

/** All applications by name. */
export function listApplications(db: Db): Application[] {
  return withJob(db).orderBy(asc(applications.name)).all();
}

/** Update settings; a new Secret Token replaces the old one (write-only). */
export function updateApplication(deps: AppsDeps, actor: Actor, id: string, body: unknown): Application {
  const input = parseOrThrow(updateAppSchema, body, 'application settings');
  const current = getApplication(deps.db, id);
  checkUrl(input.tenantUrl ?? current.tenantUrl, input.allowHttp ?? current.allowHttp);
  const { secretToken, ...plain } = input;
  const patch: Partial<AppConfig> = { ...plain };
  if (secretToken) {
    patch.secretTokenEnc = deps.secrets.seal(secretToken);
    patch.tokenExpiresAt = jwtExpiry(secretToken);
  }
  // A new token gets its own expiry warnings (job state, audited with the settings it follows from).
  const changed: Partial<Application> = secretToken ? { ...patch, tokenExpiryNotified: null } : patch;
  const now = deps.clock.now();
  deps.db.transaction((tx) => {
    tx.update(applications)
      .set({ ...patch, updatedAt: now })
      .where(eq(applications.id, id))
      .run();
    if (secretToken) setTokenExpiryNotified(tx, id, null);
    const before = Object.fromEntries(Object.keys(changed).map((k) => [k, current[k as keyof Application]]));
    writeAudit(
      tx,
      actor,
      {
        activity: 'application.update',
        targetType: 'application',
        targetId: id,
        before: auditView(before),
        after: auditView(changed),
      },
      now,
    );
  });
  const updated = getApplication(deps.db, id);
  deps.onAppChanged?.(id);
  return updated;
}

/** Turn provisioning on or off (Off lets a running cycle finish; it only stops new ones). */
export function setProvisioning(deps: AppsDeps, actor: Actor, id: string, on: boolean): Application {
  const current = getApplication(deps.db, id);
  if (on && appState(current) === 'not_configured') {
    throw new ValidationError('Set the Tenant URL and Secret Token before turning provisioning on');
  }
  const now = deps.clock.now();
  deps.db.transaction((tx) => {
    tx.update(applications).set({ provisioningEnabled: on, updatedAt: now }).where(eq(applications.id, id)).run();
    writeAudit(
      tx,
      actor,
      { activity: on ? 'provisioning.start' : 'provisioning.stop', targetType: 'application', targetId: id },
      now,
    );
  });
  const updated = getApplication(deps.db, id);
  deps.onAppChanged?.(id);
  return updated;
}

/** Delete an application with its roles, assignments, links and cycles (logs are kept). */
export function deleteApplication(deps: AppsDeps, actor: Actor, id: string): void {
  const current = getApplication(deps.db, id);
  const now = deps.clock.now();
  deps.db.transaction((tx) => {
    tx.delete(applications).where(eq(applications.id, id)).run();
    writeAudit(
      tx,
      actor,
      { activity: 'application.delete', targetType: 'application', targetId: id, before: auditView(current) },
      now,
    );
  });
  deps.onAppChanged?.(id);
}

/** Decrypt the Secret Token for the SCIM client; never log or render the result. */
export function secretTokenOf(deps: Pick<AppsDeps, 'secrets'>, app: Application): string | null {
  return app.secretTokenEnc ? deps.secrets.open(app.secretTokenEnc) : null;
}
