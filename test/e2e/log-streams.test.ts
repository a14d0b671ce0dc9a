/**
 * Issue 17's Settings → Log streams page in Chromium: a refused create shows each field's message, a syslog
 * stream to a loopback receiver delivers a backlog (delivered, lag 0, throughput), a stream to a closed port
 * shows Failing with its last error, pause and rewind. Accessibility check; screenshots in
 * test/e2e/artifacts/log-streams*.png.
 */
import fs from 'node:fs';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/rsyslog';
import { seedLogRows } from '../support/stream-rows';
import { a11yCheck } from './a11y';
import { ADMIN, CHROMIUM, type E2e, startE2e } from './e2e-harness';

describe.skipIf(!fs.existsSync(CHROMIUM))('Log streams page in Chromium', () => {
  let e: E2e;
  let receiver: net.Server;
  let port = 0;
  let frames = 0;

  beforeAll(async () => {
    e = await startE2e({ users: 0, failing: 0, latencyMs: 0 });
    receiver = net.createServer((s) =>
      s.on('data', (d) => (frames += d.toString('latin1').split('provisio@32473').length - 1)),
    );
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    port = (receiver.address() as net.AddressInfo).port;
  }, 60_000);
  afterAll(async () => {
    await e?.streamRunner.stop();
    await e?.close();
    receiver?.close();
  });

  it('creates streams, shows delivery, lag and a failing sink, pauses and rewinds', async () => {
    const { page, base } = e;
    seedLogRows(e.db, 2_500, { at: Date.now() - 3_600_000 });
    await page.goto(`${base}/login`);
    await page.fill('#email', ADMIN.email);
    await page.fill('#password', ADMIN.password);
    await Promise.all([page.waitForURL(`${base}/`), page.click('button[type=submit]')]);

    await page.goto(`${base}/settings/log-streams`);
    await page.fill('#name', 'rsyslog');
    await page.fill('#port', '');
    await page.click('form[action="/settings/log-streams"] button[type=submit]');
    await page.waitForSelector('#host-error');
    expect(await page.textContent('#port-error')).toBeTruthy();
    await e.shot('log-streams-form-error');

    await page.fill('#host', '127.0.0.1');
    await page.fill('#port', String(port));
    await page.uncheck('input[name=tls]');
    await Promise.all([
      page.waitForURL(/notice=created/),
      page.click('form[action="/settings/log-streams"] button[type=submit]'),
    ]);
    const closed = await freePort();
    await page.fill('#name', 'Down SIEM');
    await page.fill('#host', '127.0.0.1');
    await page.fill('#port', String(closed));
    await page.uncheck('input[name=tls]');
    await page.fill('#statuses', 'failure');
    await Promise.all([
      page.waitForURL(/notice=created/),
      page.click('form[action="/settings/log-streams"] button[type=submit]'),
    ]);

    const ids = await page.$$eval('form[action$="/pause"]', (fs) =>
      fs.map((f) => f.getAttribute('action')?.split('/')[3] ?? ''),
    );
    for (const id of ids) await e.streamRunner.runOnce(id);
    await expect.poll(() => frames).toBe(2_500);
    await page.goto(`${base}/settings/log-streams`);
    const rows = page.locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    const text = (await page.textContent('tbody')) ?? '';
    expect(text).toContain('2,500');
    expect(text).toContain('Failing (retrying)');
    expect(text).toMatch(/syslog 127\.0\.0\.1:\d+: connect ECONNREFUSED/);
    expect(text).toContain('250 rows'); // the failing stream's lag: every tenth row is a failure
    const r = await a11yCheck(page);
    expect.soft(r.unlabelled).toEqual([]);
    expect.soft(r.h1).toBe(1);
    expect.soft(r.headingSkips).toEqual([]);
    expect.soft(r.lowContrast).toEqual([]);
    await e.shot('log-streams');

    await Promise.all([page.waitForURL(/notice=paused/), page.click('button[aria-label="Pause Down SIEM"]')]);
    expect(await page.textContent('tbody')).toContain('Paused');
    const from = new Date(Date.now() - 7_200_000).toISOString().slice(0, 16);
    await page.locator('tbody tr').filter({ hasText: 'rsyslog' }).locator('input[name=from]').fill(from);
    await Promise.all([
      page.waitForURL(/notice=rewound/),
      page.locator('tbody tr').filter({ hasText: 'rsyslog' }).locator('button:text-is("Rewind")').click(),
    ]);
    expect(await page.textContent('tbody')).toContain('2,500 rows');
    await e.shot('log-streams-rewound');
    // The refused create answers 400 on purpose; anything else (a CSP violation) fails.
    expect(e.errors.filter((m) => !m.includes('status of 400'))).toEqual([]);
  }, 60_000);
});
