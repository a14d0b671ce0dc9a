/**
 * Demo data: 500 directory users, the "MindTickle (sandbox)" app pointing at the built-in sandbox SCIM app
 * over real HTTP, 400 users assigned with role User and 20 with Default Access, 25 groups (three assigned to
 * the app, one of them nested), provisioning On. Re-running
 * keeps the data and prints a fresh sign-in.
 */
import { stringify } from 'csv-stringify/sync';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { jobs } from '../../db/schema';
import { createApplication, listApplications, setProvisioning, updateApplication } from '../apps/applications';
import { assignPrincipal, unassignPrincipal } from '../apps/assignments';
import { createAccount, findAccountByEmail, setPassword } from '../auth/accounts';
import { generatePassword } from '../auth/passwords';
import type { SecretBox } from '../auth/secret-box';
import { importUsersCsv } from '../directory/csv-import';
import type { DirectoryDeps } from '../directory/users';
import { listUsers, updateUser } from '../directory/users';
import type { Logger } from '../engine/context';
import type { Scheduler } from '../engine/cycle/scheduler';
import { CLI_ACTOR } from '../kernel/actor';
import type { Clock } from '../kernel/clock';
import type { SandboxStore } from '../sandbox/store';
import { seedDemoGroups } from './groups';
import { seedHistory } from './history';
import { demoPerson } from './people';

export const DEMO_APP_NAME = 'MindTickle (sandbox)';
export const DEMO_ADMIN = 'admin@provisio.local';

export interface SeedDeps {
  db: Db;
  secrets: SecretBox;
  clock: Clock;
  logger: Logger;
  scheduler: Scheduler;
  sandboxStore: SandboxStore;
  baseUrl: string;
}

function csvOfPeople(n: number): string {
  const people = Array.from({ length: n }, (_, i) => demoPerson(i));
  return stringify(people, { header: true });
}

/** Seed (first run) or refresh (later runs) the demo; returns the sign-in to print. */
export async function seedDemo(deps: SeedDeps): Promise<{ email: string; password: string }> {
  const { db, clock } = deps;
  const tenantUrl = `${deps.baseUrl}/sandbox/scim/v2`;
  const appsDeps = { db, clock, secrets: deps.secrets };
  const dirDeps = { db, clock, onChange: (c: Parameters<Scheduler['nudge']>[0]) => deps.scheduler.nudge(c) };
  let app = listApplications(db).find((a) => a.name === DEMO_APP_NAME);
  let firstRun = false;
  if (!app) {
    firstRun = true;
    const imported = await importUsersCsv(dirDeps, CLI_ACTOR, csvOfPeople(500));
    deps.logger.info({ created: imported.created }, 'demo: directory users imported');
    app = createApplication(appsDeps, CLI_ACTOR, {
      name: DEMO_APP_NAME,
      template: 'mindtickle',
      tenantUrl,
      secretToken: deps.sandboxStore.token(),
      allowHttp: true,
      notificationEmail: 'it-ops@contoso.example',
      schedule: '*/5 * * * *',
    });
    const all = listUsers(db, { limit: 500 }).items;
    for (const [i, u] of all.slice(0, 420).entries()) {
      assignPrincipal(dirDeps, CLI_ACTOR, app.id, { principalId: u.id, role: i < 400 ? 'User' : 'Default Access' });
    }
    // Groups (issue 4): nested groups flattened, so "Global Sales" carries its regional teams' members.
    const groups = seedDemoGroups(dirDeps, app.id, all);
    app = updateApplication(appsDeps, CLI_ACTOR, app.id, { flattenNestedGroups: true });
    deps.logger.info({ groups }, 'demo: groups created, three assigned to the app');
    setProvisioning(appsDeps, CLI_ACTOR, app.id, true);
  } else if (app.tenantUrl !== tenantUrl) {
    // Another port this time: point the app at this process's sandbox and hand it the sandbox token again.
    updateApplication(appsDeps, CLI_ACTOR, app.id, { tenantUrl, secretToken: deps.sandboxStore.token() });
  }
  const password = generatePassword();
  const existing = findAccountByEmail(db, DEMO_ADMIN);
  if (existing) await setPassword(db, clock, CLI_ACTOR, existing.id, password);
  else await createAccount(db, clock, CLI_ACTOR, { email: DEMO_ADMIN, role: 'admin', password });
  const admin = findAccountByEmail(db, DEMO_ADMIN);
  if (firstRun && admin) {
    // 30 days of past activity (issue 15), so the dashboard and 7/30/90-day reports open on a lived-in deployment.
    // Before the scheduler starts the initial cycle: its journal head must cover the past directory changes.
    const people = listUsers(db, { limit: 400 }).items.map((u) => ({
      ...u,
      displayName: u.displayName ?? u.userPrincipalName,
    }));
    const history = await seedHistory({ db, now: clock.now(), appId: app.id, people, admin });
    deps.logger.info(history, 'demo: 30 days of past activity written');
  }
  deps.scheduler.refresh(app.id);
  const current = db.select().from(jobs).where(eq(jobs.appId, app.id)).get();
  if (current && !current.initialCycleDone) deps.logger.info({ appId: app.id }, 'demo: initial cycle started');
  if (firstRun) void afterInitialCycle(deps, app.id, dirDeps);

  return { email: DEMO_ADMIN, password };
}

/**
 * Once the initial cycle is done, make a few directory changes the way people do (a promotion, a leaver,
 * a disabled account), so the demo also shows incremental cycles reaching the app within seconds.
 */
async function afterInitialCycle(deps: SeedDeps, appId: string, dir: DirectoryDeps): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const job = deps.db.select().from(jobs).where(eq(jobs.appId, appId)).get();
    if (!job) return;
    if (job.initialCycleDone) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const [promoted, leaver, disabled] = listUsers(deps.db, { limit: 3, q: 'a' }).items;
  if (!promoted || !leaver || !disabled) return;
  updateUser(dir, CLI_ACTOR, promoted.id, { jobTitle: `Senior ${promoted.jobTitle ?? 'Specialist'}` });
  updateUser(dir, CLI_ACTOR, disabled.id, { accountEnabled: false });
  unassignPrincipal(dir, CLI_ACTOR, appId, leaver.id);
  deps.logger.info({ appId }, 'demo: a promotion, a leaver and a disabled account were written to the directory');
}
