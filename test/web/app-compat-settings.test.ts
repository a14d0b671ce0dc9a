/**
 * The member removal form (issue 12): an application option shown with the target compatibility flags on the
 * settings form, accepted by the API, validated with a message next to the field, and audited. Its effect on
 * the wire is covered in test/integration/engine-groups.test.ts.
 */
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema';
import { createApplication, getApplication } from '../../src/apps/applications';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { webHarness } from '../support/web';
import { pagesHarness } from './pages-harness';

const settingsForm = {
  tenantUrl: 'https://admin.mindtickle.com/scim',
  scope: 'assigned',
  schedule: '*/5 * * * *',
  maxConcurrency: '4',
};

describe('member removal form (target compatibility)', () => {
  it('defaults to the value form, is shown on the settings form, saved by an admin and audited', async () => {
    const h = await pagesHarness();
    const app = createApplication({ db: h.db, clock: h.deps.clock, secrets: h.secrets }, CLI_ACTOR, {
      name: 'Target',
      template: 'scim',
    });
    expect(app.memberRemovalForm).toBe('value');
    const admin = await h.signIn('admin');
    const page = await (await h.get(`/apps/${app.id}`, admin)).text();
    expect(page).toContain('<legend>Target compatibility</legend>');
    expect(page).toMatch(/<option value="value" selected="">/);

    const res = await h.post(`/apps/${app.id}/settings`, { ...settingsForm, memberRemovalForm: 'filter' }, admin);
    expect(res.status).toBe(303);
    expect(getApplication(h.db, app.id).memberRemovalForm).toBe('filter');
    const rows = h.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.activity, 'application.update'), eq(auditLog.targetId, app.id)))
      .all();
    expect(rows.map((r) => [JSON.parse(r.before ?? '{}'), JSON.parse(r.after ?? '{}')])).toEqual([
      [
        expect.objectContaining({ memberRemovalForm: 'value' }),
        expect.objectContaining({ memberRemovalForm: 'filter' }),
      ],
    ]);
    expect(await (await h.get(`/apps/${app.id}`, admin)).text()).toMatch(/<option value="filter" selected="">/);

    // The viewer sees the choice read-only.
    const viewer = await h.signIn('viewer');
    expect(await (await h.get(`/apps/${app.id}`, viewer)).text()).toContain('aadOptscim062020');
  });

  it('puts an unknown form next to the field (400), and a settings post without the field keeps the choice', async () => {
    const h = await pagesHarness();
    const app = createApplication({ db: h.db, clock: h.deps.clock, secrets: h.secrets }, CLI_ACTOR, {
      name: 'Target',
      template: 'scim',
      memberRemovalForm: 'filter',
    });
    const admin = await h.signIn('admin');
    const bad = await h.post(`/apps/${app.id}/settings`, { ...settingsForm, memberRemovalForm: 'both' }, admin);
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toMatch(/id="memberRemovalForm-error">must be &quot;value&quot;/);
    expect(getApplication(h.db, app.id).memberRemovalForm).toBe('filter');

    expect((await h.post(`/apps/${app.id}/settings`, settingsForm, admin)).status).toBe(303);
    expect(getApplication(h.db, app.id).memberRemovalForm).toBe('filter');
  });

  it('is read and written through the API; an unknown form is a 400 naming the field', async () => {
    const { call } = webHarness();
    const created = await call('POST', '/api/v1/applications', { body: { name: 'A', template: 'scim' } });
    const app = (await created.json()) as { id: string; memberRemovalForm: string };
    expect(app.memberRemovalForm).toBe('value');
    const ok = await call('PATCH', `/api/v1/applications/${app.id}`, { body: { memberRemovalForm: 'filter' } });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ memberRemovalForm: 'filter' });
    const bad = await call('PATCH', `/api/v1/applications/${app.id}`, { body: { memberRemovalForm: 'Remove' } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('memberRemovalForm');
    const read = await (await call('GET', `/api/v1/applications/${app.id}`)).json();
    expect(read).toMatchObject({ memberRemovalForm: 'filter' });
  });
});
