/**
 * Issue 15 item 12 in Chromium: the log page by keyboard only (skip link, arrows, Enter opens the flyout
 * with focus inside, Esc closes it and focus returns to the row), the URL keeping the open entry (deep link,
 * Back and Forward), copy buttons, how many rows fit at 1400×900, and no sideways scroll at 800 px.
 * Screenshots go to test/e2e/artifacts/log-page-*.png.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeLog } from '../../src/log/write';
import { ARTIFACTS, CHROMIUM, type E2e, signInAdmin, startE2e } from './e2e-harness';

const ROWS = 40;
const ids: { change: string; source: string; name: string }[] = [];

describe.skipIf(!fs.existsSync(CHROMIUM))('the provisioning-log page in Chromium', () => {
  let e: E2e;

  beforeAll(async () => {
    e = await startE2e({ users: 0, failing: 0, latencyMs: 0 });
    const now = Date.now();
    for (let i = 0; i < ROWS; i++) {
      const row = { change: crypto.randomUUID(), source: crypto.randomUUID(), name: `Person ${i}` };
      ids.push(row);
      const failed = i % 7 === 0;
      writeLog(e.db, {
        id: row.change,
        appId: e.target.id,
        activityDateTime: now - i * 60_000,
        jobId: `scim.${e.target.id}`,
        cycleId: crypto.randomUUID(),
        provisioningAction: 'create',
        status: failed ? 'failure' : 'success',
        durationMs: 120 + i,
        initiatedBy: { type: 'system', name: 'Provisio provisioning service' },
        source: { id: row.source, displayName: row.name, type: 'user' },
        target: { id: failed ? null : crypto.randomUUID(), displayName: null },
        sourceSystem: 'Provisio directory',
        targetSystem: 'Sandbox SCIM',
        error: failed
          ? {
              errorCode: 'SystemForCrossDomainIdentityManagementBadResponse',
              errorCategory: 'nonServiceFailure',
              reason: 'The app answered 400 invalidValue: department is required',
              recommendedAction: null,
            }
          : null,
        steps: [
          {
            name: 'EntryImport',
            provisioningStepType: 'import',
            status: 'success',
            description: `Retrieved User '${row.name}' from Provisio directory`,
            details: { UPN: `person${i}@contoso.test` },
          },
        ],
        modifiedProperties: [{ displayName: 'userName', oldValue: null, newValue: `person${i}@contoso.test` }],
      });
    }
    await signInAdmin(e);
  });
  afterAll(async () => {
    await e?.close();
  });

  const focused = () =>
    e.page.evaluate(() => {
      const a = document.activeElement;
      return {
        tag: a?.tagName.toLowerCase() ?? '',
        text: a?.textContent?.trim() ?? '',
        entry: a?.getAttribute('data-entry-id') ?? null,
        inFlyout: a?.closest('#log-flyout') !== null,
        // Past the flyout's last control a modal dialog lets focus go to the browser's own UI (body here).
        behindFlyout: a !== null && a !== document.body && a.closest('#log-flyout') === null,
      };
    });
  const flyoutState = () =>
    e.page.evaluate(() => {
      const d = document.getElementById('log-flyout') as HTMLDialogElement | null;
      return { open: d?.open ?? false, modal: d?.matches(':modal') ?? false };
    });
  const entryParam = () => new URL(e.page.url()).searchParams.get('entry');
  // Closing a flyout that this page opened goes Back in history, which completes a moment later.
  const entryGone = () => e.page.waitForFunction(() => !new URL(location.href).searchParams.has('entry'));

  it('fits at least 15 rows at 1400×900 and does not scroll sideways at 800 px', async () => {
    const { page, base } = e;
    const visibleRows = () =>
      page.$$eval(
        'tr.log-row',
        (rows) =>
          rows.filter((r) => {
            const b = r.getBoundingClientRect();
            return b.top >= 0 && b.bottom <= window.innerHeight;
          }).length,
      );
    await page.setViewportSize({ width: 1400, height: 900 });
    await page.goto(`${base}/logs`);
    const wide = await visibleRows();
    console.log(`log page: ${wide} rows fully visible at 1400×900`);
    expect(wide).toBeGreaterThanOrEqual(15);
    // Ids sit on one line: a row is as tall as one line of text plus its padding.
    const heights = await page.$$eval('tr.log-row', (rows) => rows.map((r) => r.getBoundingClientRect().height));
    expect(Math.max(...heights)).toBeLessThan(40);
    await page.screenshot({ path: `${ARTIFACTS}log-page-1400.png` });

    await page.setViewportSize({ width: 800, height: 900 });
    await page.goto(`${base}/logs`);
    const sideways = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth - window.innerWidth,
      table: (() => {
        const w = document.querySelector('#log-results .table-wrap');
        return w ? w.scrollWidth - w.clientWidth : 0;
      })(),
    }));
    expect(sideways).toEqual({ page: 0, table: 0 });
    await page.screenshot({ path: `${ARTIFACTS}log-page-800.png` });
    await page.setViewportSize({ width: 1400, height: 900 });
  });

  it('works by keyboard: skip link, arrows, Enter opens the flyout with focus inside, Esc closes it', async () => {
    const { page, base } = e;
    await page.goto(`${base}/logs`);
    await page.keyboard.press('Tab');
    expect(await focused()).toMatchObject({ tag: 'a', text: 'Skip to results' });
    await page.screenshot({
      path: `${ARTIFACTS}log-page-skip-link.png`,
      clip: { x: 0, y: 0, width: 700, height: 120 },
    });
    await page.keyboard.press('Enter');
    expect(await focused()).toMatchObject({ tag: 'tr', entry: ids[0]?.change });
    // One Tab stop for the whole list: Shift+Tab then Tab comes back to the same row, not to the next one.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await focused()).toMatchObject({ tag: 'tr', entry: ids[2]?.change });
    await page.keyboard.press('Shift+Tab');
    expect((await focused()).tag).not.toBe('tr');
    await page.keyboard.press('Tab');
    expect(await focused()).toMatchObject({ tag: 'tr', entry: ids[2]?.change });

    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.getElementById('log-flyout')?.matches(':modal'));
    expect(await flyoutState()).toEqual({ open: true, modal: true });
    const inside = await focused();
    expect(inside.inFlyout).toBe(true);
    expect(inside.text).toBe(ids[2]?.name);
    expect(await page.locator('#log-flyout').getAttribute('aria-labelledby')).toBe('log-detail-title');
    expect(entryParam()).toBe(ids[2]?.change);
    // Tab never reaches the page behind the modal flyout.
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press('Tab');
      expect((await focused()).behindFlyout).toBe(false);
    }
    // The flyout covers the viewport (fixed), so these are viewport shots, not full-page ones.
    await page.screenshot({ path: `${ARTIFACTS}log-page-flyout-1400.png` });
    await page.setViewportSize({ width: 800, height: 900 });
    await page.screenshot({ path: `${ARTIFACTS}log-page-flyout-800.png` });
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBe(0);
    await page.setViewportSize({ width: 1400, height: 900 });

    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !(document.getElementById('log-flyout') as HTMLDialogElement).open);
    expect(await focused()).toMatchObject({ tag: 'tr', entry: ids[2]?.change });
    await entryGone();
    expect(await focused()).toMatchObject({ tag: 'tr', entry: ids[2]?.change });
    expect(e.errors).toEqual([]);
  });

  // One retry: once in a loaded CI run (of dozens) a history step here waited out the test's 30 s; each wait
  // below is bounded so that a real failure names its step, and a retry starts again from a fresh goto.
  it('keeps the open entry in the URL: a deep link opens it, Back closes it, Forward reopens it', {
    retry: 1,
  }, async () => {
    const { page, base } = e;
    const pick = ids[5];
    await page.goto(`${base}/logs?entry=${pick?.change}`);
    await page.waitForFunction(() => document.getElementById('log-flyout')?.matches(':modal'), null, {
      timeout: 10_000,
    });
    expect((await focused()).inFlyout).toBe(true);
    expect(await page.locator('#log-flyout h2').textContent()).toBe(pick?.name);
    await page.locator('#log-flyout button.flyout-close').click();
    await page.waitForFunction(() => !(document.getElementById('log-flyout') as HTMLDialogElement).open, null, {
      timeout: 10_000,
    });
    expect(await focused()).toMatchObject({ tag: 'tr', entry: pick?.change });
    expect(entryParam()).toBeNull();

    // A mouse click on a row opens it and pushes one history entry; Back closes, Forward reopens.
    await page.locator(`tr.log-row[data-entry-id="${ids[1]?.change}"] td:nth-child(4)`).click();
    await page.waitForFunction(() => document.getElementById('log-flyout')?.matches(':modal'), null, {
      timeout: 10_000,
    });
    expect(entryParam()).toBe(ids[1]?.change);
    await page.goBack();
    await page.waitForFunction(() => !(document.getElementById('log-flyout') as HTMLDialogElement).open, null, {
      timeout: 10_000,
    });
    expect(entryParam()).toBeNull();
    expect(await page.locator('tr.log-row').count()).toBe(ROWS);
    await page.goForward();
    await page.waitForFunction(() => document.getElementById('log-flyout')?.matches(':modal'), null, {
      timeout: 10_000,
    });
    expect(await page.locator('#log-flyout h2').textContent()).toBe(ids[1]?.name);
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !(document.getElementById('log-flyout') as HTMLDialogElement).open, null, {
      timeout: 10_000,
    });
    await entryGone();
    expect(e.errors).toEqual([]);
  });

  it('copies an id to the clipboard and says "Copied"', async () => {
    const { page, base } = e;
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    await page.goto(`${base}/logs`);
    const first = page.locator('tr.log-row').first();
    const idText = first.locator('.copy-id-text');
    // Cut to one line with an ellipsis, the whole id still in the text and the tooltip.
    expect(await idText.textContent()).toBe(ids[0]?.source);
    expect(await idText.getAttribute('title')).toBe(ids[0]?.source);
    expect(await idText.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    await first.locator('button.copy-btn').click({ timeout: 5000 });
    await expect.poll(() => page.locator('main > .copy-status').textContent()).toBe('Copied source ID');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(ids[0]?.source);
    expect((await flyoutState()).open).toBe(false); // copying does not open the row

    // In the flyout: the change id, announced inside the dialog (the page behind it is inert).
    await first.locator('a.row-link').click({ timeout: 5000 });
    await page.waitForFunction(() => document.getElementById('log-flyout')?.matches(':modal'));
    await page.locator('#log-flyout label[for="tab-summary"]').click();
    await page.locator('#log-flyout button.copy-btn[aria-label="Copy change ID"]').click({ timeout: 5000 });
    await expect.poll(() => page.locator('#log-flyout .copy-status').textContent()).toBe('Copied change ID');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(ids[0]?.change);
    await page.screenshot({ path: `${ARTIFACTS}log-page-copied.png` });
    expect(e.errors).toEqual([]);
  });
});
