/**
 * Quarantine: a 401 quarantines the job in the cycle that met it (no more requests), mails the notification
 * address once per reason, retries on the backoff schedule, and the first healthy cycle lifts it. The
 * failure proportion rule and the scheduler's respect for the next attempt.
 */
import { and, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { auditLog, cycles, jobs } from '../../db/schema';
import { appState, getApplication } from '../../src/apps/applications';
import { Scheduler } from '../../src/engine/cycle/scheduler';
import { type EngineHarness, engineHarness } from '../support/engine-harness';
import { people } from '../support/people';
import { startSmtpServer } from '../support/smtp';

const HOUR = 3_600_000;
let h: EngineHarness;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
afterEach(async () => {
  await h.close();
  await smtp.close();
});

const app = () => getApplication(h.db, h.app.id);
const audits = (activity: string) =>
  h.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.activity, activity), eq(auditLog.targetId, h.app.id)))
    .all();

async function setup(settings: Record<string, unknown> = {}) {
  smtp = await startSmtpServer();
  h = await engineHarness(
    { notificationEmail: 'ops@contoso.example', maxConcurrency: 2, ...settings },
    { smtpUrl: smtp.url },
  );
}

describe('quarantine on 401', () => {
  it('quarantines in the cycle that met the 401, stops sending, mails once, and lifts on a healthy cycle', async () => {
    await setup();
    const dir = people('q', 30).map((p) => h.addUser(p));
    h.scim.faults.add({ status: 401, times: Number.POSITIVE_INFINITY });
    const before = Date.now();
    const cycleId = await h.cycle();
    await h.notifier?.settled();

    // Only the requests already in flight went out: no hammering of a target that rejects us.
    expect(h.scim.requests.length).toBeLessThanOrEqual(2);
    const a = app();
    expect(appState(a)).toBe('quarantine');
    expect(a).toMatchObject({ quarantineReason: 'EncounteredQuarantineException', quarantineSeriesCount: 1 });
    expect(a.quarantineDetail).toContain('the target rejected the secret token (HTTP 401');
    expect(a.quarantineSince).toBeGreaterThanOrEqual(before);
    expect(a.quarantineNextAttempt).toBeGreaterThanOrEqual(before + 6 * HOUR);
    expect(a.quarantineNextAttempt).toBeLessThan(Date.now() + 6 * HOUR + 1000);
    expect(a.watermark).toBe(0); // the remaining changes are re-read by the next attempt
    const row = h.db.select().from(cycles).where(eq(cycles.id, cycleId)).get();
    expect(row?.status).toBe('failed');
    expect(row?.error).toContain('Quarantined (EncounteredQuarantineException)');
    expect(audits('quarantine.enter')).toHaveLength(1);

    expect(smtp.received).toHaveLength(1);
    const [mail] = smtp.received;
    expect(mail?.to).toEqual(['ops@contoso.example']);
    expect(mail?.subject).toContain('quarantined (EncounteredQuarantineException)');
    const body = mail?.text ?? '';
    expect(body).toContain('the target rejected the secret token');
    expect(body).toContain(`https://provisio.contoso.example/logs?appId=${h.app.id}&cycleId=${cycleId}`);

    // The next attempt fails the same way: one step further on the schedule, no second mail.
    const t2 = Date.now();
    await h.cycle();
    await h.notifier?.settled();
    expect(app().quarantineSeriesCount).toBe(2);
    expect(app().quarantineNextAttempt).toBeGreaterThanOrEqual(t2 + 12 * HOUR);
    expect(app().quarantineSince).toBe(a.quarantineSince);
    expect(smtp.received).toHaveLength(1);

    // The token works again: the first healthy cycle provisions everything and lifts the quarantine.
    h.scim.faults.clear();
    await h.cycle();
    expect(appState(app())).toBe('active');
    expect(app()).toMatchObject({ quarantineReason: null, quarantineNextAttempt: null, quarantineSeriesCount: 0 });
    expect(dir.every((u) => h.link(u.id)?.state === 'active')).toBe(true);
    expect(audits('quarantine.leave')).toHaveLength(1);
  });

  it('quarantines when the failure proportion passes the threshold once failures reach the minimum', async () => {
    await setup({ quarantineMinFailures: 3, quarantineFailurePercent: 40 });
    for (const p of people('p', 5)) h.addUser(p);
    h.scim.faults.add({ method: 'POST', path: '/Users', status: 400, times: 3 });
    await h.cycle();
    await h.notifier?.settled();
    expect(app()).toMatchObject({ quarantineReason: 'EncounteredEscrowProportionThreshold' });
    expect(app().quarantineDetail).toBe('3 of 5 objects failed (60 %), over the 40 % threshold');
    expect(smtp.received.map((m) => m.subject)).toEqual([
      expect.stringContaining('quarantined (EncounteredEscrowProportionThreshold)'),
    ]);
  });

  it('stays out of quarantine below the minimum number of failures', async () => {
    await setup({ quarantineMinFailures: 4 });
    for (const p of people('p', 5)) h.addUser(p);
    h.scim.faults.add({ method: 'POST', path: '/Users', status: 400, times: 3 });
    await h.cycle();
    expect(app().quarantineReason).toBeNull();
  });
});

describe('scheduler and quarantine', () => {
  it('skips nudges while quarantined and runs at the next attempt', async () => {
    await setup();
    h.addUser(people('s', 1)[0] ?? {});
    await h.cycle();
    const cycleCount = () => h.db.select().from(cycles).where(eq(cycles.appId, h.app.id)).all().length;
    h.db
      .update(jobs)
      .set({
        quarantineReason: 'EncounteredQuarantineException',
        quarantineDetail: 'test',
        quarantineNextAttempt: Date.now() + HOUR,
      })
      .where(eq(jobs.appId, h.app.id))
      .run();
    const scheduler = new Scheduler(h.engine, { debounceMs: 10 });
    try {
      scheduler.start();
      scheduler.nudge([{ objectType: 'user', objectId: 'x', appId: null, kind: 'update' }]);
      await new Promise((r) => setTimeout(r, 100));
      await scheduler.idle();
      expect(cycleCount()).toBe(1);

      h.db
        .update(jobs)
        .set({ quarantineNextAttempt: Date.now() + 150 })
        .where(eq(jobs.appId, h.app.id))
        .run();
      scheduler.refresh(h.app.id);
      const deadline = Date.now() + 3000;
      while (cycleCount() < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      await scheduler.idle();
      expect(cycleCount()).toBe(2);
      expect(app().quarantineReason).toBeNull(); // that attempt was healthy
    } finally {
      await scheduler.stop();
    }
  });
});
