/**
 * Failure notifications that can leave (issue 15): with no SMTP relay the failure-mail checkbox warns and links
 * to the SMTP settings; "Send test mail" sends to the typed address through a real SMTP server (operator+,
 * CSRF, audited, limited per person) and answers next to the field.
 */
import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applications, auditLog } from '../../db/schema';
import { createApplication } from '../../src/apps/applications';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { saveSmtpSettings } from '../../src/notify/smtp-settings';
import { TEST_MAIL_LIMIT } from '../../src/notify/test-mail-limit';
import { startSmtpServer } from '../support/smtp';
import { type PagesHarness, pagesHarness } from './pages-harness';

let h: PagesHarness;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let appId: string;
const HX = { headers: { 'hx-request': 'true' } };

beforeEach(async () => {
  h = await pagesHarness();
  smtp = await startSmtpServer();
  const a = createApplication({ db: h.db, clock: h.deps.clock, secrets: h.secrets }, CLI_ACTOR, {
    name: 'Mind & Tickle',
    template: 'scim',
    tenantUrl: 'https://scim.example.test/scim/v2',
    notificationEmail: 'saved@contoso.example',
  });
  h.db.update(applications).set({ sendFailureEmail: true }).where(eq(applications.id, a.id)).run();
  appId = a.id;
});
afterEach(async () => {
  await smtp.close();
});

/** Store relay settings pointing at the test server (or at `port`, e.g. a closed one). */
function storeRelay(port = new URL(smtp.url.replace('smtp:', 'http:')).port) {
  const deps = { db: h.db, secrets: h.secrets, clock: h.deps.clock };
  saveSmtpSettings(deps, CLI_ACTOR, {
    host: '127.0.0.1',
    port: Number(port),
    security: 'none',
    from: 'p@contoso.example',
  });
}

const testMail = (to: Record<string, string>, s: Awaited<ReturnType<PagesHarness['signIn']>>, htmx = true) =>
  h.post(`/apps/${appId}/test-mail`, to, s, htmx ? HX : {});

describe('failure mail without a relay', () => {
  it('warns beside the checkbox and links to the SMTP settings; a test says why it cannot send', async () => {
    const s = await h.signIn('admin');
    const html = await (await h.get(`/apps/${appId}`, s)).text();
    const box = html.indexOf('id="sendFailureEmail"');
    const warning = html.indexOf('no-mail-warning');
    expect(box).toBeGreaterThan(0);
    expect(warning).toBeGreaterThan(box);
    expect(html.slice(warning, warning + 400)).toContain('href="/settings/notifications"');
    expect(html).toContain('no notification mail will leave');

    const res = await testMail({ notificationEmail: 'ops@contoso.example' }, s);
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('No SMTP server is configured');
    expect(smtp.received).toHaveLength(0);
  });

  it('warns in the read-only settings an operator sees', async () => {
    const html = await (await h.get(`/apps/${appId}`, await h.signIn('operator'))).text();
    expect(html).toContain('no-mail-warning');
    expect(html).toContain('id="test-mail-to"');
  });
});

describe('Send test mail', () => {
  it('sends to the typed address through the relay, answers in place and is audited', async () => {
    storeRelay();
    const s = await h.signIn('admin');
    const page = await (await h.get(`/apps/${appId}`, s)).text();
    expect(page).not.toContain('no-mail-warning');
    expect(page).toContain('hx-include="#notificationEmail"');
    expect(page).toContain('form="test-mail-form"');

    const res = await testMail({ notificationEmail: 'typed@contoso.example' }, s);
    expect(res.status).toBe(200);
    const fragment = await res.text();
    expect(fragment).toContain('Test mail sent to typed@contoso.example.');
    expect(fragment).not.toContain('<html');
    expect(smtp.received.map((m) => [m.to, m.subject])).toEqual([
      [['typed@contoso.example'], '[Provisio] Test mail for Mind & Tickle'],
    ]);
    const audit = h.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.activity, 'application.test_mail'), eq(auditLog.targetId, appId)))
      .all();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ result: 'success', actorName: h.emails.admin });
    expect(JSON.parse(audit[0]?.after ?? '{}')).toEqual({ to: 'typed@contoso.example', error: null });
  });

  it('lets an operator send to the address in its own field; a plain form post renders the page', async () => {
    storeRelay();
    const s = await h.signIn('operator');
    const res = await testMail({ to: 'op-typed@contoso.example' }, s, false);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html');
    expect(html).toContain('Test mail sent to op-typed@contoso.example.');
    expect(smtp.received[0]?.to).toEqual(['op-typed@contoso.example']);
  });

  it('needs operator and the CSRF token', async () => {
    storeRelay();
    expect((await testMail({ to: 'a@contoso.example' }, await h.signIn('viewer'))).status).toBe(403);
    const op = await h.signIn('operator');
    const noCsrf = await h.post(`/apps/${appId}/test-mail`, { to: 'a@contoso.example' }, op, { csrf: false });
    expect(noCsrf.status).toBe(403);
    expect(smtp.received).toHaveLength(0);
  });

  it('refuses what is not an address, and says when the relay cannot be reached', async () => {
    const s = await h.signIn('operator');
    storeRelay();
    const bad = await testMail({ to: 'not-an-address' }, s);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('is not an email address');

    storeRelay('1'); // nothing listens on port 1
    const down = await testMail({ to: 'ops@contoso.example' }, s);
    expect(down.status).toBe(502);
    expect(await down.text()).toContain('The mail server refused the test mail');
    const audit = h.db.select().from(auditLog).where(eq(auditLog.activity, 'application.test_mail')).all();
    expect(audit.map((a) => a.result)).toEqual(['failure']);
  });

  it(`allows ${TEST_MAIL_LIMIT.perWindow} tests per person in ${TEST_MAIL_LIMIT.windowMs / 60_000} minutes`, async () => {
    storeRelay();
    const op = await h.signIn('operator');
    for (let i = 0; i < TEST_MAIL_LIMIT.perWindow; i++) {
      expect((await testMail({ to: `t${i}@contoso.example` }, op)).status).toBe(200);
    }
    const limited = await testMail({ to: 'one-more@contoso.example' }, op);
    expect(limited.status).toBe(429);
    expect(await limited.text()).toContain('Too many test mails');
    // Another person has a budget of their own.
    expect((await testMail({ to: 'admin-test@contoso.example' }, await h.signIn('admin'))).status).toBe(200);
    expect(smtp.received).toHaveLength(TEST_MAIL_LIMIT.perWindow + 1);
  });
});
