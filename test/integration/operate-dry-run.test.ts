/** Dry run: zero writes on the wire while planning; apply sends exactly the planned writes, and no stale one. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { provisioningLog } from '../../db/schema';
import { linkedSourceIds } from '../../src/engine/connector-store';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { ConflictError } from '../../src/kernel/errors';
import { applyPlan } from '../../src/operate/dry-run/apply';
import { createDryRun, discardPlan } from '../../src/operate/dry-run/run';
import { allPlanItems, itemChanges, planItems, planView } from '../../src/operate/dry-run/store';
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
const wire = (reqs: { method: string; path: string }[]) => reqs.map((r) => `${r.method} ${r.path}`).sort();

/** Three provisioned users, then one changed, one unassigned, one new, one new that exists in the target. */
async function scenario() {
  const [ann, ben, cat] = ['ann', 'ben', 'cat'].map((n) => h.addUser(person(n)));
  await h.cycle();
  h.update(ann?.id ?? '', { department: 'Sales', jobTitle: 'Lead' });
  h.unassign(ben?.id ?? '');
  const dan = h.addUser(person('dan'));
  await scimFetch(h.scim, 'POST', '/Users', {
    body: {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: 'eve@contoso.example',
      title: 'Old',
      // The sandbox refuses an `add` to emails[type eq "work"] when the user has no emails at all.
      emails: [{ type: 'work', value: 'eve@contoso.example', primary: true }],
    },
  });
  const eve = h.addUser(person('eve'));
  return { ann, ben, cat, dan, eve };
}

describe('dry run', () => {
  it('plans the next cycle with zero writes, and apply sends exactly the planned ones', async () => {
    const { ann, ben, dan, eve } = await scenario();
    const logsBefore = h.db.select().from(provisioningLog).all().length;
    const linksBefore = linkedSourceIds(h.db, h.app.id).sort();
    h.scim.clearRequests();

    const plan = await createDryRun(h.engine, CLI_ACTOR, h.app.id, 'next');
    expect(h.scim.writes()).toHaveLength(0);
    expect(h.db.select().from(provisioningLog).all()).toHaveLength(logsBefore);
    expect(linkedSourceIds(h.db, h.app.id).sort()).toEqual(linksBefore);
    expect(planView(plan).counts).toMatchObject({ create: 1, update: 2, disable: 1, delete: 0, failed: 0 });

    const items = allPlanItems(h.db, plan.id);
    const of = (id: string | undefined) => items.find((i) => i.sourceId === id);
    expect(of(ann?.id)?.action).toBe('update');
    expect(itemChanges(of(ann?.id) ?? { changes: '[]' })).toEqual([
      { attribute: 'title', oldValue: 'Engineer', newValue: 'Lead' },
      {
        attribute: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department',
        oldValue: 'R&D',
        newValue: 'Sales',
      },
    ]);
    expect(of(ben?.id)).toMatchObject({ action: 'disable' });
    expect(of(dan?.id)).toMatchObject({ action: 'create' });
    expect(of(eve?.id)?.action).toBe('update'); // adopts the existing target user and fixes it
    expect(of(eve?.id)?.reason).toContain('Adopts');
    expect(planItems(h.db, plan.id, { action: 'create', limit: 10, offset: 0 }).total).toBe(1);
    expect(planItems(h.db, plan.id, { q: 'Dan', limit: 10, offset: 0 }).items.map((i) => i.sourceId)).toEqual([
      dan?.id,
    ]);

    h.scim.clearRequests();
    const result = await applyPlan(h.engine, CLI_ACTOR, h.app.id, plan.id, BY);
    expect(result).toEqual({ executed: 4, stale: 0, failed: 0, held: 0 });
    const target = (id: string | undefined) => h.link(id ?? '')?.targetId;
    expect(wire(h.scim.writes())).toEqual(
      [
        'POST /Users',
        `PATCH /Users/${target(ann?.id)}`,
        `PATCH /Users/${target(ben?.id)}`,
        `PATCH /Users/${target(eve?.id)}`,
      ].sort(),
    );
    expect(h.scim.store.countUsers()).toBe(5);
    expect(allPlanItems(h.db, plan.id, { action: 'update' }).map((i) => i.applyStatus)).toEqual([
      'executed',
      'executed',
    ]);
    await expect(applyPlan(h.engine, CLI_ACTOR, h.app.id, plan.id, BY)).rejects.toBeInstanceOf(ConflictError);
  });

  it('executes only actions still valid at apply time', async () => {
    const { ann, dan } = await scenario();
    const plan = await createDryRun(h.engine, CLI_ACTOR, h.app.id, 'next');
    // After the plan: ann changes again (her planned PATCH is stale) and dan is unassigned (no create).
    h.update(ann?.id ?? '', { jobTitle: 'Chief' });
    h.unassign(dan?.id ?? '');
    h.scim.clearRequests();
    const result = await applyPlan(h.engine, CLI_ACTOR, h.app.id, plan.id, BY);
    expect(result).toMatchObject({ executed: 2, stale: 2 });
    expect(h.scim.writes().some((w) => w.method === 'POST')).toBe(false);
    expect(h.scim.writes().some((w) => w.path === `/Users/${h.link(ann?.id ?? '')?.targetId}`)).toBe(false);
    const annItem = allPlanItems(h.db, plan.id).find((i) => i.sourceId === ann?.id);
    expect(annItem).toMatchObject({ applyStatus: 'stale' });
    expect(annItem?.applyNote).toContain('Now plans update');
  });

  it('plans a full cycle, and a discarded plan cannot be applied', async () => {
    await scenario();
    h.scim.clearRequests();
    const full = await createDryRun(h.engine, CLI_ACTOR, h.app.id, 'full');
    expect(planView(full).counts).toMatchObject({ skip: 1, create: 1, update: 2, disable: 1 });
    discardPlan(h.engine, CLI_ACTOR, h.app.id, full.id);
    await expect(applyPlan(h.engine, CLI_ACTOR, h.app.id, full.id, BY)).rejects.toBeInstanceOf(ConflictError);
    expect(h.scim.writes()).toHaveLength(0);
  });
});
