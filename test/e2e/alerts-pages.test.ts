/**
 * Issue 17's alert pages in Chromium: Settings → Alerts refuses a bad rule with field errors, creates a Slack
 * webhook rule and a weekly report; the history shows a resolved and a firing alert with their delivery
 * attempts. Accessibility check on both pages. Screenshots: test/e2e/artifacts/alerts-*.png.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertAttempts, alertDeliveries, alerts } from '../../db/schema';
import { a11yCheck } from './a11y';
import { ADMIN, CHROMIUM, type E2e, startE2e } from './e2e-harness';

describe.skipIf(!fs.existsSync(CHROMIUM))('alert pages in Chromium', () => {
  let e: E2e;
  beforeAll(async () => {
    e = await startE2e({ users: 0, failing: 0, latencyMs: 0 });
  }, 60_000);
  afterAll(async () => {
    await e?.close();
  });

  const check = async () => {
    const r = await a11yCheck(e.page);
    expect.soft(r.unlabelled).toEqual([]);
    expect.soft(r.h1).toBe(1);
    expect.soft(r.headingSkips).toEqual([]);
    expect.soft(r.lowContrast).toEqual([]);
  };

  /** One alert with a delivery and its attempts, as the evaluator and the outbox write them. */
  function seedAlert(id: string, state: 'firing' | 'resolved', firedAt: number, attempts: [string, string | null][]) {
    e.db
      .insert(alerts)
      .values({
        id,
        ruleId: 'r1',
        ruleName: 'Slack on failures',
        severity: 'critical',
        appId: e.target.id,
        state,
        firedAt,
        resolvedAt: state === 'resolved' ? firedAt + 11 * 60_000 : null,
        summary: 'Sandbox SCIM: 8 failures in the last 10 minutes (threshold 5)',
        logsQuery: `appId=${e.target.id}&status=failure`,
      })
      .run();
    e.db
      .insert(alertDeliveries)
      .values({
        id: `d-${id}`,
        subjectType: 'alert',
        subjectId: id,
        event: 'firing',
        channel: 'webhook (slack) https://hooks.slack.com',
        target: 'sealed',
        body: '{}',
        status: attempts.at(-1)?.[0] === 'sent' ? 'sent' : 'pending',
        attempts: attempts.length,
        nextAttempt: firedAt,
        createdAt: firedAt,
      })
      .run();
    attempts.forEach(([status, error], i) => {
      e.db
        .insert(alertAttempts)
        .values({ deliveryId: `d-${id}`, at: firedAt + i * 30_000, status: status as 'sent' | 'failed', error })
        .run();
    });
  }

  it('creates a rule and a report from Settings → Alerts and shows the history', async () => {
    const { page, base } = e;
    await page.goto(`${base}/login`);
    await page.fill('#email', ADMIN.email);
    await page.fill('#password', ADMIN.password);
    await Promise.all([page.waitForURL(`${base}/`), page.click('button[type=submit]')]);

    await page.goto(`${base}/settings/alerts`);
    await page.fill('#name', 'Slack on failures');
    await page.selectOption('#kind', 'failures');
    await page.fill('#threshold', '5');
    await page.fill('#windowMinutes', '10');
    await page.selectOption('#severity', 'critical');
    await page.fill('#url', 'ftp://hooks.slack.com/services/T000/B000/XXX');
    await page.selectOption('#format', 'slack');
    await page.fill('#secret', 'short');
    await page.click('button:text-is("Create rule")');
    await page.waitForSelector('#url-error');
    expect(await page.textContent('#secret-error')).toContain('16');
    await e.shot('alerts-rule-errors');
    await page.fill('#url', 'https://hooks.slack.com/services/T000/B000/XXX');
    await page.fill('#secret', 'a-signing-secret-for-slack');
    await Promise.all([page.waitForURL(/done=saved/), page.click('button:text-is("Create rule")')]);
    expect(await page.textContent('table')).toContain('Webhook (slack) https://hooks.slack.com/…, signed');

    await page.selectOption('#reportKey', 'statuses');
    await page.selectOption('#frequency', 'weekly');
    await page.fill('#recipients', 'ops@contoso.test');
    await Promise.all([page.waitForURL(/done=saved/), page.click('button:text-is("Schedule report")')]);
    expect(await page.textContent('#reports-title + p + .table-wrap')).toContain('ops@contoso.test');
    await check();
    await e.shot('alerts-settings');

    const now = Date.now();
    seedAlert('a-old', 'resolved', now - 3_600_000, [
      ['failed', 'HTTP 503 from https://hooks.slack.com'],
      ['sent', null],
    ]);
    seedAlert('a-new', 'firing', now - 60_000, [['failed', 'TypeError: ECONNREFUSED (https://hooks.slack.com)']]);
    await page.goto(`${base}/alerts`);
    expect(await page.textContent('main')).toContain('HTTP 503 from https://hooks.slack.com');
    expect(await page.getAttribute('a:text("The matching log rows")', 'href')).toBe(
      `/logs?appId=${e.target.id}&status=failure`,
    );
    await check();
    await e.shot('alerts-history');
    await page.goto(`${base}/alerts?state=firing`);
    expect(await page.locator('section.card').count()).toBe(1);
    // The refused form is a 400 on purpose; nothing else may log an error (CSP violations would).
    expect(e.errors.filter((m) => !m.includes('status of 400'))).toEqual([]);
  });
});
