/** Settings → Notifications: SMTP settings with a write-only password sealed at rest, and a real test send. */
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, settings } from '../../db/schema';
import { startSmtpServer } from '../support/smtp';
import { type PagesHarness, pagesHarness } from './pages-harness';

const PASSWORD = 'smtp-pass-w0rd-!@#';
let h: PagesHarness;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
beforeEach(async () => {
  h = await pagesHarness();
  smtp = await startSmtpServer();
});
afterEach(async () => {
  await smtp.close();
});

function form(extra: Record<string, string> = {}) {
  const port = new URL(smtp.url.replace('smtp:', 'http:')).port;
  return {
    host: '127.0.0.1',
    port,
    security: 'none',
    user: 'mailer',
    password: PASSWORD,
    from: 'provisio@contoso.example',
    ...extra,
  };
}

describe('notification settings', () => {
  it('is admin-only', async () => {
    for (const role of ['viewer', 'operator'] as const) {
      const s = await h.signIn(role);
      expect((await h.get('/settings/notifications', s)).status).toBe(403);
      expect((await h.post('/settings/notifications', form(), s)).status).toBe(403);
    }
  });

  it('stores the password sealed, never renders or audits it, and keeps it when the field is left empty', async () => {
    const s = await h.signIn('admin');
    expect((await h.post('/settings/notifications', form(), s)).status).toBe(303);
    const stored = h.db.select().from(settings).where(eq(settings.key, 'notify.smtp')).get()?.value ?? '';
    expect(stored).not.toContain(PASSWORD);
    expect(JSON.parse(stored).passwordEnc).toMatch(/^v1\./);
    const html = await (await h.get('/settings/notifications?saved=1', s)).text();
    expect(html).toContain('SMTP settings saved.');
    expect(html).toContain('A password is stored');
    expect(html).not.toContain(PASSWORD);
    const audit = h.db.select().from(auditLog).where(eq(auditLog.activity, 'settings.smtp.update')).all();
    expect(audit).toHaveLength(1);
    expect(`${audit[0]?.before}${audit[0]?.after}`).not.toContain(PASSWORD);

    expect(
      (await h.post('/settings/notifications', form({ password: '', from: 'other@contoso.example' }), s)).status,
    ).toBe(303);
    const after = JSON.parse(h.db.select().from(settings).where(eq(settings.key, 'notify.smtp')).get()?.value ?? '{}');
    expect(after.passwordEnc).toBe(JSON.parse(stored).passwordEnc);
    expect(after.from).toBe('other@contoso.example');
  });

  it('shows a bad port next to its field', async () => {
    const res = await h.post('/settings/notifications', form({ port: '99999' }), await h.signIn('admin'));
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/id="port-error"/);
  });

  it('sends a test mail through the saved relay', async () => {
    const s = await h.signIn('admin');
    await h.post('/settings/notifications', form({ user: '', password: '' }), s);
    const res = await h.post('/settings/notifications/test', { to: 'admin@contoso.example' }, s);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Test mail sent to admin@contoso.example.');
    expect(smtp.received.map((m) => [m.to, m.subject])).toEqual([[['admin@contoso.example'], '[Provisio] Test mail']]);
  });
});
