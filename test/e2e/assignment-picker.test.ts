/**
 * Issue 15 item 6 in Chromium: type part of two users' names and of a group's, tick all three (the chips keep
 * them across searches), choose the role once, "Assign 3 selected", then find them in the paged, searchable
 * list. Screenshots at 1400 and 800 px go to test/e2e/artifacts/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAssignments } from '../../src/apps/assignments';
import { createGroup } from '../../src/directory/groups';
import { createUser } from '../../src/directory/users';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { systemClock } from '../../src/kernel/clock';
import { a11yCheck } from './a11y';
import { ADMIN, ARTIFACTS, CHROMIUM, type E2e, startE2e } from './e2e-harness';

describe.skipIf(!fs.existsSync(CHROMIUM))('assignment picker in Chromium', () => {
  let e: E2e;

  beforeAll(async () => {
    // 60 assigned already, so the list pages (50 a page).
    e = await startE2e({ users: 60, failing: 0, latencyMs: 0 });
    const dir = { db: e.db, clock: systemClock, onChange: () => {} };
    createUser(dir, CLI_ACTOR, {
      userPrincipalName: 'kberg@contoso.test',
      displayName: 'Karin Berg',
      mail: 'karin.berg@contoso.test',
    });
    createUser(dir, CLI_ACTOR, { userPrincipalName: 'lars.holm@contoso.test', displayName: 'Lars Holm' });
    createUser(dir, CLI_ACTOR, { userPrincipalName: 'karl.ek@contoso.test', displayName: 'Karl Ek' });
    createGroup(dir, CLI_ACTOR, { displayName: 'Finance EMEA' });
  });
  afterAll(async () => {
    await e?.close();
  });

  /** Type into the search box and wait for the typeahead's answer to name `expected`. */
  async function search(text: string, expected: string) {
    const { page } = e;
    await page.fill('#pick', '');
    await page.type('#pick', text, { delay: 30 });
    await page.waitForFunction(
      ([t, name]) =>
        (document.querySelector('#pick-status')?.textContent ?? '').includes(`"${t}"`) &&
        (document.querySelector('#pick-results')?.textContent ?? '').includes(name as string),
      [text, expected],
      { timeout: 10_000 },
    );
  }

  it('assigns two users and a group found by typing parts of their names, with one role', async () => {
    const { page, base } = e;
    await page.goto(`${base}/login`);
    await page.fill('#email', ADMIN.email);
    await page.fill('#password', ADMIN.password);
    await Promise.all([page.waitForURL(`${base}/`), page.click('button[type=submit]')]);
    await page.goto(`${base}/apps/${e.target.id}#users`);

    await search('kar', 'Karin Berg');
    // "kar" finds Karin (name) and Karl (name); the live region says how many.
    expect(await page.locator('#pick-status').textContent()).toBe('2 found for "kar".');
    await page.locator('#pick-results label', { hasText: 'Karin Berg' }).locator('input').check();
    await search('holm', 'Lars Holm');
    // By keyboard: Enter searches in place (no page load), Tab past Search reaches the result, Space ticks it.
    const url = page.url();
    await Promise.all([
      page.waitForResponse((r) => r.url().includes('/assignment-candidates')),
      page.press('#pick', 'Enter'),
    ]);
    await page.waitForTimeout(100); // the swap follows the response
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('label')?.textContent)).toContain('Lars Holm');
    await page.keyboard.press('Space');
    expect(page.url()).toBe(url);
    await search('fin', 'Finance EMEA');
    await page.locator('#pick-results label', { hasText: 'Finance EMEA' }).locator('input').check();

    const chips = page.locator('#pick-chosen .chip');
    expect(await chips.allTextContents()).toEqual(['User Karin Berg', 'User Lars Holm', 'Group Finance EMEA']);
    expect(await page.locator('button[value=assign]').textContent()).toBe('Assign 3 selected');
    // Unticking a chip drops it; ticking again brings it back.
    await chips.filter({ hasText: 'Lars Holm' }).locator('input').click(); // the chip goes away at once
    expect(await page.locator('button[value=assign]').textContent()).toBe('Assign 2 selected');
    await search('lars', 'Lars Holm');
    await page.locator('#pick-results label', { hasText: 'Lars Holm' }).locator('input').check();
    await page.selectOption('#role', 'User');
    const a11y = await a11yCheck(page);
    expect(a11y.unlabelled).toEqual([]);
    expect(a11y.headingSkips).toEqual([]);
    expect(a11y.lowContrast).toEqual([]);

    for (const width of [1400, 800]) {
      await page.setViewportSize({ width, height: 900 });
      await page.evaluate(() => document.getElementById('users')?.scrollIntoView());
      await page.screenshot({ path: path.join(ARTIFACTS, `assignment-picker-${width}.png`) });
    }
    await page.setViewportSize({ width: 1400, height: 900 });

    await Promise.all([page.waitForURL(/notice=assigned/), page.click('button[value=assign]')]);
    const assigned = listAssignments(e.db, e.target.id)
      .filter((a) => !a.userPrincipalName.startsWith('person'))
      .map((a) => [a.principalType, a.userPrincipalName, a.role]);
    expect(assigned).toEqual([
      ['group', 'Finance EMEA', 'User'],
      ['user', 'kberg@contoso.test', 'User'],
      ['user', 'lars.holm@contoso.test', 'User'],
    ]);

    // The list: 63 assignments, 50 a page, searchable at the top.
    expect(await page.locator('.assignment-pages').first().textContent()).toContain('1–50 of 63');
    // Groups come first, then users by UPN.
    expect(await page.locator('.assignment-table tbody tr').first().textContent()).toContain('Finance EMEA');
    await page.fill('#assignment-search', 'berg');
    await Promise.all([page.waitForURL(/aq=berg/), page.press('#assignment-search', 'Enter')]);
    const rows = page.locator('.assignment-table tbody tr');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('karin.berg@contoso.test');
    await page.goto(`${base}/apps/${e.target.id}?aoffset=50#users`);
    expect(await page.locator('.assignment-pages').first().textContent()).toContain('51–63 of 63');
    expect(await page.locator('.assignment-table').textContent()).toContain('person059@contoso.test');
    for (const width of [1400, 800]) {
      await page.setViewportSize({ width, height: 900 });
      await page.evaluate(() => document.getElementById('assigned-heading')?.scrollIntoView());
      await page.screenshot({ path: path.join(ARTIFACTS, `assignment-list-${width}.png`) });
    }
    expect(e.errors).toEqual([]);
  }, 90_000);

  it('shows a refusal in the summary at the top of the form, with focus on the field and the input kept', async () => {
    const { page, base } = e;
    await page.setViewportSize({ width: 1400, height: 900 });
    await page.goto(`${base}/apps/${e.target.id}`);
    await page.fill('#pick', 'nobody@contoso.test');
    await Promise.all([page.waitForLoadState('load'), page.click('button[value=assign]')]);
    const summary = page.locator('#assign-form .error-summary');
    expect(await summary.textContent()).toContain('Nothing was assigned.');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('pick');
    expect(await page.inputValue('#pick')).toBe('nobody@contoso.test');
    // The summary is on screen, not thousands of pixels below.
    const box = await summary.boundingBox();
    expect(box?.y, `summary at ${box?.y}`).toBeGreaterThan(-2);
    expect(box?.y).toBeLessThan(900);
    for (const width of [1400, 800]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: path.join(ARTIFACTS, `assignment-picker-error-${width}.png`) });
    }
  }, 60_000);
});
