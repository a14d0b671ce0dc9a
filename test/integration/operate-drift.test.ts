/** Drift report: orphan, missing and drifted attribute planted directly in the sandbox target; then the actions. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { ValidationError } from '../../src/kernel/errors';
import { actOnDrift } from '../../src/operate/drift/actions';
import { createDriftReport } from '../../src/operate/drift/report';
import { driftFindings, driftItemView, driftReportView, getDriftReport } from '../../src/operate/drift/store';
import { type EngineHarness, engineHarness } from '../support/engine-harness';
import { person } from '../support/people';
import { scimFetch } from '../support/scim-server';

let h: EngineHarness;
beforeEach(async () => {
  h = await engineHarness();
});
afterEach(async () => {
  await h.close();
});

const BY = { type: 'user' as const, name: 'op' };
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

async function plant() {
  const [ada, bea, cyd] = ['ada', 'bea', 'cyd'].map((n) => h.addUser(person(n)));
  await h.cycle();
  // Directly in the target, behind Provisio's back:
  await scimFetch(h.scim, 'DELETE', `/Users/${h.link(bea?.id ?? '')?.targetId}`); // missing
  await scimFetch(h.scim, 'PATCH', `/Users/${h.link(cyd?.id ?? '')?.targetId}`, {
    body: {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', path: 'title', value: 'Hacker' }],
    },
  }); // drifted
  const stray = await scimFetch<{ id: string }>(h.scim, 'POST', '/Users', {
    body: { schemas: [USER], userName: 'stray@elsewhere.example' },
  }); // orphan, matches nobody
  const twin = await scimFetch<{ id: string }>(h.scim, 'POST', '/Users', {
    body: {
      schemas: [USER],
      userName: 'dee@contoso.example',
      emails: [{ type: 'work', value: 'dee@contoso.example', primary: true }],
    },
  }); // orphan that matches an assigned user not yet provisioned
  const dee = h.addUser(person('dee'));
  return { ada, bea, cyd, dee, stray: stray.body.id, twin: twin.body.id };
}

describe('drift report', () => {
  it('finds an orphan, a missing user and a drifted attribute, reading only', async () => {
    const { bea, cyd, dee, stray, twin } = await plant();
    h.scim.clearRequests();
    const id = await createDriftReport(h.engine, CLI_ACTOR, h.app.id);
    expect(h.scim.writes()).toHaveLength(0);
    expect(driftReportView(getDriftReport(h.db, h.app.id, id)).counts).toEqual({
      targetUsers: 4,
      linked: 3,
      targetGroups: 0,
      linkedGroups: 0,
      orphan: 2,
      missing: 1,
      drifted: 1,
      ignored: 0,
    });
    const f = driftFindings(h.db, id).map(driftItemView);
    expect(f.filter((x) => x.kind === 'orphan').map((x) => [x.targetId, x.matchSourceId])).toEqual([
      [stray, null],
      [twin, dee?.id],
    ]);
    expect(f.find((x) => x.kind === 'missing')).toMatchObject({ sourceId: bea?.id });
    expect(f.find((x) => x.kind === 'drifted')).toMatchObject({
      sourceId: cyd?.id,
      attributes: [{ attribute: 'title', exported: 'Engineer', target: 'Hacker' }],
    });
  });

  it('adopts, re-creates, re-pushes and ignores, each only when asked', async () => {
    const { bea, cyd, dee, twin } = await plant();
    const id = await createDriftReport(h.engine, CLI_ACTOR, h.app.id);
    const seqOf = (kind: string, targetId?: string) =>
      driftFindings(h.db, id).find((x) => x.kind === kind && (!targetId || x.targetId === targetId))?.seq ?? -1;
    h.scim.clearRequests();

    const adopted = await actOnDrift(h.engine, CLI_ACTOR, h.app.id, id, seqOf('orphan', twin), 'adopt', BY);
    expect(adopted.status).toBe('resolved');
    expect(h.link(dee?.id ?? '')?.targetId).toBe(twin);
    expect(h.scim.writes().filter((w) => w.method === 'POST')).toHaveLength(0);

    await actOnDrift(h.engine, CLI_ACTOR, h.app.id, id, seqOf('missing'), 'recreate', BY);
    expect(h.scim.writes().filter((w) => w.method === 'POST')).toHaveLength(1);
    expect(h.scim.store.listUsers().some((u) => u.userName === 'bea@contoso.example')).toBe(true);
    expect(h.link(bea?.id ?? '')).not.toBeNull();

    h.scim.clearRequests();
    const pushed = await actOnDrift(h.engine, CLI_ACTOR, h.app.id, id, seqOf('drifted'), 'repush', BY);
    expect(pushed.result?.modifiedProperties).toEqual([
      { displayName: 'title', oldValue: 'Hacker', newValue: 'Engineer' },
    ]);
    const cydTarget = h.scim.store.listUsers().find((u) => u.id === h.link(cyd?.id ?? '')?.targetId);
    expect(cydTarget?.title).toBe('Engineer');

    const strayItem = seqOf('orphan');
    await expect(actOnDrift(h.engine, CLI_ACTOR, h.app.id, id, strayItem, 'adopt', BY)).rejects.toBeInstanceOf(
      ValidationError,
    );
    await actOnDrift(h.engine, CLI_ACTOR, h.app.id, id, strayItem, 'ignore', BY);
    const next = await createDriftReport(h.engine, CLI_ACTOR, h.app.id);
    expect(driftReportView(getDriftReport(h.db, h.app.id, next)).counts).toMatchObject({
      orphan: 0,
      missing: 0,
      drifted: 0,
      ignored: 1,
    });
  });
});

describe('group drift', () => {
  it('finds group orphans, missing groups and member drift, and acts on them', async () => {
    const { createGroup } = await import('../../src/directory/groups');
    const { addMembers } = await import('../../src/directory/memberships');
    const dir = { db: h.db, clock: { now: () => Date.now() }, onChange: () => {} };
    const [ann, bob] = ['ann', 'bob'].map((n) => h.addUser(person(n), null));
    const sales = createGroup(dir, CLI_ACTOR, { displayName: 'Sales' });
    const ops = createGroup(dir, CLI_ACTOR, { displayName: 'Ops' });
    addMembers(dir, CLI_ACTOR, sales.id, { memberIds: [ann?.id ?? '', bob?.id ?? ''] });
    addMembers(dir, CLI_ACTOR, ops.id, { memberIds: [ann?.id ?? ''] });
    h.assign(sales.id, 'User');
    h.assign(ops.id, 'User');
    await h.cycle();
    const salesTarget = h.link(sales.id)?.targetId ?? '';
    const opsTarget = h.link(ops.id)?.targetId ?? '';
    const bobTarget = h.link(bob?.id ?? '')?.targetId ?? '';
    // Behind Provisio's back: bob leaves Sales, Ops is deleted, an "Eng" group appears.
    await scimFetch(h.scim, 'PATCH', `/Groups/${salesTarget}`, {
      body: {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'remove', path: `members[value eq "${bobTarget}"]` }],
      },
    });
    await scimFetch(h.scim, 'DELETE', `/Groups/${opsTarget}`);
    const eng = await scimFetch<{ id: string }>(h.scim, 'POST', '/Groups', {
      body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Eng' },
    });
    const engDir = createGroup(dir, CLI_ACTOR, { displayName: 'Eng' });
    h.assign(engDir.id, 'User');
    h.scim.clearRequests();

    const id = await createDriftReport(h.engine, CLI_ACTOR, h.app.id);
    expect(h.scim.writes()).toHaveLength(0);
    const groupsFound = driftFindings(h.db, id)
      .map(driftItemView)
      .filter((f) => f.objectType === 'group');
    expect(groupsFound.map((f) => [f.kind, f.displayName])).toEqual([
      ['drifted', 'Sales'],
      ['orphan', 'Eng'],
      ['missing', 'Ops'],
    ]);
    expect(groupsFound[0]?.attributes).toEqual([
      { attribute: 'members', exported: 'missing in target: bob@contoso.example', target: null },
    ]);
    expect(groupsFound[1]?.matchSourceId).toBe(engDir.id);

    const seq = (kind: string) => groupsFound.find((f) => f.kind === kind)?.seq ?? -1;
    await actOnDrift(h.engine, CLI_ACTOR, h.app.id, id, seq('drifted'), 'repush', BY);
    const sales2 = h.scim.store.listGroups().find((g) => g.id === salesTarget);
    expect((sales2?.members ?? []).map((m) => m.value)).toContain(bobTarget);
    await actOnDrift(h.engine, CLI_ACTOR, h.app.id, id, seq('orphan'), 'adopt', BY);
    expect(h.link(engDir.id)?.targetId).toBe(eng.body.id);
    h.scim.clearRequests();
    await actOnDrift(h.engine, CLI_ACTOR, h.app.id, id, seq('missing'), 'recreate', BY);
    expect(h.scim.writes().map((w) => `${w.method} ${w.path}`)[0]).toBe('POST /Groups');
    expect(
      h.scim.store
        .listGroups()
        .map((g) => g.displayName)
        .sort(),
    ).toEqual(['Eng', 'Ops', 'Sales']);
    const again = await createDriftReport(h.engine, CLI_ACTOR, h.app.id);
    expect(driftReportView(getDriftReport(h.db, h.app.id, again)).counts).toMatchObject({
      orphan: 0,
      missing: 0,
      drifted: 0,
      targetGroups: 3,
      linkedGroups: 3,
    });
  });
});
