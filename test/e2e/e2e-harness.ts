/**
 * Everything real for the browser tests: the app on a loopback port with the real engine and scheduler,
 * the sandbox SCIM server (with latency, so a cycle runs long enough to watch), and Debian's Chromium
 * through playwright-core with the flags CI needs. Screenshots go to test/e2e/artifacts/ (gitignored).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ServerType, serve } from '@hono/node-server';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { openDb } from '../../db/client';
import { createApp } from '../../src/app';
import { createApplication, setProvisioning } from '../../src/apps/applications';
import { assignPrincipal } from '../../src/apps/assignments';
import { createAccount } from '../../src/auth/accounts';
import { createSecretBox } from '../../src/auth/secret-box';
import { createUser } from '../../src/directory/users';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { systemClock } from '../../src/kernel/clock';
import { createSandboxApp } from '../../src/sandbox/app';
import { openSandboxStore } from '../../src/sandbox/store';
import { wireEngine, wireWeb } from '../../src/wiring';
import { silentLogger } from '../support/engine-harness';
import { startScimServer } from '../support/scim-server';

export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url));
export const ADMIN = { email: 'admin@example.test', password: 'correct horse battery staple' };

/**
 * Start the stack with `users` assigned users; the first `failing` user creations are refused by the target.
 * `sandbox` also mounts the built-in sandbox at /sandbox/scim/v2, as `npm run demo` does.
 */
export async function startE2e(opts: { users: number; failing: number; latencyMs: number; sandbox?: boolean }) {
  const scim = await startScimServer({ latencyMs: opts.latencyMs });
  const db = openDb(':memory:');
  const secrets = createSecretBox(crypto.randomBytes(32));
  const clock = systemClock;
  const { engine, scheduler } = wireEngine({ db, clock, logger: silentLogger, secrets, timeoutMs: 5000 });
  const sandboxStore = opts.sandbox ? openSandboxStore(':memory:') : undefined;
  const web = wireWeb(engine, scheduler, {
    secrets,
    config: { adminToken: undefined, sessionHours: 1, publicUrl: undefined },
    sandbox: sandboxStore ? createSandboxApp({ store: sandboxStore }) : undefined,
    sandboxToken: sandboxStore ? () => sandboxStore.token() : undefined,
  });
  const app = createApp(web);
  await createAccount(db, clock, CLI_ACTOR, { email: ADMIN.email, role: 'admin', password: ADMIN.password });
  const appsDeps = { db, clock, secrets };
  const target = createApplication(appsDeps, CLI_ACTOR, {
    name: 'Sandbox SCIM',
    template: 'scim',
    tenantUrl: scim.baseUrl,
    secretToken: scim.token,
    allowHttp: true,
    maxConcurrency: 2,
  });
  const dir = { db, clock, onChange: () => {} };
  for (let i = 0; i < opts.users; i++) {
    const n = String(i).padStart(3, '0');
    const u = createUser(dir, CLI_ACTOR, {
      userPrincipalName: `person${n}@contoso.test`,
      displayName: `Person ${n}`,
      givenName: 'Person',
      surname: n,
      mail: `person${n}@contoso.test`,
    });
    assignPrincipal(dir, CLI_ACTOR, target.id, { principalId: u.id, role: 'User' });
  }
  // Provisioning on, but the scheduler is not started: the test starts the cycle from the page.
  setProvisioning(appsDeps, CLI_ACTOR, target.id, true);
  scim.faults.add({
    method: 'POST',
    path: '/Users',
    status: 400,
    times: opts.failing,
    body: {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '400',
      scimType: 'invalidValue',
      detail: 'department is required',
    },
  });

  let server: ServerType | undefined;
  const base = await new Promise<string>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
      resolve(`http://127.0.0.1:${info.port}`),
    );
  });
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'provisio-e2e-'));
  const downloads = fs.mkdtempSync(path.join(os.tmpdir(), 'provisio-e2e-dl-'));
  const ctx: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    acceptDownloads: true,
    downloadsPath: downloads,
    viewport: { width: 1360, height: 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
  const page: Page = ctx.pages()[0] ?? (await ctx.newPage());
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  fs.mkdirSync(ARTIFACTS, { recursive: true });

  return {
    db,
    scim,
    sandboxStore,
    scheduler,
    /** Log streams' runner (not started: tests run a pass with runOnce). */
    streamRunner: web.streamRunner,
    target,
    base,
    page,
    /** Console errors and uncaught exceptions (CSP violations show up here). */
    errors,
    async shot(name: string) {
      await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
    },
    async close() {
      await ctx.close();
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      await scheduler.stop();
      await scim.close();
      sandboxStore?.close();
      fs.rmSync(profile, { recursive: true, force: true });
      fs.rmSync(downloads, { recursive: true, force: true });
    },
  };
}

export type E2e = Awaited<ReturnType<typeof startE2e>>;

/** Sign the harness's browser page in as the seeded admin and wait for the overview. */
export async function signInAdmin(e: Pick<E2e, 'page' | 'base'>): Promise<void> {
  const { page, base } = e;
  await page.goto(`${base}/login`);
  await page.fill('#email', ADMIN.email);
  await page.fill('#password', ADMIN.password);
  await Promise.all([page.waitForURL(`${base}/`), page.click('button[type=submit]')]);
}
