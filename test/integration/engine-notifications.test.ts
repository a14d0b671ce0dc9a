/**
 * Mails through a real smtp-server: one failure digest per cycle when the app asks for it, a failed send
 * that is logged and audited without breaking the cycle, and the Secret Token's health (a JWT expiring in
 * 10 days warns once; an expired one quarantines the job before any request is sent).
 */
import { and, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { applications, auditLog, cycles } from '../../db/schema';
import { getApplication } from '../../src/apps/applications';
import { type EngineHarness, engineHarness } from '../support/engine-harness';
import { jwtWithExp } from '../support/jwt';
import { people } from '../support/people';
import { startSmtpServer } from '../support/smtp';

const DAY = 86_400_000;
let h: EngineHarness;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
afterEach(async () => {
  await h.close();
  await smtp.close();
});

async function setup(settings: Record<string, unknown> = {}) {
  smtp = await startSmtpServer();
  h = await engineHarness({ notificationEmail: 'ops@contoso.example', ...settings }, { smtpUrl: smtp.url });
}

describe('failure digest', () => {
  it('sends one mail per cycle listing its failures, with a link to them', async () => {
    await setup({ sendFailureEmail: true });
    for (const p of people('f', 6)) h.addUser(p);
    h.scim.faults.add({ method: 'POST', path: '/Users', status: 400, times: 3 });
    const cycleId = await h.cycle();
    await h.notifier?.settled();
    expect(smtp.received).toHaveLength(1);
    const [mail] = smtp.received;
    expect(mail?.subject).toContain('3 of 6 objects failed');
    expect(mail?.text.match(/^- F\d+ Example: create failed/gm)).toHaveLength(3);
    expect(mail?.text).toContain(`/logs?appId=${h.app.id}&cycleId=${cycleId}&status=failure`);

    // A clean cycle sends nothing.
    await h.cycle();
    await h.notifier?.settled();
    expect(smtp.received).toHaveLength(1);
  });

  it('sends no digest unless the option is ticked', async () => {
    await setup();
    for (const p of people('f', 2)) h.addUser(p);
    h.scim.faults.add({ method: 'POST', path: '/Users', status: 400, times: 1 });
    await h.cycle();
    await h.notifier?.settled();
    expect(smtp.received).toEqual([]);
  });

  it('logs and audits a failed send and still finishes the cycle', async () => {
    await setup({ sendFailureEmail: true });
    await smtp.close(); // nobody listens any more
    for (const p of people('f', 2)) h.addUser(p);
    h.scim.faults.add({ method: 'POST', path: '/Users', status: 400, times: 1 });
    const cycleId = await h.cycle();
    await h.notifier?.settled();
    expect(h.db.select().from(cycles).where(eq(cycles.id, cycleId)).get()?.status).toBe('entry_errors');
    const failures = h.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.activity, 'notification.send'), eq(auditLog.result, 'failure')))
      .all();
    expect(failures).toHaveLength(1);
    expect(failures[0]?.after).toContain('failure_digest');
    smtp = await startSmtpServer(); // for afterEach
  });
});

describe('Secret Token health', () => {
  it('mails once when a JWT token expires within 14 days', async () => {
    await setup({ secretToken: jwtWithExp(Date.now() + 10 * DAY) });
    expect(getApplication(h.db, h.app.id).tokenExpiresAt).toBeGreaterThan(Date.now() + 9 * DAY);
    await h.cycle();
    await h.cycle();
    await h.notifier?.settled();
    expect(smtp.received.map((m) => m.subject)).toEqual([expect.stringContaining('Secret Token expires in 10 days')]);
    expect(getApplication(h.db, h.app.id).tokenExpiryNotified).toBe('14d');
  });

  it('quarantines an expired token before sending any request', async () => {
    await setup();
    for (const p of people('e', 3)) h.addUser(p);
    const expiredAt = Date.UTC(2026, 0, 15, 12, 0, 0);
    h.db.update(applications).set({ tokenExpiresAt: expiredAt }).where(eq(applications.id, h.app.id)).run();
    h.scim.clearRequests();
    const cycleId = await h.cycle();
    await h.notifier?.settled();
    expect(h.scim.requests).toEqual([]);
    expect(getApplication(h.db, h.app.id)).toMatchObject({
      quarantineReason: 'EncounteredQuarantineException',
      quarantineDetail: 'the secret token expired on 2026-01-15',
    });
    expect(h.db.select().from(cycles).where(eq(cycles.id, cycleId)).get()).toMatchObject({
      status: 'failed',
      total: 0,
    });
    expect(smtp.received.map((m) => m.text)).toEqual([
      expect.stringContaining('the secret token expired on 2026-01-15'),
    ]);
  });
});
