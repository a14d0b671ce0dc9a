/**
 * Intents of SCIM writes (issue 16 item 4): recorded before each write and gone with its row; those a killed
 * process left (another boot id) are reconciled before the next cycle works, as what really happened.
 */
import crypto from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cycles, provisioningLog, scimIntents } from '../../db/schema';
import { createGroup } from '../../src/directory/groups';
import { addMembers } from '../../src/directory/memberships';
import { Scheduler } from '../../src/engine/cycle/scheduler';
import { BOOT_ID, type IntentAction, recordIntent } from '../../src/engine/intents/intent-store';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { systemClock } from '../../src/kernel/clock';
import { type EngineHarness, engineHarness } from '../support/engine-harness';
import { scimFetch } from '../support/scim-server';

function person(n: string) {
  return {
    userPrincipalName: `${n}@contoso.example`,
    mail: `${n}@contoso.example`,
    mailNickname: n,
    displayName: `${n[0]?.toUpperCase()}${n.slice(1)} Example`,
    givenName: n,
    surname: 'Example',
  };
}

let h: EngineHarness;
beforeEach(async () => {
  h = await engineHarness();
});
afterEach(async () => {
  await h.close();
});

const DEAD_CYCLE = 'cycle-killed-mid-write';

/** An intent as a killed process leaves it. */
function leftIntent(
  sourceId: string,
  action: IntentAction,
  rest: { targetId?: string; detail?: unknown; bootId?: string; objectType?: 'user' | 'group' } = {},
) {
  const id = crypto.randomUUID();
  h.db
    .insert(scimIntents)
    .values({
      id,
      appId: h.app.id,
      bootId: rest.bootId ?? 'a-process-that-is-gone',
      cycleId: DEAD_CYCLE,
      objectType: rest.objectType ?? 'user',
      sourceId,
      sourceDisplayName: 'Someone',
      action,
      targetId: rest.targetId ?? null,
      method: action === 'create' ? 'POST' : action === 'delete' ? 'DELETE' : 'PATCH',
      path: `${rest.objectType === 'group' ? 'Groups' : 'Users'}${rest.targetId ? `/${rest.targetId}` : ''}`,
      detail: JSON.stringify(rest.detail ?? []),
      createdAt: Date.now() - 1000,
    })
    .run();
  return id;
}

const intents = () => h.db.select().from(scimIntents).all();
const rowsOf = (sourceId: string) =>
  h.db.select().from(provisioningLog).where(eq(provisioningLog.sourceId, sourceId)).all();
const recovered = (sourceId: string) =>
  rowsOf(sourceId).filter((r) => r.steps.includes('Recovered after an interruption'));

async function createInTarget(userName: string): Promise<string> {
  const res = await scimFetch<{ id: string }>(h.scim, 'POST', '/Users', {
    body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName, active: true },
  });
  expect(res.status).toBe(201);
  return res.body.id;
}

