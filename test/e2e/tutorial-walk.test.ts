/**
 * Issue 15 "Done when": Microsoft's MindTickle tutorial walked in Chromium against the real demo process
 * (`npm run demo`): sign in, a new application to the built-in sandbox with a typed Test Connection, two
 * users and a group assigned by typing part of their names, a mapping drafted, previewed and published,
 * provisioning turned On and the cycle watched, a failed user found by UPN and opened by keyboard, a report
 * CSV exported, and the mapping change found in the audit log. Every page is photographed
 * (test/e2e/artifacts/walk-NN-*.png) for review.
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, launchChromium, startDemo, stopDemo } from './demo-process';
import { ARTIFACTS, CHROMIUM } from './e2e-harness';

describe.skipIf(!fs.existsSync(CHROMIUM))('the admin tutorial, walked in Chromium on the demo', () => {
  let demo: ChildProcess | undefined;
  let ctx: BrowserContext | undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'provisio-walk-'));
  let shots = 0;

  afterAll(async () => {
    await ctx?.close();
    await stopDemo(demo);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const shot = async (page: Page, name: string, fullPage = true) => {
    shots += 1;
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const file = `walk-${String(shots).padStart(2, '0')}-${name}.png`;
    await page.screenshot({ path: path.join(ARTIFACTS, file), fullPage });
  };

  /** Type into the assignment search and tick the first free candidate whose label contains `expect`. */
  const pick = async (page: Page, typed: string, expected: string) => {
    await page.fill('#pick', '');
    await page.type('#pick', typed, { delay: 30 });
    const item = page.locator('#pick-results label', { hasText: expected }).locator('input:not([disabled])').first();
    await item.waitFor({ timeout: 10_000 });
    await item.check();
  };

  interface StatusView {
    currentCycle: { id: string } | null;
    lastInitialCycle: { id: string; status: string } | null;
  }
  /**
   * Wait (≤ 90 s) until an initial cycle other than `previous` has finished and none runs, as the status API
   * the card reads says; then show the card as the admin sees it.
   */
  const watchCycle = async (page: Page, appUrl: string, previous: string | null): Promise<string> => {
    const api = appUrl.replace('/apps/', '/api/v1/applications/');
    for (let i = 0; i < 90; i++) {
      const s = (await (await page.request.get(`${api}/status`)).json()) as StatusView;
      const done = s.lastInitialCycle;
      if (done && done.id !== previous && s.currentCycle === null) {
        await page.goto(appUrl);
        return done.id;
      }
      await page.waitForTimeout(1000);
    }
    throw new Error('the initial cycle did not finish in 90 s');
  };

  /** Esc closes the log flyout; its entry leaves the URL by a history step, awaited so no later goto races it. */
  const closeFlyout = async (page: Page) => {
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('dialog[open]').count()).toBe(0);
    await page.waitForURL((u) => !u.searchParams.has('entry'));
    await page.waitForLoadState('load');
  };

  it('goes from a new app to the audit entry of its mapping change', async () => {
    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    const started = await startDemo({
      PORT: String(port),
      HOST: '127.0.0.1',
      PROVISIO_DB: path.join(dir, 'demo.db'),
      PROVISIO_SANDBOX_DB: path.join(dir, 'demo-sandbox.db'),
      LOG_LEVEL: 'warn',
    });
    demo = started.child;
    const downloads = path.join(dir, 'downloads');
    fs.mkdirSync(downloads);
    ctx = await launchChromium(dir, { downloads });
    const page = ctx.pages()[0] ?? (await ctx.newPage());
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));

    // Sign in with what the demo printed.
    await page.goto(`${origin}/`);
    await shot(page, 'sign-in');
    await page.fill('#email', started.email);
    await page.fill('#password', started.password);
    await Promise.all([page.waitForURL(`${origin}/`), page.click('button[type=submit]')]);
    await shot(page, 'overview');

    // Add the app: Tenant URL and Secret Token of the built-in sandbox, tested as typed, then saved.
    await page.goto(`${origin}/apps/new`);
    await page.fill('#name', 'MindTickle (walk)');
    await page.selectOption('#template', 'scim');
    await page.click('text=Use the built-in sandbox');
    await page.waitForFunction(() => (document.querySelector('#tenantUrl') as HTMLInputElement | null)?.value !== '');
    await page.click('button[form="test-connection-form"]');
    await page.waitForSelector('#test-result .test-ok', { timeout: 30_000 });
    await shot(page, 'new-app-tested');
    await Promise.all([page.waitForURL(/\/apps\/[0-9a-f-]+\?notice=created/), page.click('text=Create')]);
    const appUrl = page.url().split('?')[0] ?? '';
    const appId = appUrl.split('/').pop() ?? '';
    await shot(page, 'app-created');

    // Assign two users and a group by typing part of their names; the role is chosen once.
    await page.goto(`${appUrl}#users`);
    await pick(page, 'ava', 'Ava');
    await pick(page, 'liam', 'Liam');
    await pick(page, 'joiner', 'New Joiners');
    const chosen = await page.locator('#pick-chosen .chip').allTextContents();
    expect(chosen).toHaveLength(3);
    await page.selectOption('#role', 'User');
    await Promise.all([page.waitForLoadState('load'), page.click('button[value=assign]')]);
    await page.waitForSelector('.assignment-table');
    const assigned = (await page.textContent('.assignment-table')) ?? '';
    // Each chip reads "<kind> <name>": every chosen name is now in the assigned list.
    for (const chip of chosen) expect(assigned).toContain(chip.replace(/^(User|Group) /, ''));
    expect(assigned).toContain('New Joiners');
    await shot(page, 'assigned');

    // Provisioning On; watch the initial cycle to its end on the status card.
    await page.goto(appUrl);
    await Promise.all([page.waitForURL(/notice=provisioning_on/), page.click('form.toggle button[value=on]')]);
    await shot(page, 'provisioning-on');
    const first = await watchCycle(page, appUrl, null);
    expect((await page.textContent('body')) ?? '').toContain('Initial · Succeeded');
    await shot(page, 'cycle-done');

    // With provisioning On, a mapping edit is a draft: preview its impact, then publish (a new initial cycle).
    page.on('dialog', (d) => void d.accept());
    await page.goto(`${appUrl}/mappings/user`);
    await page.click('tr:has(code:text-is("title")) button:has-text("Edit")');
    await page.waitForSelector('form#mapping-editor');
    await page.selectOption('#mappingType', 'expression');
    await page.waitForSelector('#expression');
    await page.fill('#expression', 'ToUpper([displayName])');
    await page.click('button:has-text("Save mapping")');
    await page.waitForSelector('#draft-banner .draft-banner');
    expect(await page.textContent('#draft-banner h2')).toContain('Draft — not published: 1 change');
    await shot(page, 'mapping-draft');
    await Promise.all([
      page.waitForURL(/\/dry-runs\/[^/?]+$/),
      page.click('#draft-banner button:has-text("Preview impact")'),
    ]);
    expect(await page.textContent('h1')).toBe('Preview of the unpublished mapping draft');
    await page.waitForSelector('.plan-items');
    await shot(page, 'mapping-preview');
    await page.goto(`${appUrl}/mappings/user`);
    await Promise.all([page.waitForURL(/notice=published/), page.click('#draft-banner button:has-text("Publish")')]);
    await shot(page, 'mapping-published');
    await watchCycle(page, appUrl, first);
    await shot(page, 'cycle-after-publish');

    // Find a user whose create failed by the UPN alone, and open its details by keyboard.
    await page.goto(`${origin}/logs?status=failure&action=create&range=30d`);
    const firstFailed = page.locator('table tbody tr').first();
    await firstFailed.waitFor();
    await page.keyboard.press('Tab'); // the skip link is the first stop
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    const dialog = page.locator('dialog[open]');
    await dialog.waitFor();
    // The import step lists what was read from the directory, the UPN among it.
    const upn = await dialog.locator('dt:text-is("UPN") + dd').first().textContent();
    expect(upn).toMatch(/@/);
    await closeFlyout(page);
    await page.goto(`${origin}/logs?identity=${encodeURIComponent(upn ?? '')}&range=30d`);
    const found = page.locator('table tbody tr');
    await found.first().waitFor();
    expect(((await page.textContent('table tbody')) ?? '').toLowerCase()).toContain('failure');
    // By keyboard only: the skip link, then down the rows to the failed one, Enter opens its details.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    const focusedRow = () => page.evaluate(() => document.activeElement?.closest('tr')?.textContent ?? '');
    for (let i = 0; i < 20 && !(await focusedRow()).includes('Failure'); i++) await page.keyboard.press('ArrowDown');
    expect(await focusedRow()).toContain('Failure');
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    expect(await page.evaluate(() => document.activeElement?.closest('dialog') !== null)).toBe(true);
    await shot(page, 'failed-user-details');
    await closeFlyout(page);

    // Export a report as CSV: UTF-8 BOM, a header, names rather than ids.
    await page.goto(`${origin}/reports?range=30d`);
    await shot(page, 'reports');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('a[download][href^="/reports/export/"]').first().click(),
    ]);
    const csv = fs.readFileSync((await download.path()) ?? '', 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.split('\n').length).toBeGreaterThan(2);

    // The mapping change, in the audit log, with the admin's name.
    await page.goto(`${origin}/audit`);
    const audit = (await page.textContent('main')) ?? '';
    expect(audit).toContain('mappings.draft_publish');
    expect(audit).toContain(started.email);
    // The top of the page, as the admin first sees it (the full log runs to thousands of pixels).
    await shot(page, 'audit', false);
    expect(appId).toMatch(/^[0-9a-f-]{36}$/);
    expect(errors).toEqual([]);
  }, 240_000);
});
