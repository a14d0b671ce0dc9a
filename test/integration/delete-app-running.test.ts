/**
 * Deleting an application while its cycle runs against a slow target (issue 15 item 8): the cycle is stopped
 * between objects and awaited before the configuration goes, so nothing writes links or counters for a
 * deleted app; its log rows stay; the scheduler keeps no cron for it.
 */
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, connectorObjects, cycles, provisioningLog } from '../../db/schema';
import { listApplications } from '../../src/apps/applications';
import { Scheduler } from '../../src/engine/cycle/scheduler';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { deleteApplicationSafely } from '../../src/operate/delete-app';
import { jobRunnerOf } from '../../src/wiring';
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

const until = async (ok: () => boolean) => {
  for (let i = 0; i < 500 && !ok(); i++) await new Promise((r) => setTimeout(r, 10));
};

describe('delete an application during a cycle', () => {
  it('stops the cycle first, then deletes; the log rows stay and nothing more is written', async () => {
    for (const p of people('del', 30)) h.addUser(p);
    h.scim.faults.setLatency(15);
    s.refresh(h.app.id); // on, initial cycle not run: it starts now
    await until(() => (h.db.select().from(cycles).get()?.processed ?? 0) >= 4);
    const cycleId = h.db.select().from(cycles).get()?.id;

    const result = await deleteApplicationSafely(h.appsDeps, jobRunnerOf(s), CLI_ACTOR, h.app.id);
    expect(result.cancelledCycleId).toBe(cycleId);
    expect(s.runningCycleId(h.app.id)).toBeNull();
    expect(listApplications(h.db)).toEqual([]);

    const logged = h.db.select().from(provisioningLog).where(eq(provisioningLog.appId, h.app.id)).all().length;
    expect(logged).toBeGreaterThanOrEqual(4);
    expect(logged).toBeLessThan(30);
    // Cascaded with the app: its links and cycles.
    expect(h.db.select().from(connectorObjects).all()).toEqual([]);
    expect(h.db.select().from(cycles).all()).toEqual([]);
    const writes = h.scim.requests.length;

    // A directory change afterwards starts nothing for the deleted app.
    s.nudge([{ objectType: 'user', objectId: 'x', appId: null, kind: 'update' }]);
    await new Promise((r) => setTimeout(r, 100));
    await s.idle();
    expect(h.scim.requests.length).toBe(writes);
    expect(h.db.select().from(provisioningLog).where(eq(provisioningLog.appId, h.app.id)).all().length).toBe(logged);
    expect(
      h.db
        .select()
        .from(auditLog)
        .all()
        .map((a) => a.activity),
    ).toEqual(expect.arrayContaining(['provisioning.stop', 'provisioning.stop_now', 'application.delete']));
  });
});
