/**
 * Custom user attributes (issue 14) in Chromium: an admin declares costCenter from Directory → Attributes
 * (after a refused built-in name), gives a user a value from the user form, sees Remove refused while it is in
 * use, and opens the user page. Both pages get the accessibility check and a screenshot in
 * test/e2e/artifacts/ (directory-attributes*.png, directory-user-custom.png).
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../db/schema';
import { a11yCheck } from './a11y';
import { ADMIN, CHROMIUM, type E2e, startE2e } from './e2e-harness';

describe.skipIf(!fs.existsSync(CHROMIUM))('custom attributes in Chromium', () => {
  let e: E2e;

  beforeAll(async () => {
    e = await startE2e({ users: 2, failing: 0, latencyMs: 5 });
  });
  afterAll(async () => {
    await e?.close();
  });

  async function accessible(name: string) {
    const r = await a11yCheck(e.page);
    expect.soft(r.unlabelled, `${name}: unlabelled controls`).toEqual([]);
    expect.soft(r.h1, `${name}: h1 count`).toBe(1);
    expect.soft(r.headingSkips, `${name}: heading order`).toEqual([]);
    expect.soft(r.lowContrast, `${name}: contrast`).toEqual([]);
    await e.shot(name);
  }

  it('declares an attribute, sets a value on a user and shows it', async () => {
    const { page, base } = e;
    page.on('dialog', (d) => void d.accept());
    await page.goto(`${base}/login`);
    await page.fill('#email', ADMIN.email);
    await page.fill('#password', ADMIN.password);
    await Promise.all([page.waitForURL(`${base}/`), page.click('button[type=submit]')]);

    await page.goto(`${base}/directory/users`);
    await Promise.all([page.waitForURL(/\/directory\/attributes$/), page.click('nav.subnav a:has-text("Attributes")')]);
    await page.fill('#name', 'department');
    await page.click('button:has-text("Declare attribute")');
    await page.waitForSelector('#name-error');
    expect(await page.locator('#name-error').textContent()).toContain('built-in');
    await accessible('directory-attributes-error');

    await page.fill('#name', 'costCenter');
    await page.fill('#description', 'Finance cost center, e.g. CC-4200');
    await Promise.all([page.waitForURL(/done=declared/), page.click('button:has-text("Declare attribute")')]);
    await page.fill('#name', 'badgeNumber');
    await page.fill('#description', '');
    await Promise.all([page.waitForURL(/done=declared/), page.click('button:has-text("Declare attribute")')]);

    const user = e.db.select({ id: users.id }).from(users).get()?.id ?? '';
    await page.goto(`${base}/directory/users/${user}/edit`);
    await page.fill('[id="customAttributes[costCenter]"]', 'CC-4200');
    await Promise.all([page.waitForURL(/done=saved/), page.click('button:has-text("Save")')]);
    const block = page.locator('#custom-attributes');
    expect(await block.textContent()).toContain('CC-4200');
    await accessible('directory-user-custom');

    await page.goto(`${base}/directory/attributes`);
    await page.click('button[aria-label="Remove costCenter"]');
    await page.waitForSelector('.alert-error');
    expect(await page.locator('.alert-error').textContent()).toContain('1 user(s) have a value for costCenter');
    await accessible('directory-attributes');
    // The refused declaration (400) and removal (409) are answered with their status on purpose.
    expect(e.errors.filter((m) => !/status of (400|409)\b/.test(m))).toEqual([]);
  });
});
