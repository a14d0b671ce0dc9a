/** The operate API (issue 6) with bearer tokens per role against a real SCIM target. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema';
import { createApplication } from '../../src/apps/applications';
import { assignPrincipal } from '../../src/apps/assignments';
import { createUser } from '../../src/directory/users';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { untilEnded } from '../support/poll';
import { type ScimServerHandle, startScimServer } from '../support/scim-server';
import { webHarness } from '../support/web';

let w: ReturnType<typeof webHarness>;
let scim: ScimServerHandle;
let base: string;
let userId: string;

beforeEach(async () => {
  w = webHarness();
  scim = await startScimServer();
  const app = createApplication({ db: w.db, clock: w.clock, secrets: w.secrets }, CLI_ACTOR, {
    name: 'Target',
    template: 'scim',
    tenantUrl: scim.baseUrl,
    secretToken: scim.token,
    allowHttp: true,
  });
  base = `/api/v1/applications/${app.id}`;
  const dir = { db: w.db, clock: w.clock, onChange: () => {} };
  const u = createUser(dir, CLI_ACTOR, { userPrincipalName: 'ann@contoso.example', displayName: 'Ann' });
  assignPrincipal(dir, CLI_ACTOR, app.id, { principalId: u.id, role: 'User' });
  userId = u.id;
});
afterEach(async () => {
  await scim.close();
});

describe('operate API', () => {
  it('provisions on demand for operators and returns the trace', async () => {
    const t = w.tokens;
    const found = await (await w.call('GET', `${base}/on-demand/users?q=ann`, { token: t.viewer })).json();
    expect(found.items.map((u: { id: string }) => u.id)).toEqual([userId]);
    expect((await w.call('POST', `${base}/on-demand`, { token: t.viewer, body: { userId } })).status).toBe(403);
    expect((await w.call('POST', `${base}/on-demand`, { token: t.operator, body: { user: 'x' } })).status).toBe(400);
    const res = await w.call('POST', `${base}/on-demand`, { token: t.operator, body: { userId } });
    expect(res.status).toBe(200);
    const r = await res.json();
    expect(r).toMatchObject({ status: 'success', provisioningAction: 'create' });
    expect(r.steps.map((s: { provisioningStepType: string }) => s.provisioningStepType)).toEqual([
      'import',
      'scoping',
      'matching',
      'export',
    ]);
    expect((await w.call('POST', `${base}/on-demand`, { token: t.operator, body: { userId: 'nope' } })).status).toBe(
      404,
    );
  });

  it('creates, reads, exports, applies and discards plans by role', async () => {
    const t = w.tokens;
    expect((await w.call('POST', `${base}/dry-runs`, { token: t.viewer, body: {} })).status).toBe(403);
    const made = await w.call('POST', `${base}/dry-runs`, { token: t.operator, body: { mode: 'full' } });
    expect(made.status).toBe(202);
    const started = await made.json();
    expect(started).toMatchObject({ mode: 'full', status: 'running', progress: { done: 0, total: 1 } });
    expect(made.headers.get('location')).toBe(`${base}/dry-runs/${started.id}`);
    const plan = await untilEnded(w.call, `${base}/dry-runs/${started.id}`, t.viewer);
    expect(plan).toMatchObject({
      mode: 'full',
      status: 'ready',
      counts: { create: 1 },
      progress: { done: 1, total: 1 },
    });
    expect((await w.call('POST', `${base}/dry-runs/${plan.id}/cancel`, { token: t.viewer })).status).toBe(403);
    expect((await w.call('POST', `${base}/dry-runs/${plan.id}/cancel`, { token: t.operator })).status).toBe(409);
    expect(scim.writes()).toHaveLength(0);
    const read = await (await w.call('GET', `${base}/dry-runs/${plan.id}?action=create`, { token: t.viewer })).json();
    expect(read.total).toBe(1);
    expect(read.items[0].changes).toContainEqual({
      attribute: 'userName',
      oldValue: null,
      newValue: 'ann@contoso.example',
    });
    expect((await w.call('GET', `${base}/dry-runs/${plan.id}?action=bogus`, { token: t.viewer })).status).toBe(400);
    const csv = await w.call('GET', `${base}/dry-runs/${plan.id}/items.csv`, { token: t.viewer });
    expect((await csv.text()).split('\n')[0]).toBe(
      'sourceId,displayName,action,targetId,reason,attribute,oldValue,newValue,applyStatus',
    );
    expect((await w.call('POST', `${base}/dry-runs/${plan.id}/apply`, { token: t.viewer })).status).toBe(403);
    const applied = await w.call('POST', `${base}/dry-runs/${plan.id}/apply`, { token: t.operator });
    expect(await applied.json()).toEqual({ executed: 1, stale: 0, failed: 0, held: 0 });
    expect((await w.call('POST', `${base}/dry-runs/${plan.id}/discard`, { token: t.operator })).status).toBe(409);
    const list = await (await w.call('GET', `${base}/dry-runs`, { token: t.viewer })).json();
    expect(list.items[0]).toMatchObject({ id: plan.id, status: 'applied', applyResult: { executed: 1 } });
  });

  it('reports drift and acts on findings; stop is admin; every action is audited', async () => {
    const t = w.tokens;
    expect((await w.call('POST', `${base}/drift-reports`, { token: t.viewer })).status).toBe(403);
    const made = await w.call('POST', `${base}/drift-reports`, { token: t.operator });
    expect(made.status).toBe(202);
    expect((await made.clone().json()).status).toBe('running');
    expect(made.headers.get('location')).toBe(`${base}/drift-reports/${(await made.json()).id}`);
    const report = await untilEnded(w.call, made.headers.get('location') ?? '', t.viewer);
    expect(report).toMatchObject({ status: 'done', total: 0 });
    expect(report.counts).toMatchObject({ targetUsers: 0, orphan: 0, missing: 0, drifted: 0 });
    expect((await w.call('POST', `${base}/drift-reports/${report.id}/cancel`, { token: t.operator })).status).toBe(409);
    const read = await (
      await w.call('GET', `${base}/drift-reports/${report.id}?kind=orphan`, { token: t.viewer })
    ).json();
    expect(read.findings).toEqual([]);
    expect(
      (await w.call('POST', `${base}/drift-reports/${report.id}/findings/0/ignore`, { token: t.operator })).status,
    ).toBe(404);

    expect((await w.call('POST', `${base}/stop`, { token: t.operator, body: { mode: 'now' } })).status).toBe(403);
    const stop = await w.call('POST', `${base}/stop`, { token: t.admin, body: { mode: 'now' } });
    expect(stop.status).toBe(202);
    expect(await stop.json()).toEqual({ mode: 'now', cycleId: null });
    const acts = w.db
      .select()
      .from(auditLog)
      .all()
      .map((a) => a.activity);
    expect(acts).toEqual(expect.arrayContaining(['drift.report', 'provisioning.stop', 'provisioning.stop_now']));
  });
});
