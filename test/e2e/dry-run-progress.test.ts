/**
 * Issue 16 item 5 in Chromium: a dry run is planned in the background. The plan page shows "Planning… n of N
 * users" growing (htmx polls every second), reloads itself with the results when done, and a second dry run
 * cancelled mid-way is labelled partial. Screenshots at 1400 and 800 px go to test/e2e/artifacts/.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, ARTIFACTS, CHROMIUM, type E2e, startE2e } from './e2e-harness';

describe.skipIf(!fs.existsSync(CHROMIUM))('Dry run progress in Chromium', () => {
  let e: E2e;

  beforeAll(async () => {
    // Each match query waits 40 ms on 2 connections: 240 users take a few seconds to plan.
    e = await startE2e({ users: 240, failing: 0, latencyMs: 40 });
    e.scim.faults.clear();
    e.scim.faults.setLatency(40);
  }, 120_000);
  afterAll(async () => {
    await e?.close();
  });

  const shots = async (name: string) => {
    for (const width of [1400, 800]) {
      await e.page.setViewportSize({ width, height: 900 });
      await e.page.screenshot({ path: `${ARTIFACTS}${name}-${width}.png` });
    }
  };

  it('shows progress while planning, then the results; a cancelled one is labelled partial', async () => {
    const { page, base } = e;
    await page.goto(`${base}/login`);
    await page.fill('#email', ADMIN.email);
    await page.fill('#password', ADMIN.password);
    await Promise.all([page.waitForURL(`${base}/`), page.click('button[type=submit]')]);
    await page.goto(`${base}/apps/${e.target.id}/dry-runs`);
    await Promise.all([page.waitForURL(/\/dry-runs\/[0-9a-f-]+$/), page.click('button:has-text("Run dry run")')]);

    const progress = page.locator('#job-progress .progress-text');
    await expect
      .poll(async () => (await progress.textContent()) ?? '', { timeout: 30_000 })
      .toMatch(/Planning… [1-9][\d,]* of 240 users/);
    await page.setViewportSize({ width: 1400, height: 900 });
    await page.screenshot({ path: `${ARTIFACTS}dry-run-progress-1400.png`, fullPage: true });
    const early = Number(((await progress.textContent()) ?? '').match(/Planning… ([\d,]+)/)?.[1]?.replace(/,/g, ''));

    // The page reloads itself once planning has ended (HX-Refresh), showing the plan's results.
    await page.waitForSelector('#job-progress', { state: 'detached', timeout: 60_000 });
    await page.waitForLoadState('load');
    expect(early).toBeLessThan(240);
    expect(await page.locator('.count-create dd').textContent()).toBe('240');
    expect(await page.locator('.plan-items tbody tr').count()).toBe(100);
    expect(await page.locator('.pager a:has-text("Next")').count()).toBe(1);
    expect(await page.locator('button:has-text("Apply")').count()).toBe(1);
    await shots('dry-run-done');

    // A second one, cancelled: what was planned is kept and labelled partial; it cannot be applied.
    await page.goto(`${base}/apps/${e.target.id}/dry-runs`);
    await Promise.all([page.waitForURL(/\/dry-runs\/[0-9a-f-]+$/), page.click('button:has-text("Run dry run")')]);
    await expect.poll(async () => (await progress.textContent()) ?? '', { timeout: 30_000 }).toMatch(/Planning… [1-9]/);
    page.once('dialog', (d) => void d.accept());
    await Promise.all([page.waitForURL(/notice=cancelled/), page.click('button:has-text("Cancel")')]);
    await page.waitForSelector('.alert-warn:has-text("Cancelled after")', { timeout: 30_000 });
    expect(await page.locator('button:has-text("Apply")').count()).toBe(0);
    await shots('dry-run-cancelled');
    expect(e.errors).toEqual([]);
  }, 180_000);
});
