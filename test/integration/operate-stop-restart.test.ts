/** Start/Stop and Restart against a slow loopback target: finish vs cancel, resume, and no duplicates. */
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, cycles } from '../../db/schema';
import { getApplication, setProvisioning } from '../../src/apps/applications';
import { linkedSourceIds } from '../../src/engine/connector-store';
import { Scheduler } from '../../src/engine/cycle/scheduler';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { restartJob, stopProvisioning } from '../../src/operate/stop-restart';
import { type EngineHarness, engineHarness } from '../support/engine-harness';
import { people } from '../support/people';

let h: EngineHarness;
let s: Scheduler;
beforeEach(async () => {
  h = await engineHarness({ maxConcurrency: 2 });
  s = new Scheduler(h.engine, { debounceMs: 10 });
});
afterEach(async () => {
  await s.stop();
  await h.close();
});

const cycleRow = (id: string) => h.db.select().from(cycles).where(eq(cycles.id, id)).get();
const activities = () =>
  h.db
    .select()
    .from(auditLog)
    .all()
    .map((a) => a.activity);
const until = async (ok: () => boolean) => {
  for (let i = 0; i < 500 && !ok(); i++) await new Promise((r) => setTimeout(r, 10));
};

describe('stop', () => {
  it('Off lets the running cycle finish and starts no new one', async () => {
    for (const p of people('fin', 20)) h.addUser(p);
    h.scim.faults.setLatency(15);
    const id = s.runNow(h.app.id, { type: 'user', name: 't' });
    await until(() => (cycleRow(id)?.processed ?? 0) >= 3);
    const r = await stopProvisioning(h.appsDeps, s, CLI_ACTOR, h.app.id, 'after_cycle');
    expect(r.cycleId).toBe(id);
    await s.idle();
    expect(cycleRow(id)).toMatchObject({ status: 'succeeded', processed: 20, total: 20 });
    expect(h.scim.store.countUsers()).toBe(20);
    s.nudge([{ objectType: 'user', objectId: 'x', appId: null, kind: 'update' }]);
    await s.idle();
    expect(h.db.select().from(cycles).all()).toHaveLength(1);
    expect(getApplication(h.db, h.app.id).provisioningEnabled).toBe(false);
    expect(activities()).toContain('provisioning.stop');
  });

  it('stop now cancels between objects, keeps the watermark, and On resumes without duplicates', async () => {
    for (const p of people('can', 30)) h.addUser(p);
    h.scim.faults.setLatency(15);
    s.refresh(h.app.id); // provisioning is on and the initial cycle has not run: it starts now
    await until(() => (h.db.select().from(cycles).get()?.processed ?? 0) >= 4);
    const id = h.db.select().from(cycles).get()?.id ?? '';
    const r = await stopProvisioning(h.appsDeps, s, CLI_ACTOR, h.app.id, 'now');
    expect(r.cycleId).toBe(id);
    const row = cycleRow(id);
    expect(row?.status).toBe('failed');
    expect(row?.error).toBe('Stopped before it finished');
    expect(row?.processed).toBeLessThan(30);
    // Every object it took was finished and logged: the target holds exactly the linked ones.
    expect(h.scim.store.countUsers()).toBe(row?.processed);
    expect(linkedSourceIds(h.db, h.app.id)).toHaveLength(row?.processed ?? -1);
    expect(getApplication(h.db, h.app.id)).toMatchObject({ watermark: 0, initialCycleDone: false });
    expect(activities()).toContain('provisioning.stop_now');

    h.scim.faults.setLatency(0);
    setProvisioning(h.appsDeps, CLI_ACTOR, h.app.id, true);
    s.refresh(h.app.id);
    await s.idle();
    expect(h.scim.store.countUsers()).toBe(30);
    expect(h.scim.requests.filter((x) => x.method === 'POST')).toHaveLength(30);
    expect(getApplication(h.db, h.app.id).initialCycleDone).toBe(true);
  });
});

describe('restart', () => {
  it('re-evaluates everything with links kept, or forgotten, and creates no duplicates', async () => {
    const users = people('rst', 6).map((p) => h.addUser(p));
    await h.cycle();
    expect(h.scim.store.countUsers()).toBe(6);
    h.update(users[0]?.id ?? '', { jobTitle: 'Changed' });
    h.scim.clearRequests();

    const kept = await restartJob(h.appsDeps, s, CLI_ACTOR, h.app.id);
    expect(kept).toMatchObject({ linksForgotten: 0 });
    await s.idle();
    const all = h.db.select().from(cycles).all();
    expect(all.at(-1)).toMatchObject({ type: 'initial', status: 'succeeded', processed: 6 });
    expect(h.scim.writes().map((w) => w.method)).toEqual(['PATCH']);
    expect(h.scim.store.countUsers()).toBe(6);

    h.scim.clearRequests();
    const forgot = await restartJob(h.appsDeps, s, CLI_ACTOR, h.app.id, { forgetLinks: true });
    expect(forgot.linksForgotten).toBe(6);
    await s.idle();
    // Re-matched by userName and adopted: nothing created, every link back.
    expect(h.scim.writes().filter((w) => w.method === 'POST')).toHaveLength(0);
    expect(h.scim.store.countUsers()).toBe(6);
    expect(linkedSourceIds(h.db, h.app.id)).toHaveLength(6);
    const audits = h.db.select().from(auditLog).where(eq(auditLog.activity, 'provisioning.restart')).all();
    expect(audits.map((a) => JSON.parse(a.after ?? '{}').forgetLinks)).toEqual([false, true]);
  });
});
