/**
 * Issue 16 item 2 in Chromium: after a cycle, the Current status card has a Pacing line (limit in use under
 * its ceiling, rate, time waited), and the settings name Max concurrency and Requests per second as ceilings.
 * Screenshots at 1400 and 800 px go to test/e2e/artifacts/.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, ARTIFACTS, CHROMIUM, type E2e, startE2e } from './e2e-harness';

describe.skipIf(!fs.existsSync(CHROMIUM))('Pacing on the status card in Chromium', () => {
  let e: E2e;

  beforeAll(async () => {
    e = await startE2e({ users: 8, failing: 0, latencyMs: 20 });
    // startE2e arms one refused create even with failing: 0; this test wants only the throttle.
    e.scim.faults.clear();
    e.scim.faults.setLatency(20);
    e.scim.faults.add({ method: 'POST', path: '/Users', status: 429, retryAfter: '1', times: 1 });
  });
  afterAll(async () => {
    await e?.close();
  });

  it('shows the limit, the rate and the time waited after a cycle, and the ceilings in the settings', async () => {
    const { page, base } = e;
    await page.goto(`${base}/login`);
    await page.fill('#email', ADMIN.email);
    await page.fill('#password', ADMIN.password);
    await Promise.all([page.waitForURL(`${base}/`), page.click('button[type=submit]')]);
    await page.goto(`${base}/apps/${e.target.id}`);
    const card = page.locator('#current-status .status-card');
    await card.locator('button:has-text("Run cycle now")').click();
    await page.waitForFunction(
      () => {
        const c = document.querySelector('#current-status .status-card');
        return c !== null && !c.hasAttribute('hx-trigger') && c.querySelector('.last-cycle') !== null;
      },
      undefined,
      { timeout: 60_000 },
    );
    const line = (await card.locator('.pacing').textContent()) ?? '';
    expect(line).toMatch(/Pacing: up to (1 request|2 requests) in flight \(ceiling 2\)/);
    expect(line).toContain('rate: not limited');
    expect(line).toMatch(/waited \d+(\.\d)? m?s in the last cycle/);
    const html = await page.content();
    expect(html).toContain('Max concurrency (ceiling)');
    expect(html).toContain('Requests per second (ceiling)');
    for (const width of [1400, 800]) {
      await page.setViewportSize({ width, height: 900 });
      await card.screenshot({ path: `${ARTIFACTS}pacing-card-${width}.png` });
    }
    await page.locator('#maxConcurrency').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${ARTIFACTS}pacing-settings-800.png` });
    expect(e.errors).toEqual([]);
  }, 120_000);
});
