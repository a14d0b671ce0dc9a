/** Test Connection tests what is typed (issue 15 item 4): POST /api/v1/test-connection and the app route's override. */
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema';
import { createApplication, getApplication } from '../../src/apps/applications';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { type ScimServerHandle, startScimServer } from '../support/scim-server';
import { webHarness } from '../support/web';

let w: ReturnType<typeof webHarness>;
let scim: ScimServerHandle;
let appId: string;

beforeEach(async () => {
  w = webHarness();
  scim = await startScimServer();
  appId = createApplication({ db: w.db, clock: w.clock, secrets: w.secrets }, CLI_ACTOR, {
    name: 'Target',
    template: 'scim',
    tenantUrl: scim.baseUrl,
    secretToken: scim.token,
    allowHttp: true,
  }).id;
});
afterEach(async () => {
  await scim.close();
});

const audit = () => w.db.select().from(auditLog).where(eq(auditLog.activity, 'application.test_connection')).all();

describe('POST /api/v1/test-connection', () => {
  it('tests the typed values, not a saved app, and audits without the secret', async () => {
    const t = w.tokens;
    const body = { tenantUrl: scim.baseUrl, secretToken: scim.token, allowHttp: true };
    const ok = await w.call('POST', '/api/v1/test-connection', { token: t.operator, body });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ ok: true, detail: expect.stringContaining('Authorized') });
    const bad = await w.call('POST', '/api/v1/test-connection', {
      token: t.operator,
      body: { ...body, secretToken: 'typo' },
    });
    expect(bad.status).toBe(422);
    expect(await bad.json()).toMatchObject({ ok: false, detail: expect.any(String) });
    const rows = audit();
    expect(rows.map((r) => [r.result, r.targetId])).toEqual([
      ['success', null],
      ['failure', null],
    ]);
    for (const r of rows) expect(`${r.before}${r.after}`).not.toContain(scim.token);
    for (const r of rows) expect(r.after).not.toContain('typo');
  });

  it('refuses http without allowHttp, bad input and viewers with 4xx', async () => {
    const t = w.tokens;
    const http = await w.call('POST', '/api/v1/test-connection', {
      token: t.operator,
      body: { tenantUrl: scim.baseUrl, secretToken: 'x' },
    });
    expect(http.status).toBe(400);
    expect(JSON.stringify(await http.json())).toContain('https://');
    const noToken = await w.call('POST', '/api/v1/test-connection', {
      token: t.operator,
      body: { tenantUrl: 'https://example.test/scim' },
    });
    expect(noToken.status).toBe(400);
    const junk = await w.call('POST', '/api/v1/test-connection', { token: t.operator, body: { tenantUrl: 'nope' } });
    expect(junk.status).toBe(400);
    const viewer = await w.call('POST', '/api/v1/test-connection', {
      token: t.viewer,
      body: { tenantUrl: scim.baseUrl, secretToken: scim.token, allowHttp: true },
    });
    expect(viewer.status).toBe(403);
    expect(audit()).toEqual([]);
  });
});

describe('POST /api/v1/applications/{id}/test-connection with a body', () => {
  it('tests a typo in the typed URL (ok:false) while the saved app is fine, and saves nothing', async () => {
    const t = w.tokens;
    const url = `/api/v1/applications/${appId}/test-connection`;
    const typo = await w.call('POST', url, {
      token: t.operator,
      body: { tenantUrl: `${scim.baseUrl}x`, secretToken: '' },
    });
    expect(typo.status).toBe(422);
    expect((await typo.json()).ok).toBe(false);
    const saved = await w.call('POST', url, { token: t.operator });
    expect(saved.status).toBe(200);
    expect((await saved.json()).ok).toBe(true);
    const wrongToken = await w.call('POST', url, { token: t.operator, body: { secretToken: 'typo' } });
    expect((await wrongToken.json()).ok).toBe(false);
    expect(getApplication(w.db, appId).tenantUrl).toBe(scim.baseUrl);
    expect(audit().map((r) => [r.result, r.targetId])).toEqual([
      ['failure', appId],
      ['success', appId],
      ['failure', appId],
    ]);
    expect(audit()[0]?.after).toContain(`${scim.baseUrl}x`);
  });
});
