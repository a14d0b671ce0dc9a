/**
 * "Use the built-in sandbox" on the New application page (issue 15 item 1): offered only when the server runs
 * the sandbox, fills the Tenant URL and Secret Token for an admin's POST (CSRF), and never puts the token in
 * the page everybody loads.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { getApplication, listApplications, secretTokenOf } from '../../src/apps/applications';
import { createSandboxApp } from '../../src/sandbox/app';
import { openSandboxStore } from '../../src/sandbox/store';
import { pagesHarness } from './pages-harness';

const store = openSandboxStore(':memory:');
const h = await pagesHarness({ sandbox: createSandboxApp({ store }), sandboxToken: () => store.token() });
const admin = await h.signIn('admin');
afterAll(() => store.close());

const FILL = '/apps/new/sandbox';
const htmx = { headers: { 'hx-request': 'true' } };
const inputValue = (html: string, id: string) =>
  new RegExp(`<input[^>]*id="${id}"[^>]*value="([^"]*)"`).exec(html)?.[1] ??
  new RegExp(`<input[^>]*value="([^"]*)"[^>]*id="${id}"`).exec(html)?.[1];

describe('New application: Use the built-in sandbox', () => {
  it('is offered when the sandbox runs, and the page does not carry the token', async () => {
    const page = await (await h.get('/apps/new', admin)).text();
    expect(page).toContain('Use the built-in sandbox');
    expect(page).toContain(`hx-post="${FILL}"`);
    expect(page).not.toContain(store.token());
  });

  it('fills the fieldset for htmx: Tenant URL, Secret Token, allowHttp; not cached', async () => {
    const res = await h.post(FILL, {}, admin, htmx);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html.startsWith('<fieldset id="admin-credentials"')).toBe(true);
    expect(html).not.toContain('<html');
    expect(inputValue(html, 'tenantUrl')).toBe('http://localhost/sandbox/scim/v2');
    expect(inputValue(html, 'secretToken')).toBe(store.token());
    expect(html).toMatch(/<input type="checkbox"[^>]*id="allowHttp"[^>]*checked/);
    expect(html).toContain('Filled in with the sandbox&#39;s Tenant URL and Secret Token.');
  });

  it('without script answers the whole page, keeping what was typed', async () => {
    const res = await h.post(FILL, { name: 'Sandbox HR', template: 'scim', scope: 'all' }, admin);
    const html = await res.text();
    expect(html).toContain('<h1>New application</h1>');
    expect(inputValue(html, 'name')).toBe('Sandbox HR');
    expect(html).toMatch(/<option value="scim" selected/);
    expect(inputValue(html, 'secretToken')).toBe(store.token());
  });

  it('the filled values create a working application', async () => {
    const html = await (await h.post(FILL, {}, admin, htmx)).text();
    const created = await h.post(
      '/apps',
      {
        name: 'Sandbox app',
        template: 'scim',
        tenantUrl: inputValue(html, 'tenantUrl') ?? '',
        secretToken: inputValue(html, 'secretToken') ?? '',
        allowHttp: 'on',
        scope: 'assigned',
      },
      admin,
    );
    expect(created.status).toBe(303);
    const app = listApplications(h.db).find((a) => a.name === 'Sandbox app');
    expect(app?.tenantUrl).toBe('http://localhost/sandbox/scim/v2');
    expect(app && secretTokenOf(h, getApplication(h.db, app.id))).toBe(store.token());
  });

  it('reads the token when asked, so a rotated token is the one filled in', async () => {
    const fresh = store.rotateToken();
    expect(inputValue(await (await h.post(FILL, {}, admin, htmx)).text(), 'secretToken')).toBe(fresh);
  });

  it('is for admins with the CSRF token only', async () => {
    const operator = await h.signIn('operator');
    expect((await h.post(FILL, {}, operator, htmx)).status).toBe(403);
    // An operator's Test Connection without script gets the New application page, without the button.
    const tested = await h.post('/apps/test-connection', { tenantUrl: '', secretToken: '' }, operator);
    expect(await tested.text()).not.toContain('Use the built-in sandbox');
    expect((await h.post(FILL, {}, admin, { csrf: false })).status).toBe(403);
    const cross = await h.post(FILL, {}, admin, { headers: { 'sec-fetch-site': 'cross-site' } });
    expect(cross.status).toBe(403);
    expect(await cross.text()).not.toContain(store.token());
  });
});

describe('New application without the sandbox', () => {
  it('offers no button and the fill answers 404', async () => {
    const plain = await pagesHarness();
    const s = await plain.signIn('admin');
    expect(await (await plain.get('/apps/new', s)).text()).not.toContain('Use the built-in sandbox');
    expect((await plain.post(FILL, {}, s, htmx)).status).toBe(404);
  });
});
