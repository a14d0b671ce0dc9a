/**
 * Issue 12, "npm run demo behind a TLS proxy signs in and saves a form": the real demo process (src/main.ts
 * --demo, as `npm run demo` starts it) with PROVISIO_PUBLIC_URL set to a TLS-terminating proxy on loopback
 * (test/support/tls-proxy.ts), driven by headless Chromium through the proxy. Before the fix the sign-in
 * answered 403 (Origin https://… compared with the http:// URL the Node server sees).
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { startTlsProxy, type TlsProxy } from '../support/tls-proxy';
import { freePort, launchChromium, startDemo, stopDemo } from './demo-process';
import { ARTIFACTS, CHROMIUM } from './e2e-harness';

describe.skipIf(!fs.existsSync(CHROMIUM))('npm run demo behind a TLS proxy, in Chromium', () => {
  let proxy: TlsProxy | undefined;
  let demo: ChildProcess | undefined;
  let ctx: BrowserContext | undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'provisio-demo-tls-'));
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'provisio-chromium-tls-'));

  afterAll(async () => {
    await ctx?.close();
    await stopDemo(demo);
    await proxy?.close();
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(profile, { recursive: true, force: true });
  });

  it('signs in through https://127.0.0.1:<proxy> and saves a form', async () => {
    proxy = await startTlsProxy({ forwardedHeaders: false });
    const port = await freePort();
    proxy.setUpstream(`http://127.0.0.1:${port}`);
    const started = await startDemo({
      PORT: String(port),
      HOST: '127.0.0.1',
      PROVISIO_DB: path.join(dir, 'demo.db'),
      PROVISIO_SANDBOX_DB: path.join(dir, 'demo-sandbox.db'),
      PROVISIO_PUBLIC_URL: proxy.origin,
      // The demo's own SCIM calls to its sandbox go through the proxy too, so they must trust its certificate.
      PROVISIO_CA_FILE: proxy.certFile,
      LOG_LEVEL: 'warn',
    });
    demo = started.child;

    ctx = await launchChromium(profile, { ignoreHTTPSErrors: true });
    const page = ctx.pages()[0] ?? (await ctx.newPage());
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));

    await page.goto(`${proxy.origin}/settings/tokens`);
    expect(page.url()).toContain('/login?next=');
    await page.fill('#email', started.email);
    await page.fill('#password', started.password);
    await Promise.all([page.waitForURL(`${proxy.origin}/settings/tokens`), page.click('button[type=submit]')]);
    const cookie = (await ctx.cookies(proxy.origin)).find((c) => c.name === 'provisio_session');
    expect(cookie?.secure).toBe(true);

    await page.fill('#name', 'saved through the TLS proxy');
    await Promise.all([
      page.waitForLoadState('load'),
      page.click('form[action="/settings/tokens"] button[type=submit]'),
    ]);
    await page.waitForSelector('.secret-value');
    expect(await page.textContent('.secret-value')).toMatch(/^pvs_/);
    expect(await page.textContent('body')).toContain('Token "saved through the TLS proxy" created.');
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'demo-tls-proxy-saved.png'), fullPage: true });
    expect(errors).toEqual([]);
    // The banner hands a newcomer the sandbox's Tenant URL and Secret Token, and they work.
    const banner = started.out();
    const tenantUrl = /Tenant URL:\s+(\S+)/.exec(banner)?.[1];
    const token = /Secret Token:\s+(\S+)/.exec(banner)?.[1];
    expect(tenantUrl).toBe(`${proxy.origin}/sandbox/scim/v2`);
    // Asked past the proxy (its certificate is self-signed), with the printed token.
    const users = await fetch(`http://127.0.0.1:${port}/sandbox/scim/v2/Users?count=1`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(users.status).toBe(200);
    expect(((await users.json()) as { totalResults: number }).totalResults).toBeGreaterThan(0);
    // Every request of the browser went through the proxy.
    expect(proxy.forwarded.some((r) => r.method === 'POST' && r.url === '/login')).toBe(true);
  }, 120_000);
});
