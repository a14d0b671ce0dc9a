/**
 * The real app for page tests: in-memory SQLite with the committed migrations, the real SCIM client, and a
 * scheduler stub (a port to an I/O component) that records calls. Helpers sign in and send form posts the
 * way a browser does.
 */
import crypto from 'node:crypto';
import { openDb } from '../../db/client';
import { createApp } from '../../src/app';
import { createAccount } from '../../src/auth/accounts';
import { createSecretBox } from '../../src/auth/secret-box';
import type { DirectoryChange } from '../../src/directory/journal';
import { CLI_ACTOR, type Role } from '../../src/kernel/actor';
import { systemClock } from '../../src/kernel/clock';
import type { SchedulerPort } from '../../src/web/env';
import { type WebOptions, wireEngine, wireWeb } from '../../src/wiring';

export const PASSWORD = 'correct horse battery staple';

/** Records what the pages asked of the scheduler; `runNowError` makes runNow throw. */
export function recordingScheduler() {
  const calls = {
    runNow: [] as { appId: string; initiatedBy: { type: string; name: string } }[],
    refresh: [] as string[],
    nudge: [] as DirectoryChange[][],
  };
  const stub: SchedulerPort & { calls: typeof calls; runNowError: Error | null } = {
    calls,
    runNowError: null,
    runNow(appId, initiatedBy) {
      calls.runNow.push({ appId, initiatedBy });
      if (stub.runNowError) throw stub.runNowError;
      return `cycle-${calls.runNow.length}`;
    },
    refresh(appId) {
      calls.refresh.push(appId);
    },
    nudge(changes) {
      calls.nudge.push(changes);
    },
    runningCycleId() {
      return null;
    },
  };
  return stub;
}

export interface Session {
  cookie: string;
  csrf: string;
}

/** Build the app and one account per role; `web` adds WebOptions such as the sandbox. */
export async function pagesHarness(web: Pick<WebOptions, 'sandbox' | 'sandboxToken'> = {}) {
  const db = openDb(':memory:');
  const secrets = createSecretBox(crypto.randomBytes(32));
  const scheduler = recordingScheduler();
  const logger = { info() {}, warn() {}, error() {} };
  const { engine } = wireEngine({ db, clock: systemClock, logger, secrets, timeoutMs: 5000 });
  const deps = wireWeb(engine, scheduler, {
    secrets,
    config: { adminToken: undefined, sessionHours: 1, publicUrl: undefined },
    ...web,
  });
  const app = createApp(deps);
  const emails: Record<Role, string> = {
    admin: 'admin@example.test',
    operator: 'op@example.test',
    viewer: 'viewer@example.test',
  };
  for (const role of ['admin', 'operator', 'viewer'] as const) {
    await createAccount(db, systemClock, CLI_ACTOR, { email: emails[role], role, password: PASSWORD });
  }

  async function get(path: string, s?: Session, headers: Record<string, string> = {}) {
    return app.request(path, { headers: { ...(s ? { cookie: s.cookie } : {}), ...headers } });
  }

  /** A form post; the CSRF token goes in `_csrf` unless `csrf: false`. */
  async function post(
    path: string,
    fields: Record<string, string>,
    s?: Session,
    opts: { csrf?: boolean; headers?: Record<string, string> } = {},
  ) {
    const body = new URLSearchParams(fields);
    if (s && opts.csrf !== false) body.set('_csrf', s.csrf);
    return app.request(path, {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(s ? { cookie: s.cookie } : {}),
        ...opts.headers,
      },
    });
  }

  /** Sign in through the login form and read the CSRF token from a rendered page. */
  async function signIn(role: Role): Promise<Session> {
    const res = await post('/login', { email: emails[role], password: PASSWORD, next: '/' });
    if (res.status !== 303) throw new Error(`sign-in failed: ${res.status}`);
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const html = await (await get('/', { cookie, csrf: '' })).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    if (!csrf) throw new Error('no CSRF token on the page');
    return { cookie, csrf };
  }

  return { db, deps, app, scheduler, secrets, emails, get, post, signIn };
}

export type PagesHarness = Awaited<ReturnType<typeof pagesHarness>>;

/** Fail on markup the CSP would block: inline scripts, inline styles, inline event handlers. */
export function cspViolations(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<script\b[^>]*>/gi)) if (!/\ssrc=/.test(m[0])) out.push(m[0]);
  for (const m of html.matchAll(/<[a-z][^>]*\sstyle=/gi)) out.push(m[0]);
  for (const m of html.matchAll(/<[a-z][^>]*\son[a-z]+=/gi)) out.push(m[0]);
  return out;
}
