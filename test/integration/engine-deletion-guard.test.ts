/**
 * Accidental-deletions prevention and the deprovisioning options: over the threshold nothing is disabled,
 * the held actions are logged as stagedDelete and the job is quarantined (TooManyDeletes) until an admin
 * allows deletes; skip out-of-scope deletions; Target Object Actions toggles.
 */
import { and, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { escrows, provisioningLog } from '../../db/schema';
import { getApplication } from '../../src/apps/applications';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { allowDeletes } from '../../src/operate/job-control';
import { type EngineHarness, engineHarness } from '../support/engine-harness';
import { people, person } from '../support/people';
import { startSmtpServer } from '../support/smtp';

let h: EngineHarness;
let smtp: Awaited<ReturnType<typeof startSmtpServer>> | null = null;
afterEach(async () => {
  await h.close();
  await smtp?.close();
  smtp = null;
});

const disables = () =>
  h.scim.requests.filter(
    (r) => r.method === 'PATCH' && JSON.stringify(r.body).includes('"path":"active","value":false'),
  );

describe('deletion guard', () => {
  it('holds 600 disables over a threshold of 500 until Allow deletes, then sends exactly 600', async () => {
    smtp = await startSmtpServer();
    h = await engineHarness({ notificationEmail: 'ops@contoso.example', maxConcurrency: 8 }, { smtpUrl: smtp.url });
    const dir = people('d', 1000).map((p) => h.addUser(p));
    await h.cycle();
    expect(h.scim.store.countUsers()).toBe(1000);
    const leaving = dir.slice(0, 600);
    for (const u of leaving) h.unassign(u.id);
    h.scim.clearRequests();

    const guarded = await h.cycle();
    await h.notifier?.settled();
    expect(disables()).toEqual([]);
    expect(h.scim.writes()).toEqual([]);
    const staged = h.logs(guarded).filter((r) => r.provisioningAction === 'stagedDelete');
    expect(staged).toHaveLength(600);
    expect(staged[0]).toMatchObject({ status: 'skipped', errorCode: 'TooManyDeletes' });
    expect(staged[0]?.errorReason).toContain('would disable or delete 600 users');
    const app = getApplication(h.db, h.app.id);
    expect(app.quarantineReason).toBe('TooManyDeletes');
    expect(h.db.select().from(escrows).where(eq(escrows.kind, 'staged')).all()).toHaveLength(600);
    expect(leaving.every((u) => h.link(u.id)?.state === 'active')).toBe(true);
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]?.subject).toContain('600 deletions held');
    expect(smtp.received[0]?.text).toContain(`/logs?appId=${h.app.id}&cycleId=${guarded}&action=stagedDelete`);

    expect(allowDeletes(h.appsDeps, CLI_ACTOR, h.app.id)).toEqual({ held: 600 });
    expect(getApplication(h.db, h.app.id).quarantineReason).toBeNull();
    const allowed = await h.cycle();
    expect(disables()).toHaveLength(600);
    expect(new Set(disables().map((r) => r.path)).size).toBe(600);
    expect(h.logs(allowed).filter((r) => r.provisioningAction === 'disable' && r.status === 'success')).toHaveLength(
      600,
    );
    expect(leaving.every((u) => h.link(u.id)?.state === 'disabled')).toBe(true);
    expect(h.db.select().from(escrows).all()).toEqual([]);
    expect(getApplication(h.db, h.app.id)).toMatchObject({ forceDeletes: false, quarantineReason: null });
  }, 120_000);

  it('trips on the optional percentage of linked users', async () => {
    h = await engineHarness({ deleteThreshold: 500, deleteThresholdPercent: 30 });
    const dir = people('p', 10).map((p) => h.addUser(p));
    await h.cycle();
    for (const u of dir.slice(0, 4)) h.unassign(u.id);
    h.scim.clearRequests();
    const cycleId = await h.cycle();
    expect(h.scim.writes()).toEqual([]);
    expect(h.logs(cycleId).every((r) => r.provisioningAction === 'stagedDelete')).toBe(true);
    expect(getApplication(h.db, h.app.id).quarantineReason).toBe('TooManyDeletes');
  });

  it('carries out disables under the threshold in the same cycle', async () => {
    h = await engineHarness({ deleteThreshold: 3 });
    const dir = people('u', 5).map((p) => h.addUser(p));
    await h.cycle();
    for (const u of dir.slice(0, 3)) h.unassign(u.id);
    h.scim.clearRequests();
    await h.cycle();
    expect(disables()).toHaveLength(3);
    expect(getApplication(h.db, h.app.id).quarantineReason).toBeNull();
  });
});

describe('deprovisioning options', () => {
  const logOf = (cycleId: string, sourceId: string) =>
    h.db
      .select()
      .from(provisioningLog)
      .where(and(eq(provisioningLog.cycleId, cycleId), eq(provisioningLog.sourceId, sourceId)))
      .get();

  it('skips out-of-scope deletions when asked, logging why', async () => {
    h = await engineHarness({ skipOutOfScopeDeletions: true });
    const u = h.addUser(person('alice'));
    await h.cycle();
    h.unassign(u.id);
    h.scim.clearRequests();
    const cycleId = await h.cycle();
    expect(h.scim.requests).toEqual([]);
    expect(logOf(cycleId, u.id)).toMatchObject({ provisioningAction: 'other', status: 'skipped' });
    expect(logOf(cycleId, u.id)?.steps).toContain('Skip out-of-scope deletions is on');
    expect(h.link(u.id)?.state).toBe('active');
  });

  it.each([
    ['Create', { actionCreate: false }, 'not created: Create is not ticked'],
    ['Update', { actionUpdate: false }, 'not updated: Update is not ticked'],
    ['Delete', { actionDelete: false }, 'not disabled in the target: Delete is not ticked'],
  ])('logs an unticked %s action as skipped with the reason', async (_name, settings, reason) => {
    h = await engineHarness();
    const u = h.addUser(person('alice'));
    if (!('actionCreate' in settings)) await h.cycle();
    h.setApp(settings);
    if ('actionUpdate' in settings) h.update(u.id, { jobTitle: 'Boss' });
    if ('actionDelete' in settings) h.unassign(u.id);
    h.scim.clearRequests();
    const cycleId = await h.cycle();
    expect(h.scim.writes()).toEqual([]);
    expect(logOf(cycleId, u.id)).toMatchObject({ provisioningAction: 'other', status: 'skipped' });
    expect(logOf(cycleId, u.id)?.steps).toContain(reason);
  });
});
