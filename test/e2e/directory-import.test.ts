/**
 * Issue 14 in Chromium: an admin previews a groups CSV on the import page (a create, an update, an unchanged
 * line and a line refused because a source owns the group), then imports a clean file. Both states get the
 * accessibility check and a screenshot in test/e2e/artifacts/ (directory-import-*.png), as does a memberships
 * preview.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGroup, findGroupByName } from '../../src/directory/groups';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { linkObject } from '../../src/sources/links';
import { createSource } from '../../src/sources/sources';
import { a11yCheck } from './a11y';
import { ADMIN, CHROMIUM, type E2e, startE2e } from './e2e-harness';

describe.skipIf(!fs.existsSync(CHROMIUM))('the directory import page in Chromium', () => {
  let e: E2e;

  beforeAll(async () => {
    e = await startE2e({ users: 2, failing: 0, latencyMs: 5 });
    const dir = { db: e.db, clock: { now: () => Date.now() }, onChange: () => {} };
    createGroup(dir, CLI_ACTOR, { displayName: 'Sales', description: 'Sellers' });
    createGroup(dir, CLI_ACTOR, { displayName: 'Support' });
    const finance = createGroup(dir, CLI_ACTOR, { displayName: 'Finance' });
    const { source } = createSource(e.db, dir.clock, CLI_ACTOR, { name: 'Okta' });
    linkObject(e.db, source.id, 'group', finance.id, 'okta-finance', Date.now());
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

  it('previews a groups CSV line by line, refusing the source-owned group, then imports a clean file', async () => {
    const { page, base } = e;
    await page.goto(`${base}/login`);
    await page.fill('#email', ADMIN.email);
    await page.fill('#password', ADMIN.password);
    await Promise.all([page.waitForURL(`${base}/`), page.click('button[type=submit]')]);

    await page.goto(`${base}/directory/users`);
    await Promise.all([
      page.waitForURL(/\/directory\/users\/import$/),
      page.click('a[href="/directory/users/import"]'),
    ]);
    await Promise.all([
      page.waitForURL(/\/directory\/import\/groups$/),
      page.click('nav[aria-label="What to import"] a:has-text("Groups")'),
    ]);
    const withOwned = [
      'displayName,description',
      'Engineering,Builds the product',
      'Sales,Sellers and account managers',
      'Support,',
      'Finance,Budgets',
    ].join('\n');
    await page.fill('#csv', withOwned);
    await Promise.all([page.waitForURL(/\/preview$/), page.click('button:has-text("Preview")')]);
    await expect
      .poll(() => page.textContent('#import-counts'))
      .toContain('1 to create, 1 to update, 1 unchanged, 1 with errors');
    expect(await page.textContent('tr.import-error')).toContain(
      'Finance is owned by the source "Okta"; change it there',
    );
    expect(await page.locator('button:has-text("Import")').count()).toBe(0);
    // The text is kept for fixing.
    expect(await page.inputValue('#csv')).toBe(withOwned);
    await accessible('directory-import-groups-preview');

    await page.fill('#csv', withOwned.split('\n').slice(0, 4).join('\n'));
    await Promise.all([page.waitForURL(/\/preview$/), page.click('button:has-text("Preview")')]);
    await Promise.all([
      page.waitForURL(/\/directory\/import\/groups$/),
      page.click('button:has-text("Import 2 groups")'),
    ]);
    expect(await page.textContent('[role=status]')).toContain('Imported: 1 created, 1 updated, 1 unchanged.');
    expect(findGroupByName(e.db, 'Engineering')?.description).toBe('Builds the product');
    expect(findGroupByName(e.db, 'Finance')?.description).toBeNull();
    await accessible('directory-import-groups-done');
    expect(e.errors).toEqual([]);
  });

  it('previews a memberships CSV: adds, the owned group refused, a loop formed by two lines', async () => {
    const { page } = e;
    await Promise.all([
      page.waitForURL(/\/directory\/import\/memberships$/),
      page.click('nav[aria-label="What to import"] a:has-text("Memberships")'),
    ]);
    const csv = [
      'group,member',
      'Engineering,person000@contoso.test',
      'Sales,Engineering',
      'Finance,person001@contoso.test',
      'Engineering,Sales',
    ].join('\n');
    await page.fill('#csv', csv);
    await Promise.all([page.waitForURL(/\/preview$/), page.click('button:has-text("Preview")')]);
    expect(await page.textContent('#import-counts')).toContain('2 to add, 0 already members, 2 with errors');
    const errors = await page.locator('tr.import-error').allTextContents();
    expect(errors[0]).toContain('Finance is owned by the source "Okta"');
    expect(errors[1]).toContain('Group Sales contains group Engineering: nesting would loop');
    await accessible('directory-import-memberships-preview');
    expect(e.errors).toEqual([]);
  });
});
