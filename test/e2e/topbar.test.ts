/**
 * The page shell in Chromium at 600, 800, 1024 and 1400 px: the top bar is one row at 1400 px and at most two
 * (brand and account, then the nav) below, every nav item stays on screen with the current page marked, and no
 * page scrolls sideways. Also the log flyout: its heading takes focus without drawing a ring, a keyboard-focused
 * control inside still shows one, and Esc gives focus back to the row. Screenshots: test/e2e/artifacts/topbar-*.png.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeLog } from '../../src/log/write';
import { ARTIFACTS, CHROMIUM, type E2e, signInAdmin, startE2e } from './e2e-harness';

const WIDTHS = [1400, 1024, 800, 600];
const entry = crypto.randomUUID();

describe.skipIf(!fs.existsSync(CHROMIUM))('the top bar and the log flyout focus in Chromium', () => {
  let e: E2e;

  beforeAll(async () => {
    e = await startE2e({ users: 2, failing: 0, latencyMs: 0 });
    writeLog(e.db, {
      id: entry,
      appId: e.target.id,
      activityDateTime: Date.now(),
      jobId: `scim.${e.target.id}`,
      cycleId: crypto.randomUUID(),
      provisioningAction: 'create',
      status: 'success',
      durationMs: 120,
      initiatedBy: { type: 'system', name: 'Provisio provisioning service' },
      source: { id: crypto.randomUUID(), displayName: 'Person 000', type: 'user' },
      target: { id: crypto.randomUUID(), displayName: null },
      sourceSystem: 'Provisio directory',
      targetSystem: 'Sandbox SCIM',
      error: null,
      steps: [],
      modifiedProperties: [],
    });
    await signInAdmin(e);
  });
  afterAll(async () => {
    await e?.close();
  });

  /** Boxes of the bar's parts, in viewport pixels, and how far the page scrolls sideways. */
  const measure = () =>
    e.page.evaluate(() => {
      const box = (el: Element | null) => {
        const r = el?.getBoundingClientRect();
        return r ? { top: r.top, bottom: r.bottom, left: r.left, right: r.right } : null;
      };
      const current = document.querySelector('.topbar nav a[aria-current="page"]');
      return {
        sideways: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        width: document.documentElement.clientWidth,
        bar: box(document.querySelector('header.topbar')),
        brand: box(document.querySelector('.topbar .brand')),
        who: box(document.querySelector('.topbar .who')),
        signOut: box(document.querySelector('.topbar .who button')),
        links: Array.from(document.querySelectorAll('.topbar nav a')).map(box),
        marker: current ? getComputedStyle(current).borderBottomColor : null,
      };
    });

  it('is one row at 1400 px, at most two below, with every nav item on screen and no sideways scroll', async () => {
    const { page, base } = e;
    const pages = [
      ['overview', '/'],
      ['app', `/apps/${e.target.id}`],
      ['logs', '/logs'],
      ['settings', '/settings/accounts'],
      ['directory', '/directory/users'],
    ] as const;
    let oneRow = 0;
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 800 });
      for (const [name, path] of pages) {
        await page.goto(base + path);
        const m = await measure();
        const at = `${name} at ${width} px`;
        expect(m.sideways, at).toBe(0);
        expect(m.links.length, at).toBe(7);
        for (const l of m.links) {
          expect(l && l.left >= 0 && l.right <= m.width, at).toBe(true);
        }
        expect(m.signOut && m.signOut.right <= m.width, at).toBe(true);
        expect(m.marker, at).toBe('rgb(76, 163, 238)');
        const height = (m.bar?.bottom ?? 0) - (m.bar?.top ?? 0);
        if (width === 1400) {
          // One row: the brand, every link and the account sit side by side.
          for (const part of [m.brand, m.who, ...m.links])
            expect(part?.top ?? 0, at).toBeLessThan(m.brand?.bottom ?? 0);
          oneRow = Math.max(oneRow, height);
        } else {
          expect(height, at).toBeLessThanOrEqual(2 * oneRow);
          // The nav keeps to a single row of its own under the brand and the account.
          expect(new Set(m.links.map((l) => l?.top)).size, at).toBe(1);
          expect(m.links[0]?.top ?? 0, at).toBeGreaterThanOrEqual(m.brand?.bottom ?? 0);
          expect(m.who?.bottom ?? 0, at).toBeLessThanOrEqual(m.links[0]?.top ?? 0);
        }
        if (name === 'overview' || name === 'logs') {
          await page.screenshot({
            path: `${ARTIFACTS}topbar-${name}-${width}.png`,
            clip: { x: 0, y: 0, width, height: 240 },
          });
        }
      }
    }
    expect(e.errors).toEqual([]);
  });

  it('focuses the flyout heading without a ring, keeps rings for keyboard controls, and Esc returns to the row', async () => {
    const { page, base } = e;
    await page.setViewportSize({ width: 1400, height: 900 });
    await page.goto(`${base}/logs`);
    // By keyboard, as an admin would: skip link, Enter to the row, Enter to open it.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-entry-id'))).toBe(entry);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.getElementById('log-flyout')?.matches(':modal'));
    const heading = await page.evaluate(() => {
      const a = document.activeElement as HTMLElement;
      return { id: a.id, outline: getComputedStyle(a).outlineStyle };
    });
    expect(heading).toEqual({ id: 'log-detail-title', outline: 'none' });
    const flyout = await page.locator('#log-flyout').boundingBox();
    const clip = { x: flyout?.x ?? 0, y: 0, width: flyout?.width ?? 1400, height: 200 };
    await page.screenshot({ path: `${ARTIFACTS}topbar-flyout-heading-focus.png`, clip });
    await page.keyboard.press('Tab');
    const control = await page.evaluate(() => {
      const a = document.activeElement as HTMLElement;
      return { inFlyout: a.closest('#log-flyout') !== null, outline: getComputedStyle(a).outlineStyle };
    });
    expect(control).toEqual({ inFlyout: true, outline: 'solid' });
    await page.screenshot({ path: `${ARTIFACTS}topbar-flyout-control-focus.png`, clip });

    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !(document.getElementById('log-flyout') as HTMLDialogElement).open);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-entry-id'))).toBe(entry);
    await page.waitForFunction(() => !new URL(location.href).searchParams.has('entry'));
    expect(e.errors).toEqual([]);
  });
});
