/**
 * Applying a plan bigger than one page of items: walked in pages of 4, it must leave the target, the log and
 * the items' verdicts exactly as one page holding the whole plan does (the pre-paging behaviour).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { provisioningLog } from '../../db/schema';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { applyPlan } from '../../src/operate/dry-run/apply';
import { createDryRun } from '../../src/operate/dry-run/run';
import { allPlanItems } from '../../src/operate/dry-run/store';
import { type EngineHarness, engineHarness } from '../support/engine-harness';
import { person } from '../support/people';

const BY = { type: 'user' as const, name: 'op' };
const names = Array.from({ length: 30 }, (_, i) => `u${String(i).padStart(2, '0')}`);
const opened: EngineHarness[] = [];
afterEach(async () => {
  for (const h of opened.splice(0)) await h.close();
});

/** The same tenant each time: 30 provisioned, then updates, unassignments and new users; two go stale. */
async function applyWithPages(pageSize: number) {
  const h = await engineHarness();
  opened.push(h);
  const users = names.map((n) => h.addUser(person(n)));
  await h.cycle();
  const id = (i: number) => users[i]?.id ?? '';
  for (const i of [1, 5, 9, 13, 17, 21, 25]) h.update(id(i), { department: `Dept ${i}`, jobTitle: 'Lead' });
  for (const i of [3, 11, 19]) h.unassign(id(i));
  const fresh = ['n1', 'n2', 'n3', 'n4', 'n5'].map((n) => h.addUser(person(n)));
  // A full plan: the skips of unchanged users sit between the actions on every page.
  const plan = await createDryRun(h.engine, CLI_ACTOR, h.app.id, 'full');
  h.update(id(9), { jobTitle: 'Changed again' });
  h.unassign(fresh[2]?.id ?? '');
  const logBefore = new Set(
    h.db
      .select({ id: provisioningLog.id })
      .from(provisioningLog)
      .all()
      .map((r) => r.id),
  );

  const result = await applyPlan(h.engine, CLI_ACTOR, h.app.id, plan.id, BY, pageSize);

  const log = h.db
    .select()
    .from(provisioningLog)
    .all()
    .filter((r) => !logBefore.has(r.id))
    .map((r) => `${r.sourceDisplayName} ${r.provisioningAction} ${r.status} ${r.errorReason ?? ''}`)
    .sort();
  const verdicts = allPlanItems(h.db, plan.id)
    .map((i) => `${i.displayName} ${i.action} ${i.applyStatus} ${i.applyNote ?? ''}`)
    .sort();
  const target = h.scim.store
    .listUsers()
    .map(({ id: _id, meta: _meta, externalId: _ext, ...u }) => JSON.stringify(u))
    .sort();
  return { result, log, verdicts, target, items: allPlanItems(h.db, plan.id).length };
}

describe('dry-run apply in pages', () => {
  it('gives the same target, log rows and verdicts in pages of 4 as in one page', async () => {
    const paged = await applyWithPages(4);
    const whole = await applyWithPages(10_000);
    expect(paged.items).toBe(35);
    expect(paged.result).toEqual({ executed: 13, stale: 2, failed: 0, held: 0 });
    expect(paged.result).toEqual(whole.result);
    expect(paged.verdicts).toEqual(whole.verdicts);
    expect(paged.verdicts.filter((v) => v.includes(' stale '))).toHaveLength(2);
    expect(paged.log).toEqual(whole.log);
    expect(paged.log).toHaveLength(13);
    expect(paged.target).toEqual(whole.target);
    expect(paged.target).toHaveLength(34);
  }, 120_000);
});
