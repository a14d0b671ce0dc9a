/**
 * Issue 15 items 13 and 14 in Chromium, on a deployment with minutes of history: the 30-day report starts at
 * the first activity (hourly, not one hairline bar), count axes have whole-number ticks and titled units, the
 * cycle bar names its application; a mapping changed through the API appears in the audit log as one changed
 * row with that field only and the actor's name. Screenshots at 1400 and 800 px wide in test/e2e/artifacts/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/auth/api-tokens';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { systemClock } from '../../src/kernel/clock';
import { ADMIN, ARTIFACTS, CHROMIUM, type E2e, startE2e } from './e2e-harness';

const WIDTHS = [1400, 800] as const;

/** The parts of a chart.js instance the test reads. */
interface DrawnChart {
  data: { labels: unknown[] };
  scales: { y: { ticks: { value: number }[] } };
  options: {
    scales: { y: { title: { text: string } } };
    plugins: { tooltip: { callbacks: { afterTitle(items: { dataIndex: number }[]): string } } };
  };
}

describe.skipIf(!fs.existsSync(CHROMIUM))('reports and audit diffs, readable, in Chromium', () => {
  let e: E2e;

  beforeAll(async () => {
    e = await startE2e({ users: 12, failing: 2, latencyMs: 5 });
    const { page, base } = e;
    await page.goto(`${base}/login`);
    await page.fill('#email', ADMIN.email);
    await page.fill('#password', ADMIN.password);
    await Promise.all([page.waitForURL(`${base}/`), page.click('button[type=submit]')]);
    // Minutes of history: one initial cycle, started from the page as an admin would.
    await page.goto(`${base}/apps/${e.target.id}`);
    const card = page.locator('#current-status .status-card');
    await card.locator('button:has-text("Run cycle now")').click();
    await page.waitForFunction(
      () => {
        const p = document.querySelector('#current-status .status-card progress') as HTMLProgressElement | null;
        return p !== null && p.max > 1 && p.value === p.max && !p.closest('[hx-trigger]');
      },
      undefined,
      { timeout: 30_000 },
    );
  }, 60_000);
  afterAll(async () => {
    await e?.close();
  });

  async function shots(name: string) {
    for (const width of WIDTHS) {
      await e.page.setViewportSize({ width, height: 900 });
      await e.page.waitForTimeout(300); // charts resize on the next frame
      await e.page.screenshot({ path: path.join(ARTIFACTS, `${name}-${width}.png`), fullPage: true });
    }
    await e.page.setViewportSize({ width: 1360, height: 900 });
  }

  it('draws 30 days holding minutes of history from the first activity, with units and whole-number ticks', async () => {
    const { page, base } = e;
    await page.goto(`${base}/reports?range=30d`);
    await page.waitForFunction(
      () => document.querySelectorAll('canvas.report-chart:not([data-drawn])').length === 0,
      undefined,
      { timeout: 10_000 },
    );
    expect(await page.locator('#report-actions .report-note').textContent()).toContain('so the chart starts there');
    const charts = await page.evaluate(() => {
      const chart = (key: string) => {
        const canvas = document.querySelector(`#report-${key} canvas`) as HTMLCanvasElement;
        // chart.js keeps the instance on the canvas; read what it drew.
        const c = (window as unknown as { Chart: { getChart(x: HTMLCanvasElement): DrawnChart } }).Chart.getChart(
          canvas,
        );
        const y = c.scales.y;
        return {
          labels: c.data.labels.length,
          yTitle: c.options.scales.y.title.text,
          ticks: y.ticks.map((t) => t.value),
          afterTitle: c.options.plugins.tooltip.callbacks.afterTitle([{ dataIndex: 0 }]),
        };
      };
      return { actions: chart('actions'), errors: chart('errors'), cycles: chart('cycles') };
    });
    // Hourly over the last day, not 31 daily bars with everything in the last one.
    expect(charts.actions.labels).toBe(24);
    expect(charts.actions.yTitle).toBe('Objects (log rows)');
    expect(charts.errors.ticks.every((v) => Number.isInteger(v))).toBe(true);
    expect(charts.errors.ticks).toContain(1);
    expect(charts.cycles.yTitle).toBe('Duration (seconds)');
    expect(charts.cycles.afterTitle).toContain('Sandbox SCIM · initial');
    // Headers wrap rather than being cut: no header cell is wider inside than its box.
    const clipped = await page.evaluate(() =>
      Array.from(document.querySelectorAll('.report-table th'))
        .filter((th) => th.scrollWidth > th.clientWidth + 1)
        .map((th) => th.textContent),
    );
    expect(clipped).toEqual([]);
    await shots('reports-30d-minutes');
    // At 800 px the nine-column summary fits: no header scrolled out of sight.
    await page.setViewportSize({ width: 800, height: 900 });
    const overflow = await page.evaluate(() => {
      const wrap = document.querySelector('#report-apps .table-wrap') as HTMLElement;
      return wrap.scrollWidth - wrap.clientWidth;
    });
    await page.setViewportSize({ width: 1360, height: 900 });
    expect(overflow).toBeLessThanOrEqual(0);
    const csv = await (await page.request.get(`${base}/reports/export/cycles?range=30d`)).text();
    expect(csv.split('\n')[1]).toContain(',Sandbox SCIM,initial,');
  });

  it('shows a mapping change made through the API as one changed row, with the actor', async () => {
    const { page, base } = e;
    const { token } = createApiToken(e.db, systemClock, CLI_ACTOR, { name: 'hr-automation', role: 'admin' });
    const url = `${base}/api/v1/applications/${e.target.id}/mappings/user`;
    const headers = { authorization: `Bearer ${token}` };
    const { items } = (await (await page.request.get(url, { headers })).json()) as {
      items: { target: string; source?: string }[];
    };
    const changed = items.map((m) => (m.target === 'title' ? { ...m, source: 'department' } : m));
    const put = await page.request.put(url, { headers, data: { items: changed } });
    expect(put.status()).toBe(200);

    await page.goto(`${base}/audit?activity=mappings.update`);
    const row = page.locator('table.audit-table > tbody > tr').first();
    expect(await row.locator('td').nth(1).textContent()).toContain('token:hr-automation');
    const diff = row.locator('details.audit-diff');
    expect(await diff.getAttribute('open')).not.toBeNull();
    expect(await diff.locator('summary').textContent()).toBe('1 mapping changed');
    const lines = await diff.locator('tbody tr').evaluateAll((trs) =>
      trs.map((tr) =>
        Array.from(tr.children)
          .map((c) => (c.textContent ?? '').replace(/\s+/g, ' ').trim())
          .join(' | '),
      ),
    );
    expect(lines).toEqual(['Changed target title', 'source | jobTitle | department']);
    // Keys never break mid-word: every path fits its cell or breaks at a separator.
    const broken = await page.evaluate(
      () =>
        Array.from(document.querySelectorAll('.diff-path')).filter((th) => th.scrollWidth > th.clientWidth + 1).length,
    );
    expect(broken).toBe(0);
    await shots('audit-mapping-change');
    await page.goto(`${base}/audit`);
    await shots('audit-all');
    expect(e.errors).toEqual([]);
  });
});
