/** Dry runs and drift reports cover users; linked groups must neither be planned as users nor reported missing. */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createGroup, updateGroup } from '../../src/directory/groups';
import { addMembers } from '../../src/directory/memberships';
import { linkedSourceIds } from '../../src/engine/connector-store';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { systemClock } from '../../src/kernel/clock';
import { createDriftReport } from '../../src/operate/drift/report';
import { driftFindings, driftReportView, getDriftReport } from '../../src/operate/drift/store';
import { createDryRun } from '../../src/operate/dry-run/run';
import { allPlanItems } from '../../src/operate/dry-run/store';
import { type EngineHarness, engineHarness } from '../support/engine-harness';
import { person } from '../support/people';

let h: EngineHarness;
beforeEach(async () => {
  h = await engineHarness();
});
afterEach(async () => {
  await h.close();
});

it('leaves groups out of user plans and user drift', async () => {
  const dir = { db: h.db, clock: systemClock, onChange: () => {} };
  const a = h.addUser(person('gina'), null);
  const b = h.addUser(person('gus'), null);
  const g = createGroup(dir, CLI_ACTOR, { displayName: 'Sales' });
  addMembers(dir, CLI_ACTOR, g.id, { memberIds: [a.id, b.id] });
  h.assign(g.id, 'User');
  await h.cycle();
  expect(linkedSourceIds(h.db, h.app.id, 'group')).toEqual([g.id]);
  expect(h.scim.store.countGroups()).toBe(1);

  updateGroup(dir, CLI_ACTOR, g.id, { displayName: 'Sales EMEA' });
  h.update(a.id, { jobTitle: 'Lead' });
  h.scim.clearRequests();
  const plan = await createDryRun(h.engine, CLI_ACTOR, h.app.id, 'next');
  expect(allPlanItems(h.db, plan.id).map((i) => [i.sourceId, i.action])).toEqual([[a.id, 'update']]);

  const report = await createDriftReport(h.engine, CLI_ACTOR, h.app.id);
  expect(driftReportView(getDriftReport(h.db, h.app.id, report)).counts).toMatchObject({
    targetUsers: 2,
    linked: 2,
    missing: 0,
    orphan: 0,
  });
  expect(driftFindings(h.db, report)).toEqual([]);
  expect(h.scim.writes()).toHaveLength(0);
});
