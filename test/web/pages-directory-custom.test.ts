/**
 * Custom user attributes in the directory UI (issue 14): the user page shows the declared ones with the user's
 * values (only when one is declared), the user form has one text box per declared attribute (saved through the
 * use case's customAttributes, empty clears, errors next to the box), and the mapping and scoping editors offer
 * the declared names as user source attributes.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createApplication, getApplication } from '../../src/apps/applications';
import { scopingOf } from '../../src/apps/mappings';
import { declareCustomAttribute } from '../../src/directory/custom-attributes';
import { createUser, getUser, updateUser } from '../../src/directory/users';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { systemClock } from '../../src/kernel/clock';
import { linkObject } from '../../src/sources/links';
import { createSource } from '../../src/sources/sources';
import { cspViolations, type PagesHarness, pagesHarness, type Session } from './pages-harness';

let h: PagesHarness;
let admin: Session;

beforeEach(async () => {
  h = await pagesHarness();
  admin = await h.signIn('admin');
});

const declare = (name: string) => declareCustomAttribute({ db: h.db, clock: systemClock }, CLI_ACTOR, { name });
const dirDeps = () => ({ db: h.db, clock: systemClock, onChange: () => {} });
const field = (name: string) => `customAttributes[${name}]`;

describe('custom attributes on the user page and form', () => {
  it('shows no custom block until one is declared, then the values (a dash when empty)', async () => {
    const u = createUser(dirDeps(), CLI_ACTOR, { userPrincipalName: 'ada@example.com' });
    expect(await (await h.get(`/directory/users/${u.id}`, admin)).text()).not.toContain('Custom attributes');
    declare('costCenter');
    declare('badge');
    updateUser(dirDeps(), CLI_ACTOR, u.id, { customAttributes: { costCenter: 'CC-<42>' } });
    const html = await (await h.get(`/directory/users/${u.id}`, admin)).text();
    expect(html).toContain('<h2 id="custom-attributes-h">Custom attributes</h2>');
    expect(html).toContain('<dt><bdi>costCenter</bdi></dt><dd><bdi>CC-&lt;42&gt;</bdi></dd>');
    expect(html).toContain('<dt><bdi>badge</bdi></dt><dd><span class="muted">—</span></dd>');
    expect(cspViolations(html)).toEqual([]);
  });

  it('creates, edits and clears custom values from the user form', async () => {
    declare('costCenter');
    const form = await (await h.get('/directory/users/new', admin)).text();
    expect(form).toContain(`name="${field('costCenter')}"`);
    expect(form).toContain('<legend>Custom attributes</legend>');
    const res = await h.post(
      '/directory/users',
      { userPrincipalName: 'dana@contoso.test', accountEnabled: 'on', [field('costCenter')]: 'CC-7' },
      admin,
    );
    expect(res.status).toBe(303);
    const id = /\/directory\/users\/([^/?]+)/.exec(res.headers.get('location') ?? '')?.[1] ?? '';
    expect(getUser(h.db, id).customAttributes).toBe('{"costCenter":"CC-7"}');

    const edit = await (await h.get(`/directory/users/${id}/edit`, admin)).text();
    expect(edit).toMatch(
      /name="customAttributes\[costCenter\]"[^>]*value="CC-7"|value="CC-7"[^>]*name="customAttributes\[costCenter\]"/,
    );
    const cleared = await h.post(
      `/directory/users/${id}`,
      { userPrincipalName: 'dana@contoso.test', accountEnabled: 'on', [field('costCenter')]: '' },
      admin,
    );
    expect(cleared.status).toBe(303);
    expect(getUser(h.db, id).customAttributes).toBeNull();
  });

  it('puts a bad custom value next to its box and keeps what was typed', async () => {
    declare('costCenter');
    const res = await h.post(
      '/directory/users',
      { userPrincipalName: 'dana@contoso.test', [field('costCenter')]: 'x'.repeat(1100), displayName: 'Dana' },
      admin,
    );
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain(`<p class="field-error" id="${field('costCenter')}-error">`);
    expect(html).toContain(`value="${'x'.repeat(1100)}"`);
    expect(html).toContain('value="Dana"');
  });

  it("shows a source-owned user's values read-only and refuses a forged custom value", async () => {
    declare('costCenter');
    const u = createUser(dirDeps(), CLI_ACTOR, {
      userPrincipalName: 'otto@contoso.test',
      customAttributes: { costCenter: 'CC-9' },
    });
    const { source } = createSource(h.db, systemClock, CLI_ACTOR, { type: 'scim', name: 'Entra' });
    linkObject(h.db, source.id, 'user', u.id, 'ext-1', Date.now());
    const page = await (await h.get(`/directory/users/${u.id}`, admin)).text();
    expect(page).toContain('<dt><bdi>costCenter</bdi></dt><dd><bdi>CC-9</bdi></dd>');
    expect(page).not.toContain(`/directory/users/${u.id}/edit`);
    const forged = await h.post(
      `/directory/users/${u.id}`,
      { userPrincipalName: 'otto@contoso.test', [field('costCenter')]: 'X' },
      admin,
    );
    expect(forged.status).toBe(400);
    expect(getUser(h.db, u.id).customAttributes).toBe('{"costCenter":"CC-9"}');
  });

  it('leaves the form without a custom block when none is declared', async () => {
    const form = await (await h.get('/directory/users/new', admin)).text();
    expect(form).not.toContain('customAttributes[');
  });
});

describe('custom attributes in the mapping and scoping editors', () => {
  it('offers declared names as user source attributes, not group ones', async () => {
    declare('costCenter');
    const app = createApplication({ db: h.db, clock: h.deps.clock, secrets: h.secrets }, CLI_ACTOR, {
      name: 'MindTickle',
      template: 'mindtickle',
      secretToken: 'token-123',
    });
    const hx = { 'hx-request': 'true' };
    const editor = await (await h.get(`/apps/${app.id}/mappings/user/editor?new=1`, admin, hx)).text();
    expect(editor).toContain('<option value="costCenter">costCenter</option>');
    const groups = await (await h.get(`/apps/${app.id}/mappings/group/editor?new=1`, admin, hx)).text();
    expect(groups).not.toContain('costCenter');
    const page = await (await h.get(`/apps/${app.id}/mappings/user`, admin)).text();
    const draft = await h.post(`/apps/${app.id}/mappings/user/scoping`, { op: 'add-filter' }, admin, { headers: hx });
    const scoping = await draft.text();
    expect(page).toContain('Scoping');
    expect(scoping).toContain('<option>costCenter</option>');
    const saved = await h.post(
      `/apps/${app.id}/mappings/user/scoping`,
      {
        op: 'save',
        'f.0.name': 'Finance',
        'f.0.c.0.attribute': 'costCenter',
        'f.0.c.0.operator': 'EQUALS',
        'f.0.c.0.value': 'CC-1',
      },
      admin,
      { headers: hx },
    );
    expect(saved.status).toBe(200);
    expect(scopingOf(getApplication(h.db, app.id), 'user')[0]?.clauses[0]?.attribute).toBe('costCenter');
  });
});