describe('intents of SCIM writes', () => {
  it('leaves none behind after a cycle: each is deleted with its row', async () => {
    h.addUser(person('alice'));
    h.addUser(person('bob'));
    await h.cycle();
    expect(h.scim.writes().filter((r) => r.method === 'POST')).toHaveLength(2);
    expect(intents()).toEqual([]);
  });

  it('a create whose POST reached the target: a create row naming the target id, the link, no adoption', async () => {
    const ann = h.addUser(person('ann'));
    const targetId = await createInTarget('ann@contoso.example');
    leftIntent(ann.id, 'create', { detail: [['userName', 'ann@contoso.example']] });
    const cycleId = await h.cycle();

    const [row] = recovered(ann.id);
    expect(row).toMatchObject({
      provisioningAction: 'create',
      status: 'success',
      targetId,
      targetDisplayName: 'ann@contoso.example',
      cycleId: DEAD_CYCLE,
    });
    expect(row?.steps).toContain(`User ${targetId} with userName 'ann@contoso.example' exists`);
    expect(h.link(ann.id)?.targetId).toBe(targetId);
    // The cycle found the link: nothing adopted, nothing created again.
    expect(h.scim.writes().filter((r) => r.method === 'POST')).toHaveLength(1);
    const creates = rowsOf(ann.id).filter((r) => r.provisioningAction === 'create');
    expect(creates).toHaveLength(1);
    expect(h.logs(cycleId).some((r) => r.steps.includes('linked without changes'))).toBe(false);
    expect(intents()).toEqual([]);
  });

  it('a create whose POST never left: no row claims it, the cycle creates the user once', async () => {
    const ben = h.addUser(person('ben'));
    leftIntent(ben.id, 'create', { detail: [['userName', 'ben@contoso.example']] });
    await h.cycle();

    const [row] = recovered(ben.id);
    expect(row).toMatchObject({ provisioningAction: 'other', status: 'skipped', targetId: null });
    expect(row?.steps).toContain('was not carried out');
    const creates = rowsOf(ben.id).filter((r) => r.provisioningAction === 'create');
    expect(creates).toHaveLength(1);
    expect(creates[0]?.steps).not.toContain('Recovered');
    expect(creates[0]?.targetId).toBe(h.link(ben.id)?.targetId);
    expect(intents()).toEqual([]);
  });

  it('a delete: done when the target answers 404 (link dropped), not done while the user exists', async () => {
    const cat = h.addUser(person('cat'));
    const dan = h.addUser(person('dan'));
    await h.cycle();
    const catId = h.link(cat.id)?.targetId ?? '';
    const danId = h.link(dan.id)?.targetId ?? '';
    expect((await scimFetch(h.scim, 'DELETE', `/Users/${catId}`)).status).toBe(204);
    leftIntent(cat.id, 'delete', { targetId: catId });
    leftIntent(dan.id, 'delete', { targetId: danId });
    await h.cycle();

    expect(recovered(cat.id)[0]).toMatchObject({ provisioningAction: 'delete', status: 'success', targetId: catId });
    expect(recovered(dan.id)[0]).toMatchObject({ provisioningAction: 'other', status: 'skipped' });
    expect(h.link(dan.id)?.targetId).toBe(danId);
    expect(intents()).toEqual([]);
  });

  it('a disable: done when the target has active false (link disabled), not done while it is active', async () => {
    const jo = h.addUser(person('jo'));
    const kim = h.addUser(person('kim'));
    await h.cycle();
    const joId = h.link(jo.id)?.targetId ?? '';
    const patched = await scimFetch(h.scim, 'PATCH', `/Users/${joId}`, {
      body: {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'replace', path: 'active', value: false }],
      },
    });
    expect(patched.status).toBeLessThan(300);
    leftIntent(jo.id, 'disable', { targetId: joId });
    leftIntent(kim.id, 'disable', { targetId: h.link(kim.id)?.targetId ?? '' });
    await h.cycle();

    expect(recovered(jo.id)[0]).toMatchObject({ provisioningAction: 'disable', status: 'success', targetId: joId });
    expect(h.link(jo.id)).toMatchObject({ state: 'disabled', exported: { active: false } });
    expect(recovered(kim.id)[0]).toMatchObject({ provisioningAction: 'other', status: 'skipped' });
    expect(h.link(kim.id)?.state).toBe('active');
    expect(intents()).toEqual([]);
  });

  it('an update cannot be confirmed: a warning row that claims no update', async () => {
    const eve = h.addUser(person('eve'));
    await h.cycle();
    const id = h.link(eve.id)?.targetId ?? '';
    leftIntent(eve.id, 'update', { targetId: id, detail: ['title'] });
    await h.cycle();
    const [row] = recovered(eve.id);
    expect(row).toMatchObject({
      provisioningAction: 'other',
      status: 'warning',
      errorCode: 'InterruptedWriteUnconfirmed',
    });
    expect(intents()).toEqual([]);
  });

  it('while the target cannot be asked: intents stay, the cycle does no work and says why; the next one reconciles', async () => {
    const fay = h.addUser(person('fay'));
    leftIntent(fay.id, 'create', { detail: [['userName', 'fay@contoso.example']] });
    h.scim.faults.add({ method: 'GET', path: '/Users', status: 500, times: Number.POSITIVE_INFINITY });
    const first = await h.cycle();
    const row = h.db.select().from(cycles).where(eq(cycles.id, first)).get();
    expect(row?.status).toBe('failed');
    expect(row?.error).toContain('could not be checked against the target');
    expect(h.scim.writes()).toEqual([]);
    expect(intents()).toHaveLength(1);

    h.scim.faults.clear();
    await h.cycle();
    expect(intents()).toEqual([]);
    expect(recovered(fay.id)).toHaveLength(1);
    expect(h.link(fay.id)).not.toBeNull();
  });

  it('never touches the intents of writes in flight in this process', async () => {
    const gil = h.addUser(person('gil'));
    const id = leftIntent(gil.id, 'create', { detail: [['userName', 'x@contoso.example']], bootId: BOOT_ID });
    await h.cycle();
    expect(intents().map((i) => i.id)).toEqual([id]);
    expect(recovered(gil.id)).toEqual([]);
  });

  it('a group: the create found by displayName gets its row and link, its member PATCHes one unconfirmed row', async () => {
    const dir = { db: h.db, clock: systemClock, onChange: () => {} };
    const hal = h.addUser(person('hal'));
    await h.cycle();
    const g = createGroup(dir, CLI_ACTOR, { displayName: 'Pilots' });
    addMembers(dir, CLI_ACTOR, g.id, { memberIds: [hal.id] });
    h.assign(g.id, 'User');
    const made = await scimFetch<{ id: string }>(h.scim, 'POST', '/Groups', {
      body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Pilots' },
    });
    const opts = { objectType: 'group' as const };
    leftIntent(g.id, 'create', { ...opts, detail: [['displayName', 'Pilots']] });
    leftIntent(g.id, 'update', { ...opts, targetId: made.body.id, detail: ['members'] });
    leftIntent(g.id, 'update', { ...opts, targetId: made.body.id, detail: ['members'] });
    h.scim.clearRequests();
    await h.cycle();

    const rows = recovered(g.id);
    expect(rows.map((r) => [r.provisioningAction, r.status, r.sourceType])).toEqual([
      ['create', 'success', 'group'],
      ['other', 'warning', 'group'],
    ]);
    expect(rows[0]?.targetId).toBe(made.body.id);
    expect(h.link(g.id)?.targetId).toBe(made.body.id);
    // The group was not created twice; its member was sent by the cycle.
    expect(h.scim.writes().filter((r) => r.method === 'POST')).toEqual([]);
    const halId = h.link(hal.id)?.targetId;
    expect(
      h.scim.store
        .listGroups()
        .find((x) => x.displayName === 'Pilots')
        ?.members?.map((m) => m.value),
    ).toEqual([halId]);
    expect(intents()).toEqual([]);
  });

  it('start-up runs a cycle for an app with intents left by the last process, which reconciles them', async () => {
    const ivy = h.addUser(person('ivy'));
    await h.cycle();
    const id = h.link(ivy.id)?.targetId ?? '';
    leftIntent(ivy.id, 'update', { targetId: id, detail: ['title'] });
    const scheduler = new Scheduler(h.engine, { debounceMs: 10 });
    scheduler.start();
    await scheduler.idle();
    await scheduler.stop();
    expect(intents()).toEqual([]);
    expect(recovered(ivy.id)).toHaveLength(1);
  });
});

