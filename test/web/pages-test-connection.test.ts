/** The pages' Test Connection sends what is typed (issue 15 items 4–5): New application and Admin Credentials. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApplication, getApplication } from '../../src/apps/applications';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { type ScimServerHandle, startScimServer } from '../support/scim-server';
import { cspViolations, type PagesHarness, pagesHarness } from './pages-harness';

let h: PagesHarness;
let scim: ScimServerHandle;
beforeEach(async () => {
  h = await pagesHarness();
  scim = await startScimServer();
});
afterEach(async () => {
  await scim.close();
});

const hx = { 'hx-request': 'true' };
const savedApp = () =>
  createApplication({ db: h.db, clock: h.deps.clock, secrets: h.secrets }, CLI_ACTOR, {
    name: 'Target',
    template: 'scim',
    tenantUrl: scim.baseUrl,
    secretToken: scim.token,
    allowHttp: true,
  });

describe('Test Connection on the forms', () => {
  it('offers the button, the typed-field include and the wait indicator on both forms, CSP-clean', async () => {
    const s = await h.signIn('admin');
    const app = savedApp();
    for (const path of ['/apps/new', `/apps/${app.id}`]) {
      const html = await (await h.get(path, s)).text();
      expect(html).toMatch(/<button type="submit" class="btn" form="test-connection-form">\s*Test Connection/);
      expect(html).toContain('hx-include="#tenantUrl, #secretToken, #allowHttp"');
      expect(html).toContain('id="test-waiting"');
      expect(html).toContain('data-test-cancel="test-connection-form"');
      expect(cspViolations(html)).toEqual([]);
    }
  });

  it('tests the typed values from the New application form and renders the result in place', async () => {
    const s = await h.signIn('operator');
    const typed = { tenantUrl: scim.baseUrl, secretToken: scim.token, allowHttp: 'on' };
    const ok = await h.post('/apps/test-connection', typed, s, { headers: hx });
    expect(ok.status).toBe(200);
    const html = await ok.text();
    expect(html).not.toContain('<html');
    expect(html).toContain('The supplied credentials are authorized');
    expect(html).not.toContain(scim.token);
    const bad = await h.post('/apps/test-connection', { ...typed, secretToken: 'typo' }, s, { headers: hx });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('Test connection failed');
    const http = await h.post('/apps/test-connection', { ...typed, allowHttp: '' }, s, { headers: hx });
    expect(await http.text()).toContain('Tenant URL must use https://');
  });

  it('tests the typed URL over the saved app, an empty token meaning the saved one, and saves nothing', async () => {
    const s = await h.signIn('admin');
    const app = savedApp();
    const url = `/apps/${app.id}/test-connection`;
    const typo = await h.post(url, { tenantUrl: `${scim.baseUrl}x`, secretToken: '', allowHttp: 'on' }, s, {
      headers: hx,
    });
    expect(typo.status).toBe(422);
    const same = await h.post(url, { tenantUrl: scim.baseUrl, secretToken: '', allowHttp: 'on' }, s, { headers: hx });
    expect(same.status).toBe(200);
    expect(getApplication(h.db, app.id).tenantUrl).toBe(scim.baseUrl);
  });

  it('needs the CSRF token and the operator role', async () => {
    const op = await h.signIn('operator');
    const typed = { tenantUrl: scim.baseUrl, secretToken: scim.token, allowHttp: 'on' };
    expect((await h.post('/apps/test-connection', typed, op, { csrf: false, headers: hx })).status).toBe(403);
    const viewer = await h.signIn('viewer');
    expect((await h.post('/apps/test-connection', typed, viewer, { headers: hx })).status).toBe(403);
  });
});
