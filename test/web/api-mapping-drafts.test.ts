/** Mapping drafts (issue 15 item 7): draft, preview, publish, discard over the API against a real SCIM target. */
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, jobs } from '../../db/schema';
import { createApplication, getApplication, setProvisioning } from '../../src/apps/applications';
import { assignPrincipal } from '../../src/apps/assignments';
import { mappingsOf, scopingOf } from '../../src/apps/mappings';
import { createUser } from '../../src/directory/users';
import { CLI_ACTOR } from '../../src/kernel/actor';
import type { AttributeMapping } from '../../src/mapping/types';
import { type ScimServerHandle, startScimServer } from '../support/scim-server';
import { webHarness } from '../support/web';

let w: ReturnType<typeof webHarness>;
let scim: ScimServerHandle;
let appId: string;
let base: string;

beforeEach(async () => {
  w = webHarness();
  scim = await startScimServer();
  const deps = { db: w.db, clock: w.clock, secrets: w.secrets };
  const app = createApplication(deps, CLI_ACTOR, {
    name: 'Target',
    template: 'scim',
    tenantUrl: scim.baseUrl,
    secretToken: scim.token,
    allowHttp: true,
  });
  appId = app.id;
  base = `/api/v1/applications/${app.id}`;
  const dir = { db: w.db, clock: w.clock, onChange: () => {} };
  const u = createUser(dir, CLI_ACTOR, {
    userPrincipalName: 'ann@contoso.example',
    displayName: 'Ann',
    jobTitle: 'Engineer',
  });
  assignPrincipal(dir, CLI_ACTOR, app.id, { principalId: u.id, role: 'User' });
  setProvisioning(deps, CLI_ACTOR, app.id, true);
  // As after a finished initial cycle, so a publish visibly asks for a new one.
  w.db.update(jobs).set({ initialCycleDone: true }).where(eq(jobs.appId, app.id)).run();
  w.scheduler.calls.refresh.length = 0;
});
afterEach(async () => {
  await scim.close();
});

const app = () => getApplication(w.db, appId);
const audits = (activity: string) => w.db.select().from(auditLog).where(eq(auditLog.activity, activity)).all();

/** The published user mappings with `title` turned into a constant. */
function withConstantTitle(): AttributeMapping[] {
  return mappingsOf(app(), 'user').map((m) =>
    m.target === 'title' ? { target: 'title', type: 'constant', value: 'Drafted', apply: 'always' } : m,
  );
}

