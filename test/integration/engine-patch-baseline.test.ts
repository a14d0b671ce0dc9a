/**
 * The exported-values baseline after a PATCH (issue 12): a typed entry added whole (`add emails
 * [{type: "work", value}]`, see src/scim/patch-diff.ts) must be remembered under the path the mapping
 * names, `emails[type eq "work"].value`. Recorded under `emails`, it was re-sent by every later update and
 * a strict target collected one more identical work email each time.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../../src/kernel/actor';
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

const WORK = 'emails[type eq "work"].value';
const opsSent = () =>
  h.scim.writes().flatMap((r) => (r.body as { Operations?: unknown[] }).Operations ?? [`${r.method} ${r.path}`]);
const workEmails = (userName: string) => {
  const u = h.scim.store.listUsers().find((x) => x.userName === userName) as
    | { emails?: { type?: string; value: string }[] }
    | undefined;
  return (u?.emails ?? []).filter((e) => e.type === 'work').map((e) => e.value);
};

describe('PATCH baseline of a typed entry added after the first export', () => {
  it('sends a late work email once; three later title changes send one replace title each', async () => {
    const ann = h.addUser(person('ann', { mail: null }));
    await h.cycle();
    expect(workEmails('ann@contoso.example')).toEqual([]);

    h.scim.clearRequests();
    h.update(ann.id, { mail: 'late@x.example' });
    await h.cycle();
    expect(opsSent()).toEqual([{ op: 'add', path: 'emails', value: [{ type: 'work', value: 'late@x.example' }] }]);
    // The link remembers the value under the mapping's path, not under the rewritten `emails`.
    expect(h.link(ann.id)?.exported).toMatchObject({ [WORK]: 'late@x.example' });
    expect(h.link(ann.id)?.exported).not.toHaveProperty('emails');

    for (const title of ['Lead', 'Manager', 'Director']) {
      h.scim.clearRequests();
      h.update(ann.id, { jobTitle: title });
      await h.cycle();
      expect(opsSent()).toEqual([{ op: 'replace', path: 'title', value: title }]);
    }
    expect(workEmails('ann@contoso.example')).toEqual(['late@x.example']);

    h.scim.clearRequests();
    const report = await createDriftReport(h.engine, CLI_ACTOR, h.app.id);
    expect(driftReportView(getDriftReport(h.db, h.app.id, report)).counts).toMatchObject({ linked: 1, drifted: 0 });
  });

  it('logs the whole-entry add under the attribute paths it set, with their values', async () => {
    const bob = h.addUser(person('bob', { mail: null }));
    await h.cycle();
    h.update(bob.id, { mail: 'bob@x.example' });
    const cycleId = await h.cycle();
    const [row] = h.logs(cycleId);
    expect(row?.provisioningAction).toBe('update');
    expect(JSON.parse(row?.modifiedProperties ?? '[]')).toEqual([
      { displayName: WORK, oldValue: null, newValue: 'bob@x.example' },
    ]);
  });

  it('names a work email removed in the target by its mapped path in the drift report', async () => {
    const cy = h.addUser(person('cy'));
    await h.cycle();
    await scimFetch(h.scim, 'PATCH', `/Users/${h.link(cy.id)?.targetId}`, {
      body: {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'remove', path: 'emails[type eq "work"]' }],
      },
    });
    const report = await createDriftReport(h.engine, CLI_ACTOR, h.app.id);
    expect(driftFindings(h.db, report).map(driftItemView)).toMatchObject([
      { kind: 'drifted', attributes: [{ attribute: WORK, exported: 'cy@contoso.example', target: null }] },
    ]);
  });
});
