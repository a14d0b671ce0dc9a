/**
 * Issue 15 item 7 in Chromium: with provisioning On, a mapping edit goes to a draft; the banner counts it,
 * Preview impact shows the plan of a full cycle with the draft's values, and Publish (after its confirmation)
 * applies it and asks for one new initial cycle. Screenshots at 1400 and 800 px go to test/e2e/artifacts/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, cycles } from '../../db/schema';
import { getApplication } from '../../src/apps/applications';
import { getDraft } from '../../src/apps/mapping-drafts';
import { mappingsOf } from '../../src/apps/mappings';
import { ARTIFACTS, CHROMIUM, type E2e, signInAdmin, startE2e } from './e2e-harness';

describe.skipIf(!fs.existsSync(CHROMIUM))('mapping draft in Chromium', () => {
  let e: E2e;
  const dialogs: string[] = [];

  beforeAll(async () => {
    e = await startE2e({ users: 4, failing: 0, latencyMs: 5 });
    e.page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.accept();
    });
    await signInAdmin(e);
  });
  afterAll(async () => {
    await e?.close();
  });

  /** Full-page screenshots at both widths. */
  async function shots(name: string) {
    for (const width of [1400, 800]) {
      await e.page.setViewportSize({ width, height: 900 });
      await e.page.screenshot({ path: path.join(ARTIFACTS, `mapping-draft-${name}-${width}.png`), fullPage: true });
    }
    await e.page.setViewportSize({ width: 1400, height: 900 });
  }

  it('keeps a mapping edit in a draft and shows the banner', async () => {
    const { page, base, target } = e;
    await page.goto(`${base}/apps/${target.id}/mappings/user`);
    expect(await page.textContent('#draft-banner')).toContain('Provisioning is On: your changes are kept as a draft.');
    await page.click('tr:has(code:text-is("title")) button:has-text("Edit")');
    await page.waitForSelector('form#mapping-editor');
    await page.selectOption('#mappingType', 'expression');
    await page.waitForSelector('#expression');
    await page.fill('#expression', 'ToUpper([displayName])');
    await page.click('button:has-text("Save mapping")');
    await page.waitForSelector('#draft-banner .draft-banner');
    expect(await page.textContent('#draft-banner h2')).toContain('Draft — not published: 1 change');
    expect(await page.textContent('#draft-banner')).toContain('User mappings: changed title');
    expect(await page.textContent('#mappings-section .alert-ok')).toContain('saved in the draft (not published)');
    expect(mappingsOf(getApplication(e.db, target.id), 'user').find((m) => m.target === 'title')?.type).toBe('direct');
    expect(getDraft(e.db, target.id).changeCount).toBe(1);
    expect(await page.locator('#head-preview a').count()).toBe(0);
    await shots('banner');
  });

  it('previews the impact of the draft on the plan page', async () => {
    const { page } = e;
    await Promise.all([
      page.waitForURL(/\/dry-runs\/[^/?]+$/),
      page.click('#draft-banner button:has-text("Preview impact")'),
    ]);
    expect(await page.textContent('h1')).toBe('Preview of the unpublished mapping draft');
    expect(await page.textContent('main')).toContain('Draft preview: what a full cycle would send');
    // The plan may be computed in the background: reload until its items are in.
    for (let i = 0; i < 20 && !((await page.textContent('main')) ?? '').includes('PERSON 003'); i++) {
      await page.waitForTimeout(500);
      await page.reload();
    }
    expect(await page.textContent('.count-create dd')).toBe('4');
    expect(await page.textContent('.plan-items')).toContain('PERSON 000');
    expect(await page.locator('button:has-text("Apply")').count()).toBe(0);
    expect(e.scim.writes()).toHaveLength(0);
    await shots('preview');
  });

  it('publishes after the confirmation: the mapping applies and a new initial cycle is asked for', async () => {
    const { page, base, target } = e;
    await page.goto(`${base}/apps/${target.id}/mappings/user`);
    await Promise.all([page.waitForURL(/notice=published/), page.click('#draft-banner button:has-text("Publish")')]);
    expect(dialogs.at(-1)).toContain('This starts a new initial cycle');
    expect(await page.textContent('main')).toContain('Draft published. A new initial cycle starts now');
    expect(await page.locator('#draft-banner .draft-banner').count()).toBe(0);
    expect(await page.textContent('#cycle-notice')).toBe('');
    const app = getApplication(e.db, target.id);
    expect(mappingsOf(app, 'user').find((m) => m.target === 'title')).toMatchObject({
      type: 'expression',
      expression: 'ToUpper([displayName])',
    });
    // The scheduler picks the app up at once: exactly one initial cycle starts (and may already have ended).
    await expect
      .poll(
        () =>
          e.db
            .select()
            .from(cycles)
            .where(eq(cycles.appId, target.id))
            .all()
            .map((c) => c.type),
        {
          timeout: 20_000,
        },
      )
      .toEqual(['initial']);
    expect(e.db.select().from(auditLog).where(eq(auditLog.activity, 'mappings.draft_publish')).all()).toHaveLength(1);
    await shots('published');
    expect(e.errors).toEqual([]);
  });
});
