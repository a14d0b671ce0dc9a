/** The mapping draft on the Attribute mappings page (issue 15 item 7): banner, scoping draft, actions, refusals. */
import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema';
import { createApplication, getApplication, setProvisioning } from '../../src/apps/applications';
import { mappingsOf, scopingOf, setMappings } from '../../src/apps/mappings';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { cspViolations, type PagesHarness, pagesHarness, type Session } from './pages-harness';

let h: PagesHarness;
let appId: string;
let base: string;
let s: Session;
const hx = { headers: { 'hx-request': 'true' } };

beforeEach(async () => {
  h = await pagesHarness();
  const deps = { db: h.db, clock: h.deps.clock, secrets: h.secrets };
  appId = createApplication(deps, CLI_ACTOR, { name: 'MindTickle', template: 'mindtickle', secretToken: 't' }).id;
  setProvisioning(deps, CLI_ACTOR, appId, true);
  base = `/apps/${appId}/mappings/user`;
  s = await h.signIn('admin');
});

const app = () => getApplication(h.db, appId);
const activities = () =>
  h.db
    .select()
    .from(auditLog)
    .all()
    .map((a) => a.activity);

describe('mapping draft pages', () => {
  it('says edits go to a draft, then shows the draft banner with what changed and its actions', async () => {
    const page = await (await h.get(base, s)).text();
    expect(page).toContain('Provisioning is On: your changes are kept as a draft.');
    expect(page).not.toContain('Draft — not published');
    const html = await (await h.post(`${base}/delete`, { target: 'title' }, s, hx)).text();
    expect(html).toContain('Mapping for title deleted in the draft (not published).');
    expect(html).toContain('<div id="draft-banner" hx-swap-oob="true">');
    expect(html).toContain('Draft — not published: 1 change');
    expect(html).toContain('<span id="head-preview" hx-swap-oob="true"></span>');
    expect(html).toContain('<strong>User mappings</strong>: removed title');
    expect(html).toMatch(
      /action="\/apps\/[^"]+\/mappings\/draft\/publish" data-confirm="Publish the draft\? This starts a new initial cycle/,
    );
    expect(cspViolations(html)).toEqual([]);
    // The table shows the draft; the published list still has the row.
    expect(html).not.toContain('<code>title</code>');
    expect(mappingsOf(app(), 'user').map((m) => m.target)).toContain('title');
    expect(h.scheduler.calls.refresh).toEqual([]);
  });

  it('saves a scoping filter to the draft, and a viewer sees the banner without its buttons', async () => {
    const res = await h.post(
      `${base}/scoping`,
      {
        op: 'save',
        'f.0.name': 'Engineers',
        'f.0.c.0.attribute': 'jobTitle',
        'f.0.c.0.operator': 'EQUALS',
        'f.0.c.0.value': 'Engineer',
      },
      s,
      hx,
    );
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain('<strong>User scoping filters</strong>: changed');
    expect(scopingOf(app(), 'user')).toEqual([]);
    const viewer = await h.signIn('viewer');
    const page = await (await h.get(base, viewer)).text();
    expect(page).toContain('Draft — not published: 1 change');
    expect(page).not.toContain('/mappings/draft/publish');
    for (const action of ['preview', 'publish', 'discard']) {
      expect((await h.post(`/apps/${appId}/mappings/draft/${action}`, { type: 'user' }, viewer)).status).toBe(403);
    }
  });

  it('previews as a labelled plan, shows a refused publish in the banner, and discards with an audit row', async () => {
    await h.post(`${base}/delete`, { target: 'title' }, s, hx);
    // The preview is a labelled plan without Apply (publishing is how a draft applies).
    const preview = await h.post(`/apps/${appId}/mappings/draft/preview`, { type: 'user' }, s);
    expect(preview.status).toBe(303);
    const plan = await (await h.get(preview.headers.get('location') ?? '', s)).text();
    expect(plan).toContain('<h1>Preview of the unpublished mapping draft</h1>');
    expect(plan).toContain('Draft preview: what a full cycle would send if the draft were published.');
    expect(plan).not.toContain('/apply"');
    // Someone publishes through the automation API meanwhile: the draft is stale.
    setMappings(
      { db: h.db, clock: h.deps.clock, secrets: h.secrets },
      CLI_ACTOR,
      appId,
      'user',
      mappingsOf(app(), 'user').slice(0, -1),
    );
    const refused = await h.post(`/apps/${appId}/mappings/draft/publish`, { type: 'user' }, s);
    expect(refused.status).toBe(409);
    const html = await refused.text();
    expect(html).toContain('changed after this draft was started');
    expect(html).toMatch(/<button type="submit" class="btn btn-primary" disabled="">Publish/);
    const gone = await h.post(`/apps/${appId}/mappings/draft/discard`, { type: 'group' }, s);
    expect(gone.status).toBe(303);
    expect(gone.headers.get('location')).toBe(`/apps/${appId}/mappings/group?notice=discarded`);
    expect(await (await h.get(gone.headers.get('location') ?? '', s)).text()).toContain('Draft discarded.');
    expect(activities()).toContain('mappings.draft_discard');
    expect(activities()).not.toContain('mappings.draft_publish');
    expect(h.db.select().from(auditLog).where(eq(auditLog.activity, 'mappings.draft_discard')).all()).toHaveLength(1);
  });
});
