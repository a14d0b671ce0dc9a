/**
 * The real engine against the loopback sandbox SCIM server: a fresh database, an application pointed at
 * the server, and helpers to shape the directory and run cycles to completion.
 */
import { eq } from 'drizzle-orm';
import { provisioningLog } from '../../db/schema';
import { createApplication, setProvisioning, updateApplication } from '../../src/apps/applications';
import { assignPrincipal, unassignPrincipal } from '../../src/apps/assignments';
import { createUser, deleteUser, updateUser } from '../../src/directory/users';
import { getLink } from '../../src/engine/connector-store';
import { startCycle } from '../../src/engine/cycle/run';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { systemClock } from '../../src/kernel/clock';
import type { Metrics } from '../../src/metrics';
import type { Notifier } from '../../src/notify/notifier';
import { wireEngine } from '../../src/wiring';
import { freshDb } from './db';
import { startScimServer } from './scim-server';
import { testNotifier } from './smtp';

export const silentLogger = { info() {}, warn() {}, error() {} };

/** Start everything; call `close()` in afterEach. */
export async function engineHarness(
  appSettings: Record<string, unknown> = {},
  opts: {
    metrics?: Metrics;
    smtpUrl?: string;
    escrowPolicy?: { baseMs: number; maxMs: number };
    /** A sandbox without Entra leniency (see startScimServer). */
    strict?: boolean;
  } = {},
) {
  const scim = await startScimServer({ strict: opts.strict ?? false });
  const { db, secrets } = freshDb();
  const clock = systemClock;
  const { smtpUrl, strict: _strict, ...rest } = opts;
  const notifier: Notifier | undefined = smtpUrl ? testNotifier(db, smtpUrl) : undefined;
  const { engine } = wireEngine({
    db,
    clock,
    logger: silentLogger,
    secrets,
    timeoutMs: 5000,
    retry: { baseBackoffMs: 1, maxBackoffMs: 5 },
    ...rest,
    ...(notifier ? { notifier } : {}),
  });
  const appsDeps = { db, clock, secrets };
  const dir = { db, clock, onChange: () => {} };
  const app = createApplication(appsDeps, CLI_ACTOR, {
    name: 'Test App',
    template: 'scim',
    tenantUrl: scim.baseUrl,
    secretToken: scim.token,
    allowHttp: true,
    ...appSettings,
  });
  setProvisioning(appsDeps, CLI_ACTOR, app.id, true);

  return {
    db,
    secrets,
    scim,
    app,
    engine,
    /** Create a directory user, optionally assigned with a role. */
    addUser(attrs: Record<string, unknown>, role: string | null = 'User') {
      const u = createUser(dir, CLI_ACTOR, attrs);
      if (role) assignPrincipal(dir, CLI_ACTOR, app.id, { principalId: u.id, role });
      return u;
    },
    update: (id: string, attrs: Record<string, unknown>) => updateUser(dir, CLI_ACTOR, id, attrs),
    remove: (id: string, hard: boolean) => deleteUser(dir, CLI_ACTOR, id, hard),
    unassign: (id: string) => unassignPrincipal(dir, CLI_ACTOR, app.id, id),
    assign: (id: string, role: string) => assignPrincipal(dir, CLI_ACTOR, app.id, { principalId: id, role }),
    setApp: (patch: Record<string, unknown>) => updateApplication(appsDeps, CLI_ACTOR, app.id, patch),
    appsDeps,
    notifier,
    /** Run one cycle to its end and return its id. */
    async cycle(): Promise<string> {
      const started = startCycle(engine, app.id, { type: 'user', name: 'test' });
      await started.done;
      return started.cycleId;
    },
    logs(cycleId: string) {
      return db.select().from(provisioningLog).where(eq(provisioningLog.cycleId, cycleId)).all();
    },
    link: (sourceId: string) => getLink(db, app.id, sourceId),
    async close() {
      await scim.close();
      db.$client.close();
    },
  };
}

export type EngineHarness = Awaited<ReturnType<typeof engineHarness>>;
