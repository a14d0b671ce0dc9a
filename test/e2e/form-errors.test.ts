/**
 * Issue 15 "Everywhere" in Chromium: a bad cron schedule on the (long) application page comes back with the
 * error summary in view at the top of the window and focus in the Schedule field, the typed value kept; a
 * summary link focuses its field. Screenshots at 1400 and 800 px of that and of two settings pages:
 * test/e2e/artifacts/form-error-cron-*.png, settings-*.png.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getApplication } from '../../src/apps/applications';
import { ARTIFACTS, CHROMIUM, type E2e, signInAdmin, startE2e } from './e2e-harness';

describe.skipIf(!fs.existsSync(CHROMIUM))('refused forms and settings pages in Chromium', () => {
  let e: E2e;
  beforeAll(async () => {
    e = await startE2e({ users: 3, failing: 0, latencyMs: 5 });
    await signInAdmin(e);
  });
  afterAll(async () => {
    await e?.close();
  });

  // The refusals are 400s by design; anything else in the console (a CSP block, a script error) is a fault.
  const scriptErrors = () => e.errors.filter((m) => !/status of 400 \(Bad Request\)/.test(m));
  const view = (name: string) => e.page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });

  for (const width of [1400, 800]) {
    it(`a bad cron shows the summary in view with focus on Schedule (${width} px)`, async () => {
      const { page, base, target } = e;
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${base}/apps/${target.id}`);
      await page.fill('#schedule', 'every 5 minutes');
      await Promise.all([
        page.waitForURL(`${base}/apps/${target.id}/settings`),
        page.click('#settings-form button.btn-primary[type=submit]'),
      ]);
      await page.waitForFunction(() => document.activeElement?.id === 'schedule');
      const box = await page.locator('.error-summary').boundingBox();
      expect(box).not.toBeNull();
      // The summary is at the top of the window, not 3,000 px below it.
      expect(box?.y ?? -1).toBeGreaterThanOrEqual(0);
      expect(box?.y ?? 1e9).toBeLessThan(200);
      expect(await page.locator('.error-summary').textContent()).toContain('Schedule (cron)');
      expect(await page.inputValue('#schedule')).toBe('every 5 minutes');
      expect(await page.getAttribute('#schedule', 'aria-invalid')).toBe('true');
      expect(await page.locator('#schedule-error').textContent()).toContain('needs five fields');
      expect(getApplication(e.db, target.id).schedule).toBe('*/5 * * * *');
      await view(`form-error-cron-${width}`);

      // The link in the summary takes focus to its field (after moving focus away).
      await page.focus('#tenantUrl');
      await page.click('.error-summary a[href="#schedule"]');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('schedule');
      expect(scriptErrors()).toEqual([]);
    });
  }

  it('settings pages: sub-nav with the page current, Settings current in the main nav (1400 and 800 px)', async () => {
    const { page, base } = e;
    for (const [name, url, label] of [
      ['notifications', '/settings/notifications', 'Notifications'],
      ['retention', '/settings/logs', 'Log retention'],
    ] as const) {
      for (const width of [1400, 800]) {
        await page.setViewportSize({ width, height: 900 });
        await page.goto(`${base}${url}`);
        expect(await page.locator('nav[aria-label="Main"] [aria-current="page"]').textContent()).toBe('Settings');
        expect(await page.locator('nav.settings-nav [aria-current="page"]').textContent()).toBe(label);
        expect(await page.locator('h1').textContent()).toBe(label);
        await view(`settings-${name}-${width}`);
      }
    }
    // A refused retention keeps what was typed and focuses the field.
    await page.fill('#retentionDays', 'never');
    await Promise.all([page.waitForLoadState('load'), page.click('form.retention-form button[type=submit]')]);
    await page.waitForFunction(() => document.activeElement?.id === 'retentionDays');
    expect(await page.inputValue('#retentionDays')).toBe('never');
    await view('settings-retention-error-800');
    expect(scriptErrors()).toEqual([]);
  });
});
