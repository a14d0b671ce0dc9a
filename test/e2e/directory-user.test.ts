/**
 * Issue 14 in Chromium: an admin creates a group from the page, adds a user to it, runs a cycle, and opens
 * the user page of a user whose create failed (escrow, log row) and of one that was linked; both pages get
 * the accessibility check and a screenshot in test/e2e/artifacts/ (directory-user-*.png).
 */
import fs from 'node:fs';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectorObjects, escrows, users } from '../../db/schema';
import { lastFinishedCycle } from '../../src/engine/cycle/cycles-repo';
import { a11yCheck } from './a11y';
import { ADMIN, CHROMIUM, type E2e, startE2e } from './e2e-harness';

describe.skipIf(!fs.existsSync(CHROMIUM))('the directory user page in Chromium', () => {
  let e: E2e;

  beforeAll(async () => {
    e = await startE2e({ users: 3, failing: 1, latencyMs: 5 });
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

  const upnOf = (id: string) =>
    e.db.select({ upn: users.userPrincipalName }).from(users).where(eq(users.id, id)).get()?.upn ?? '';
  let addToGroup: (userId: string) => Promise<void> = async () => {};

  it('creates a group, adds a member, and shows the user with groups, link, last action and escrow', async () => {
    const { page, base } = e;
    await page.goto(`${base}/login`);
    await page.fill('#email', ADMIN.email);
    await page.fill('#password', ADMIN.password);
    await Promise.all([page.waitForURL(`${base}/`), page.click('button[type=submit]')]);

    await page.goto(`${base}/directory/groups`);
    await Promise.all([page.waitForURL(/\/directory\/groups\/new$/), page.click('a:has-text("New group")')]);
    await page.fill('#displayName', 'Engineering');
    await page.fill('#description', 'Builds the product');
    await Promise.all([page.waitForURL(/done=created/), page.click('button:has-text("Create group")')]);
    // The picker suggests directory users while typing.
    await page.fill('#member', 'person00');
    await page.waitForFunction(() => document.querySelectorAll('#member-options option').length === 3);
    const group = page.url().replace(/\?.*$/, '');
    addToGroup = async (userId: string) => {
      await page.goto(group);
      await page.fill('#member', upnOf(userId));
      await Promise.all([page.waitForURL(/done=added/), page.click('button:has-text("Add member")')]);
    };

    e.scheduler.runNow(e.target.id, { type: 'user', name: ADMIN.email });
    const deadline = Date.now() + 30_000;
    while (!lastFinishedCycle(e.db, e.target.id) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(lastFinishedCycle(e.db, e.target.id)?.status).toBe('entry_errors');

    // The first create the target saw was refused: that user has an escrow with the target's message.
    const failed = e.db.select({ id: escrows.sourceId }).from(escrows).get()?.id ?? '';
    await addToGroup(failed);
    await page.goto(`${base}/directory/users/${failed}`);
    const apps = page.locator('#provisioning');
    expect(await apps.textContent()).toContain('create failed, 1 attempt');
    expect(await apps.textContent()).toContain('department is required');
    expect(await page.locator('#groups').textContent()).toContain('Engineering');
    await accessible('directory-user-failed');

    const linked = e.db.select({ id: connectorObjects.sourceId }).from(connectorObjects).get()?.id ?? '';
    await page.goto(`${base}/directory/users/${linked}`);
    expect(await apps.locator('a:has-text("Create")').getAttribute('href')).toMatch(/^\/logs\//);
    expect(await apps.textContent()).toContain('(direct)');
    expect(await apps.textContent()).not.toContain('Not linked');
    await accessible('directory-user-linked');
    expect(e.errors).toEqual([]);

    // The edit form, with a field error next to the field (the page answers 400, which Chromium logs).
    await page.click('a:has-text("Edit")');
    await page.fill('#userPrincipalName', 'not an upn');
    await page.click('button:has-text("Save")');
    await page.locator('#userPrincipalName-error').waitFor();
    await accessible('directory-user-edit-error');
  });
});
