/**
 * Issue 14 in Chromium: a SCIM source pushes a user through /scim/v2, and the overview shows its card under
 * "Directory sources" beside the application cards; the page passes the accessibility check, and the card's
 * link opens the logs filtered to the source. Screenshot: test/e2e/artifacts/overview-sources.png.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { systemClock } from '../../src/kernel/clock';
import { createSource } from '../../src/sources/sources';
import { a11yCheck } from './a11y';
import { ADMIN, CHROMIUM, type E2e, startE2e } from './e2e-harness';

describe.skipIf(!fs.existsSync(CHROMIUM))('directory sources on the overview in Chromium', () => {
  let e: E2e;

  beforeAll(async () => {
    e = await startE2e({ users: 3, failing: 0, latencyMs: 0 });
  });
  afterAll(async () => {
    await e?.close();
  });

  it('shows the source card with its counts and opens its log rows', async () => {
    const { source, token } = createSource(e.db, systemClock, CLI_ACTOR, { name: 'Workday (HR)' });
    for (const name of ['grace', 'linus']) {
      const res = await fetch(`${e.base}/scim/v2/Users`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
        body: JSON.stringify({
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
          userName: `${name}@contoso.test`,
          displayName: name,
          active: true,
        }),
      });
      expect(res.status).toBe(201);
    }
    const { page, base } = e;
    await page.goto(`${base}/`);
    await page.fill('#email', ADMIN.email);
    await page.fill('#password', ADMIN.password);
    await Promise.all([page.waitForURL(`${base}/`), page.click('button[type=submit]')]);
    const card = page.locator(`#source-${source.id}`);
    await expect.poll(() => card.locator('.source-created').textContent()).toBe('2');
    expect(await card.locator('.source-users').textContent()).toBe('2');
    const r = await a11yCheck(page);
    expect.soft(r.unlabelled).toEqual([]);
    expect.soft(r.h1).toBe(1);
    expect.soft(r.headingSkips).toEqual([]);
    expect.soft(r.lowContrast).toEqual([]);
    await e.shot('overview-sources');
    await Promise.all([page.waitForURL(/\/logs\?/), card.locator('.source-logs-link').click()]);
    expect(await page.locator('table').textContent()).toContain('Workday (HR)');
    await e.shot('logs-source');
    expect(e.errors).toEqual([]);
  });
});