describe('mapping drafts API', () => {
  it('keeps a draft of mappings and scoping apart from the published state, the job and the scheduler', async () => {
    const published = mappingsOf(app(), 'user');
    const empty = await (await w.call('GET', `${base}/mappings/user/draft`, { token: w.tokens.viewer })).json();
    expect(empty).toMatchObject({ hasDraft: false, stale: false, changeCount: 0, defaults: true });
    expect(empty.items).toEqual(published);

    const put = await w.call('PUT', `${base}/mappings/user/draft`, { body: { items: withConstantTitle() } });
    expect(put.status).toBe(200);
    const filter = [{ name: 'Engineers', clauses: [{ attribute: 'jobTitle', operator: 'EQUALS', value: 'Engineer' }] }];
    const scoped = await w.call('PUT', `${base}/scoping/user/draft`, { body: { items: filter } });
    expect(scoped.status).toBe(200);
    expect((await scoped.json()).items).toHaveLength(1);

    const read = await (await w.call('GET', `${base}/mappings/user/draft`, { token: w.tokens.viewer })).json();
    expect(read).toMatchObject({
      hasDraft: true,
      stale: false,
      defaults: false,
      changeCount: 2,
      updatedBy: 'token:admin',
    });
    expect(read.items.find((m: AttributeMapping) => m.target === 'title')).toMatchObject({ value: 'Drafted' });
    expect(read.changes).toEqual([
      expect.objectContaining({ part: 'userMappings', changed: ['title'], count: 1 }),
      expect.objectContaining({ part: 'userScoping', count: 1 }),
    ]);

    // Nothing published, no initial cycle asked for, the scheduler not told.
    expect(mappingsOf(app(), 'user')).toEqual(published);
    expect(scopingOf(app(), 'user')).toEqual([]);
    expect(app().initialCycleDone).toBe(true);
    expect(w.scheduler.calls.refresh).toEqual([]);

    // Putting the published list back on both parts removes the draft.
    await w.call('PUT', `${base}/mappings/user/draft`, { body: { items: null } });
    await w.call('PUT', `${base}/scoping/user/draft`, { body: { items: [] } });
    expect((await (await w.call('GET', `${base}/mappings/user/draft`)).json()).hasDraft).toBe(false);
  });

  it('previews the draft as a labelled full dry run whose plan carries the draft mapping', async () => {
    expect((await w.call('POST', `${base}/mappings/draft/preview`)).status).toBe(409);
    await w.call('PUT', `${base}/mappings/user/draft`, { body: withConstantTitle() });
    const res = await w.call('POST', `${base}/mappings/draft/preview`);
    // 201 with the plan computed, or 202 while it is planned in the background.
    expect([201, 202]).toContain(res.status);
    const { dryRunId } = await res.json();
    const read = async () => (await w.call('GET', `${base}/dry-runs/${dryRunId}?action=create`)).json();
    await expect.poll(async () => (await read()).status, { timeout: 10_000 }).toBe('ready');
    const plan = await read();
    expect(plan).toMatchObject({ mode: 'full' });
    expect(plan.items[0].changes).toContainEqual({ attribute: 'title', oldValue: null, newValue: 'Drafted' });
    expect(scim.writes()).toHaveLength(0);
    expect(audits('dry_run.create').map((a) => JSON.parse(a.after ?? '{}').label)).toEqual([
      'Preview of the unpublished mapping draft',
    ]);
    expect(app().initialCycleDone).toBe(true);
  });

  it('publishes user and group changes at once: one write, one initial cycle, one audit row with the diff', async () => {
    expect((await w.call('POST', `${base}/mappings/draft/publish`)).status).toBe(409);
    await w.call('PUT', `${base}/mappings/user/draft`, { body: { items: withConstantTitle() } });
    const groups = mappingsOf(app(), 'group').filter((m) => m.target !== 'externalId');
    await w.call('PUT', `${base}/mappings/group/draft`, { body: { items: groups } });

    const res = await w.call('POST', `${base}/mappings/draft/publish`);
    expect(res.status).toBe(200);
    expect((await res.json()).application.id).toBe(appId);
    expect(mappingsOf(app(), 'user').find((m) => m.target === 'title')).toMatchObject({ value: 'Drafted' });
    expect(mappingsOf(app(), 'group').map((m) => m.target)).not.toContain('externalId');
    expect(app().initialCycleDone).toBe(false);
    expect(w.scheduler.calls.refresh).toEqual([appId]);
    const [row, ...more] = audits('mappings.draft_publish');
    expect(more).toEqual([]);
    expect(Object.keys(JSON.parse(row?.before ?? '{}'))).toEqual(['userMappings', 'groupMappings']);
    expect(JSON.parse(row?.after ?? '{}').userMappings).toContainEqual(expect.objectContaining({ value: 'Drafted' }));
    expect((await (await w.call('GET', `${base}/mappings/group/draft`)).json()).hasDraft).toBe(false);
    expect(audits('mappings.update')).toEqual([]);
  });

  it('discards a draft (audited) and leaves the published state alone', async () => {
    expect((await w.call('DELETE', `${base}/mappings/draft`)).status).toBe(409);
    await w.call('PUT', `${base}/mappings/user/draft`, { body: { items: withConstantTitle() } });
    const before = mappingsOf(app(), 'user');
    expect((await w.call('DELETE', `${base}/mappings/draft`)).status).toBe(204);
    expect(mappingsOf(app(), 'user')).toEqual(before);
    expect((await (await w.call('GET', `${base}/mappings/user/draft`)).json()).hasDraft).toBe(false);
    expect(audits('mappings.draft_discard')).toHaveLength(1);
    expect(app().initialCycleDone).toBe(true);
    expect(w.scheduler.calls.refresh).toEqual([]);
  });

  it('refuses to publish a draft taken before the published mappings changed (409, says what to do)', async () => {
    await w.call('PUT', `${base}/mappings/user/draft`, { body: { items: withConstantTitle() } });
    const automation = mappingsOf(app(), 'user').filter((m) => m.target !== 'preferredLanguage');
    expect((await w.call('PUT', `${base}/mappings/user`, { body: { items: automation } })).status).toBe(200);
    expect((await (await w.call('GET', `${base}/mappings/user/draft`)).json()).stale).toBe(true);
    const res = await w.call('POST', `${base}/mappings/draft/publish`);
    expect(res.status).toBe(409);
    const { error } = await res.json();
    expect(error.code).toBe('draft_stale');
    expect(error.message).toMatch(/changed after this draft was started.*Discard the draft/);
    expect(mappingsOf(app(), 'user').map((m) => m.target)).not.toContain('preferredLanguage');
    expect(audits('mappings.draft_publish')).toEqual([]);
  });

  it('answers a bad body with 400 and a message per field, and keeps the draft as it was', async () => {
    const bad = withConstantTitle().map((m) =>
      m.target === 'displayName' ? { ...m, type: 'expression', expression: 'Join(' } : m,
    );
    const res = await w.call('PUT', `${base}/mappings/user/draft`, { body: { items: bad } });
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.details).toContainEqual(expect.objectContaining({ path: expect.stringMatching(/^\d+\.expression$/) }));
    const scoping = await w.call('PUT', `${base}/scoping/user/draft`, {
      body: { items: [{ name: '', clauses: [{ attribute: 'jobTitle', operator: 'EQUALS' }] }] },
    });
    expect(scoping.status).toBe(400);
    expect((await scoping.json()).error.details.length).toBeGreaterThan(0);
    expect((await w.call('PUT', `${base}/mappings/device/draft`, { body: [] })).status).toBe(400);
    expect((await (await w.call('GET', `${base}/mappings/user/draft`)).json()).hasDraft).toBe(false);
  });

  it('lets viewers read the draft and nothing else; operators cannot change it either', async () => {
    for (const token of [w.tokens.viewer, w.tokens.operator]) {
      expect((await w.call('GET', `${base}/mappings/user/draft`, { token })).status).toBe(200);
      expect((await w.call('GET', `${base}/scoping/group/draft`, { token })).status).toBe(200);
      expect((await w.call('PUT', `${base}/mappings/user/draft`, { token, body: [] })).status).toBe(403);
      expect((await w.call('PUT', `${base}/scoping/user/draft`, { token, body: [] })).status).toBe(403);
      expect((await w.call('POST', `${base}/mappings/draft/preview`, { token })).status).toBe(403);
      expect((await w.call('POST', `${base}/mappings/draft/publish`, { token })).status).toBe(403);
      expect((await w.call('DELETE', `${base}/mappings/draft`, { token })).status).toBe(403);
    }
    expect((await w.call('GET', `${base}/mappings/user/draft`, { token: null })).status).toBe(401);
  });
});
