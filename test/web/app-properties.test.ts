/**
 * Rename and delete an application (issue 15 item 8): the Properties page (typed confirmation, admin only),
 * `DELETE /api/v1/applications/{id}` → 204, provisioning off first, log rows kept, everything audited.
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { applications, auditLog, provisioningLog } from '../../db/schema';
import { type AppsDeps, createApplication, getApplication, setProvisioning } from '../../src/apps/applications';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { writeLog } from '../../src/log/write';
import { deleteApplicationSafely } from '../../src/operate/delete-app';
import type { JobRunner } from '../../src/operate/stop-restart';
import { exactPattern } from '../../views/pages/app-properties';
import { webHarness } from '../support/web';
import { cspViolations, pagesHarness } from './pages-harness';

type Db = ReturnType<typeof webHarness>['db'];

function makeApp(deps: AppsDeps, name: string, on = true) {
  const app = createApplication(deps, CLI_ACTOR, {
    name,
    template: 'scim',
    tenantUrl: 'https://scim.example.test/v2',
    secretToken: 'tok-0123456789',
  });
  if (on) setProvisioning(deps, CLI_ACTOR, app.id, true);
  writeLog(deps.db, {
    id: `log-${app.id}`,
    appId: app.id,
    activityDateTime: deps.clock.now(),
    jobId: app.jobId,
    cycleId: 'cycle-1',
    provisioningAction: 'create',
    status: 'success',
    durationMs: 5,
    initiatedBy: { type: 'system', name: 'Provisio provisioning service' },
    source: { id: 'u1', displayName: 'Ann', type: 'user' },
    target: { id: 't1', displayName: 'ann@contoso.example' },
    sourceSystem: 'Provisio directory',
    targetSystem: name,
    error: null,
    steps: [],
    modifiedProperties: [],
  });
  return app;
}

const activities = (db: Db, appId: string) =>
  db
    .select()
    .from(auditLog)
    .where(eq(auditLog.targetId, appId))
    .all()
    .map((r) => r.activity);
const logRows = (db: Db, appId: string) =>
  db.select().from(provisioningLog).where(eq(provisioningLog.appId, appId)).all().length;

describe('DELETE /api/v1/applications/{id}', () => {
  it('is admin only, turns provisioning off first, answers 204 and keeps the log rows', async () => {
    const w = webHarness();
    const app = makeApp(w, 'Contoso HR');
    expect((await w.call('DELETE', `/api/v1/applications/${app.id}`, { token: w.tokens.operator })).status).toBe(403);
    const res = await w.call('DELETE', `/api/v1/applications/${app.id}`);
    expect(res.status).toBe(204);
    expect((await w.call('GET', `/api/v1/applications/${app.id}`)).status).toBe(404);
    expect(activities(w.db, app.id)).toEqual([
      'application.create',
      'provisioning.start',
      'provisioning.stop',
      'provisioning.stop_now',
      'application.delete',
    ]);
    expect(logRows(w.db, app.id)).toBe(1);
    expect(w.scheduler.calls.refresh.filter((id) => id === app.id).length).toBeGreaterThanOrEqual(2);
    expect((await w.call('DELETE', `/api/v1/applications/${app.id}`)).status).toBe(404);
    // The log still reads, under the app's id.
    const logs = await w.call('GET', `/api/v1/provisioning-logs?appId=${app.id}`);
    expect(((await logs.json()) as { items: unknown[] }).items).toHaveLength(1);
  });

  it('an app already off is deleted without a stop', async () => {
    const w = webHarness();
    const app = makeApp(w, 'Off app', false);
    expect((await w.call('DELETE', `/api/v1/applications/${app.id}`)).status).toBe(204);
    expect(activities(w.db, app.id)).toEqual(['application.create', 'application.delete']);
  });

  it('PATCH renames (audited before and after)', async () => {
    const w = webHarness();
    const app = makeApp(w, 'Old name', false);
    const res = await w.call('PATCH', `/api/v1/applications/${app.id}`, { body: { name: 'New name' } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { name: string }).name).toBe('New name');
    const row = w.db.select().from(auditLog).where(eq(auditLog.activity, 'application.update')).get();
    expect(JSON.parse(row?.before ?? '{}')).toEqual({ name: 'Old name' });
    expect(JSON.parse(row?.after ?? '{}')).toEqual({ name: 'New name' });
  });
});

describe('deleteApplicationSafely', () => {
  it('stops the running cycle and waits for it before the configuration goes', async () => {
    const w = webHarness();
    const app = makeApp(w, 'Busy', false);
    const order: string[] = [];
    const runner: JobRunner = {
      runningCycleId: () => 'cycle-9',
      refresh: (id) =>
        order.push(
          `refresh:${w.db.select().from(applications).where(eq(applications.id, id)).get() ? 'exists' : 'gone'}`,
        ),
      cancel: () => ({
        cycleId: 'cycle-9',
        stopped: new Promise<void>((resolve) =>
          setTimeout(() => {
            order.push(`stopped:${getApplication(w.db, app.id).provisioningEnabled ? 'on' : 'off'}`);
            resolve();
          }, 10),
        ),
      }),
    };
    const deps = { db: w.db, clock: w.clock, secrets: w.secrets };
    const result = await deleteApplicationSafely(deps, runner, CLI_ACTOR, app.id);
    expect(result).toEqual({ cancelledCycleId: 'cycle-9' });
    expect(order).toEqual(['refresh:exists', 'stopped:off', 'refresh:gone']);
  });

  it('refuses a typed name that does not match, and changes nothing', async () => {
    const w = webHarness();
    const app = makeApp(w, 'Exact Name');
    const runner: JobRunner = {
      runningCycleId: () => null,
      refresh: () => {},
      cancel: () => ({ cycleId: null, stopped: Promise.resolve() }),
    };
    const deps = { db: w.db, clock: w.clock, secrets: w.secrets };
    await expect(
      deleteApplicationSafely(deps, runner, CLI_ACTOR, app.id, { confirmName: 'exact name' }),
    ).rejects.toThrow(/Type the application's name/);
    expect(getApplication(w.db, app.id).provisioningEnabled).toBe(true);
  });
});

describe('exactPattern', () => {
  it('matches the name and nothing else, whatever characters it has', () => {
    for (const name of ['Contoso HR', 'a|b', 'x.*', '[HR] (prod) {1}', 'García/Nómina \\ -- && ~~ 🙂', '^$?+']) {
      const re = new RegExp(`^(?:${exactPattern(name)})$`, 'v');
      expect(re.test(name), name).toBe(true);
      expect(re.test(`${name}x`), name).toBe(false);
      expect(re.test(name.toLowerCase() === name ? name.toUpperCase() : name.toLowerCase()), name).toBe(
        name.toLowerCase() === name.toUpperCase(),
      );
    }
  });
});

describe('Properties page', () => {
  it('renames and deletes with a typed confirmation; admins only', async () => {
    const h = await pagesHarness();
    const app = makeApp({ db: h.db, clock: h.deps.clock, secrets: h.secrets }, 'Contoso <HR>');
    const admin = await h.signIn('admin');
    const operator = await h.signIn('operator');
    const url = `/apps/${app.id}/properties`;

    expect((await h.get(url, operator)).status).toBe(403);
    expect(await (await h.get(`/apps/${app.id}`, operator)).text()).not.toContain(url);
    expect(await (await h.get(`/apps/${app.id}`, admin)).text()).toContain(`href="${url}"`);
    const page = await (await h.get(url, admin)).text();
    expect(page).toContain('Contoso &lt;HR&gt;');
    expect(page).toContain('name="confirmName"');
    expect(page).toContain('turns provisioning off first');
    expect(cspViolations(page)).toEqual([]);

    expect((await h.post(`/apps/${app.id}/rename`, { name: 'Renamed' }, operator)).status).toBe(403);
    const empty = await h.post(`/apps/${app.id}/rename`, { name: '  ' }, admin);
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('Enter a name');
    const renamed = await h.post(`/apps/${app.id}/rename`, { name: 'Contoso HR' }, admin);
    expect(renamed.status).toBe(303);
    expect(renamed.headers.get('location')).toBe(`${url}?notice=renamed`);
    expect(getApplication(h.db, app.id).name).toBe('Contoso HR');
    expect(await (await h.get(`${url}?notice=renamed`, admin)).text()).toContain('Name saved.');

    expect((await h.post(`/apps/${app.id}/delete`, { confirmName: 'Contoso HR' }, operator)).status).toBe(403);
    const wrong = await h.post(`/apps/${app.id}/delete`, { confirmName: 'Contoso' }, admin);
    expect(wrong.status).toBe(400);
    const wrongHtml = await wrong.text();
    expect(wrongHtml).toContain('aria-invalid="true"');
    expect(wrongHtml).toContain('exactly to delete it');
    expect(getApplication(h.db, app.id).provisioningEnabled).toBe(true);
    expect((await h.post(`/apps/${app.id}/delete`, { confirmName: 'Contoso HR' }, admin, { csrf: false })).status).toBe(
      403,
    );

    const deleted = await h.post(`/apps/${app.id}/delete`, { confirmName: 'Contoso HR' }, admin);
    expect(deleted.status).toBe(303);
    expect(deleted.headers.get('location')).toBe('/?notice=app_deleted');
    expect(await (await h.get('/?notice=app_deleted', admin)).text()).toContain('Application deleted.');
    expect(() => getApplication(h.db, app.id)).toThrow(/not found/);
    expect(activities(h.db, app.id)).toEqual([
      'application.create',
      'provisioning.start',
      'application.update',
      'provisioning.stop',
      'provisioning.stop_now',
      'application.delete',
    ]);
    expect(logRows(h.db, app.id)).toBe(1);
    expect((await h.get('/', admin)).status).toBe(200);
    expect((await h.get(`/logs?appId=${app.id}`, admin)).status).toBe(200);
  });
});
