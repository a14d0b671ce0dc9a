/**
 * Intents of SCIM writes (issue 16 item 4): recorded before each write and gone with its row; those a killed
 * process left (another boot id) are reconciled before the next cycle works, as what really happened.
 */
import crypto from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cycles, provisioningLog, scimIntents } from '../../db/schema';
import { BOOT_ID, type IntentAction } from '../../src/engine/intents/intent-store';
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
  rest: { targetId?: string; detail?: unknown; bootId?: string } = {},
) {
  const id = crypto.randomUUID();
  h.db
    .insert(scimIntents)
    .values({
      id,
      appId: h.app.id,
      bootId: rest.bootId ?? 'a-process-that-is-gone',
      cycleId: DEAD_CYCLE,
      objectType: 'user',
      sourceId,
      sourceDisplayName: 'Someone',
      action,
      targetId: rest.targetId ?? null,
      method: action === 'create' ? 'POST' : action === 'delete' ? 'DELETE' : 'PATCH',
      path: rest.targetId ? `Users/${rest.targetId}` : 'Users',
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
});
