/** "Run cycle now" is audited by its use case: exactly one cycle.run_now row per run, from the API and the page. */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema';
import { createApplication } from '../../src/apps/applications';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { webHarness } from '../support/web';
import { pagesHarness } from './pages-harness';

const runRows = (db: ReturnType<typeof webHarness>['db']) =>
  db
    .select()
    .from(auditLog)
    .where(eq(auditLog.activity, 'cycle.run_now'))
    .all()
    .map((r) => ({ targetId: r.targetId, after: JSON.parse(r.after ?? 'null') }));

describe('cycle.run_now audit', () => {
  it('writes one row per run-now through the API, naming the cycle started', async () => {
    const h = webHarness();
    const created = await h.call('POST', '/api/v1/applications', {
      body: { name: 'App', template: 'scim', tenantUrl: 'https://scim.example.com/v2', secretToken: 's3cret-token' },
    });
    const { id } = (await created.json()) as { id: string };
    for (let i = 0; i < 2; i++) {
      expect((await h.call('POST', `/api/v1/applications/${id}/cycles`, { token: h.tokens.operator })).status).toBe(
        202,
      );
    }
    expect(runRows(h.db)).toEqual([
      { targetId: id, after: { cycleId: 'cycle-1' } },
      { targetId: id, after: { cycleId: 'cycle-2' } },
    ]);
  });

  it('writes one row per run-now from the page, for plain and htmx posts alike', async () => {
    const h = await pagesHarness();
    const app = createApplication({ db: h.db, clock: h.deps.clock, secrets: h.secrets }, CLI_ACTOR, {
      name: 'App',
      template: 'scim',
      tenantUrl: 'https://scim.example/scim',
      secretToken: 't',
    });
    const s = await h.signIn('operator');
    expect((await h.post(`/apps/${app.id}/run`, {}, s)).status).toBe(303);
    expect(
      (await h.post(`/apps/${app.id}/run`, { variant: 'app' }, s, { headers: { 'hx-request': 'true' } })).status,
    ).toBe(200);
    expect(runRows(h.db)).toHaveLength(2);
    expect(runRows(h.db).every((r) => r.targetId === app.id)).toBe(true);
  });
});
