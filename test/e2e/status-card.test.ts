/**
 * Issue 15 items 9-11 in Chromium: after an initial cycle and an empty incremental one, the Current status
 * card keeps the initial summary beside the last cycle and counts group members in scope (a Default Access
 * group's members not); the failure-mail checkbox warns that no SMTP relay is configured; the Identity
 * filter finds a user whose create failed by its UPN. Screenshots go to test/e2e/artifacts/.
 */
import fs from 'node:fs';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisioningLog, users } from '../../db/schema';
import { assignPrincipal } from '../../src/apps/assignments';
import { createGroup } from '../../src/directory/groups';
import { addMembers } from '../../src/directory/memberships';
import { createUser } from '../../src/directory/users';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { systemClock } from '../../src/kernel/clock';
import { ADMIN, CHROMIUM, type E2e, startE2e } from './e2e-harness';

const USERS = 6;

describe.skipIf(!fs.existsSync(CHROMIUM))('Current status card and failure mail in Chromium', () => {
  let e: E2e;

  beforeAll(async () => {
    e = await startE2e({ users: USERS, failing: 1, latencyMs: 10 });
    const dir = { db: e.db, clock: systemClock, onChange: () => {} };
    const member = (n: string) =>
      createUser(dir, CLI_ACTOR, { userPrincipalName: `${n}@contoso.test`, displayName: n });
    const sales = createGroup(dir, CLI_ACTOR, { displayName: 'Sales' });
    addMembers(dir, CLI_ACTOR, sales.id, { memberIds: ['s1', 's2', 's3'].map((n) => member(n).id) });
    const lobby = createGroup(dir, CLI_ACTOR, { displayName: 'Lobby' });
    addMembers(dir, CLI_ACTOR, lobby.id, { memberIds: [member('visitor').id] });
    assignPrincipal(dir, CLI_ACTOR, e.target.id, { principalId: sales.id, role: 'User' });
    assignPrincipal(dir, CLI_ACTOR, e.target.id, { principalId: lobby.id, role: 'Default Access' });
  });
  afterAll(async () => {
    await e?.close();
  });

  /** Click "Run cycle now" and wait until the card stops polling. */
  async function runCycle() {
    const card = e.page.locator('#current-status .status-card');
    await card.locator('button:has-text("Run cycle now")').click();
    await e.page.waitForFunction(
      () => {
        const c = document.querySelector('#current-status .status-card');
        return c !== null && !c.hasAttribute('hx-trigger') && c.querySelector('.last-cycle') !== null;
      },
      undefined,
      { timeout: 30_000 },
    );
  }

  it('keeps the initial summary beside an empty incremental cycle, with group members in scope', async () => {
    const { page, base } = e;
    await page.goto(`${base}/login`);
    await page.fill('#email', ADMIN.email);
    await page.fill('#password', ADMIN.password);
    await Promise.all([page.waitForURL(`${base}/`), page.click('button[type=submit]')]);
    await page.goto(`${base}/apps/${e.target.id}`);
    await runCycle();
    await page.waitForTimeout(1500); // the incremental cycle gets a later start time
    await runCycle();

    const card = page.locator('#current-status .status-card');
    expect(await card.locator('.last-cycle').textContent()).toContain('Incremental');
    const initial = card.locator('.last-initial-cycle');
    expect(await initial.textContent()).toContain('Initial');
    // Six direct users and Sales' three, less the refused create, plus the Sales group itself.
    expect(await initial.locator('.count-created dd').textContent()).toBe(String(USERS + 3 - 1 + 1));
    expect(await initial.locator('.count-failed dd').textContent()).toBe('1');
    expect(await card.locator('.users-in-scope').textContent()).toBe(String(USERS + 3));
    await card.screenshot({ path: `${new URL('./artifacts/', import.meta.url).pathname}status-card.png` });
    await e.shot('status-card-page');

    // The overview card keeps the initial summary too, and says how many users are in scope.
    await page.goto(`${base}/`);
    const overview = page.locator(`#status-${e.target.id}`);
    expect(await overview.locator('.users-in-scope').textContent()).toBe(String(USERS + 3));
    // Users only (the Sales group's link is not a user), as the application page's statistics say.
    expect(await overview.locator('.users-provisioned').textContent()).toBe(String(USERS + 3 - 1));
    expect(await overview.locator('.last-initial-cycle').isVisible()).toBe(true);
    await overview.screenshot({ path: `${new URL('./artifacts/', import.meta.url).pathname}overview-card.png` });
    expect(e.errors).toEqual([]);
    await page.goto(`${base}/apps/${e.target.id}`);
  });

  it('warns beside the failure-mail checkbox that no SMTP relay is configured', async () => {
    const { page } = e;
    const warning = page.locator('#settings-form .no-mail-warning');
    expect(await warning.isVisible()).toBe(true);
    expect(await warning.locator('a').getAttribute('href')).toBe('/settings/notifications');
    await page.locator('#notificationEmail').fill('ops@contoso.test');
    await page.locator('button:has-text("Send test mail")').click();
    const answer = page.locator('#test-mail-result .test-mail-failed');
    await answer.waitFor();
    expect(await answer.textContent()).toContain('No SMTP server is configured');
    await page.locator('#provisioning').screenshot({
      path: `${new URL('./artifacts/', import.meta.url).pathname}failure-mail-warning.png`,
    });
  });

  it('finds the user whose create failed by its UPN in the Identity filter', async () => {
    const { page, base } = e;
    const failed = e.db.select().from(provisioningLog).where(eq(provisioningLog.status, 'failure')).get();
    const upn =
      e.db
        .select()
        .from(users)
        .where(eq(users.id, failed?.sourceId ?? ''))
        .get()?.userPrincipalName ?? '';
    expect(upn).toMatch(/@contoso\.test$/);
    await page.goto(`${base}/logs?identity=${encodeURIComponent(upn)}`);
    const rows = page.locator('tr.log-row');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('Failure');
    await e.shot('logs-identity-upn');
  });
});
