/**
 * Issue 15 items 4–5 in Chromium: on the New application page an admin types the loopback SCIM server's URL and
 * token, presses Test Connection and sees the result; against a target that never answers the page shows
 * "Testing…" with the seconds waited, and Cancel ends the wait. Screenshot: test/e2e/artifacts/test-connection-*.png.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, CHROMIUM, type E2e, startE2e } from './e2e-harness';

describe.skipIf(!fs.existsSync(CHROMIUM))('Test Connection on the New application page in Chromium', () => {
  let e: E2e;
  // Accepts and never answers, like a target that hangs.
  const hanging = http.createServer(() => {});
  let hangingUrl = '';

  beforeAll(async () => {
    e = await startE2e({ users: 1, failing: 0, latencyMs: 5 });
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    hangingUrl = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/scim`;
  });
  afterAll(async () => {
    hanging.closeAllConnections();
    await new Promise<void>((resolve) => hanging.close(() => resolve()));
    await e?.close();
  });

  it('tests the typed values, shows the wait with elapsed seconds, and cancels', async () => {
    const { page, base } = e;
    await page.goto(`${base}/login`);
    await page.fill('#email', ADMIN.email);
    await page.fill('#password', ADMIN.password);
    await Promise.all([page.waitForURL(`${base}/`), page.click('button[type=submit]')]);

    await page.goto(`${base}/apps/new`);
    await page.fill('#tenantUrl', e.scim.baseUrl);
    await page.fill('#secretToken', e.scim.token);
    await page.check('#allowHttp');
    await page.click('button[form="test-connection-form"]');
    await page.waitForSelector('#test-result .test-ok');
    expect(await page.textContent('#test-result')).toContain('authorized to enable provisioning');
    await e.shot('test-connection-ok');

    await page.fill('#tenantUrl', hangingUrl);
    const started = Date.now();
    await page.click('button[form="test-connection-form"]');
    await page.waitForSelector('#test-waiting', { state: 'visible' });
    await page.waitForFunction(() => document.querySelector('[data-test-elapsed]')?.textContent === '1 s');
    expect(await page.textContent('#test-waiting')).toContain('Testing…');
    // The earlier answer was about other values: it is gone while the new test waits.
    expect(await page.textContent('#test-result')).toBe('');
    await e.shot('test-connection-waiting');
    await page.click('button[data-test-cancel]');
    await page.waitForSelector('#test-waiting', { state: 'hidden' });
    expect(await page.textContent('#test-result')).toContain('Test cancelled.');
    await e.shot('test-connection-cancelled');
    // Well before the 5 s target timeout: Cancel ended the wait, not the timeout.
    expect(Date.now() - started).toBeLessThan(4500);
    expect(e.errors).toEqual([]);
  });
});