describe('intent store', () => {
  const intent = (appId: string, n: number) => ({
    appId,
    cycleId: 'c',
    objectType: 'user' as const,
    sourceId: `s${n}`,
    sourceDisplayName: null,
    action: 'create' as const,
    targetId: null,
    method: 'POST',
    path: 'Users',
    detail: [['userName', `u${n}@contoso.example`]],
  });

  it('commits the intents queued in one tick together, before any of them resolves', async () => {
    const pending = [1, 2, 3].map((n) => recordIntent(h.db, intent(h.app.id, n), Date.now()));
    expect(intents()).toEqual([]); // queued, not written yet: no request may leave
    const first = await pending[0];
    expect(intents().map((i) => i.id)).toEqual(expect.arrayContaining([first]));
    expect(intents()).toHaveLength(3);
    expect(new Set(await Promise.all(pending)).size).toBe(3);
  });

  it('rejects every intent of a batch that cannot be written, so none of their requests is sent', async () => {
    const bad = recordIntent(h.db, intent('no-such-app', 1), Date.now());
    const good = recordIntent(h.db, intent(h.app.id, 2), Date.now());
    await expect(bad).rejects.toThrow(/FOREIGN KEY/);
    await expect(good).rejects.toThrow(/FOREIGN KEY/);
    expect(intents()).toEqual([]);
  });
});
