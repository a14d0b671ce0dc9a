/**
 * The real app on a fresh database with a hand-moved clock (for idle timeouts, locks and token expiry),
 * one account per role, API tokens per role, and helpers that act like a browser or an API client.
 */
import { createApp } from '../../src/app';
import { createAccount } from '../../src/auth/accounts';
import { createApiToken } from '../../src/auth/api-tokens';
import { CLI_ACTOR, type Role } from '../../src/kernel/actor';
import { createSandboxApp } from '../../src/sandbox/app';
import { openSandboxStore } from '../../src/sandbox/store';
import type { WebDeps } from '../../src/web/env';
import { wireEngine, wireWeb } from '../../src/wiring';
import { freshDb } from '../support/db';
import { silentLogger } from '../support/engine-harness';
import { recordingScheduler } from '../support/web';

export const PASSWORD = 'plum vivid lantern orbit';

export interface Browser {
  cookie: string;
  csrf: string;
}

export async function securityHarness(config: Partial<WebDeps['config']> = {}) {
  const base = freshDb();
  const sandboxStore = openSandboxStore(':memory:');
  const { engine } = wireEngine({
    db: base.db,
    clock: base.clock,
    logger: silentLogger,
    secrets: base.secrets,
    timeoutMs: 2000,
  });
  const deps = wireWeb(engine, recordingScheduler(), {
    secrets: base.secrets,
    config: { adminToken: undefined, sessionHours: 12, publicUrl: undefined, sessionIdleMinutes: 30, ...config },
    // Mounted like in production, so the route table holds /metrics and the sandbox app too.
    sandbox: createSandboxApp({ store: sandboxStore }),
    metrics: { registry: { metrics: async () => '# metrics\n', contentType: 'text/plain; version=0.0.4' } },
  });
  const app = createApp(deps);
  const emails: Record<Role, string> = {
    admin: 'admin@example.test',
    operator: 'operator@example.test',
    viewer: 'viewer@example.test',
  };
  const ids = {} as Record<Role, string>;
  for (const role of ['admin', 'operator', 'viewer'] as const) {
    ids[role] = (
      await createAccount(base.db, base.clock, CLI_ACTOR, { email: emails[role], role, password: PASSWORD })
    ).account.id;
  }
  const tokens = {} as Record<Role, string>;
  for (const role of ['admin', 'operator', 'viewer'] as const) {
    tokens[role] = createApiToken(base.db, base.clock, CLI_ACTOR, { name: `${role}-token`, role }).token;
  }

  function get(path: string, b?: Browser | null, headers: Record<string, string> = {}) {
    return app.request(path, { headers: { ...(b ? { cookie: b.cookie } : {}), ...headers } });
  }

  /** A same-origin form post as a browser sends it (Sec-Fetch-Site, Origin, the `_csrf` field). */
  function post(
    path: string,
    fields: Record<string, string>,
    b?: Browser | null,
    headers: Record<string, string> = {},
  ) {
    const body = new URLSearchParams(fields);
    if (b && !('_csrf' in fields)) body.set('_csrf', b.csrf);
    return app.request(`http://localhost${path}`, {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'sec-fetch-site': 'same-origin',
        origin: 'http://localhost',
        ...(b ? { cookie: b.cookie } : {}),
        ...headers,
      },
    });
  }

  async function signInAs(email: string, password = PASSWORD, headers: Record<string, string> = {}) {
    return post('/login', { email, password, next: '/account' }, null, headers);
  }

  /** Sign in and read the CSRF token from the rendered page. */
  async function signIn(role: Role | string, password = PASSWORD): Promise<Browser> {
    const email = role in emails ? emails[role as Role] : role;
    const res = await signInAs(email, password);
    if (res.status !== 303) throw new Error(`sign-in failed: ${res.status}`);
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const html = await (await get('/account', { cookie, csrf: '' })).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    if (!csrf) throw new Error('no CSRF token on the page');
    return { cookie, csrf };
  }

  function api(method: string, path: string, token: string | null, body?: unknown) {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    return app.request(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  }

  return {
    ...base,
    deps,
    app,
    emails,
    ids,
    tokens,
    get,
    post,
    signIn,
    signInAs,
    api,
    sandboxToken: sandboxStore.token(),
  };
}

export type SecurityHarness = Awaited<ReturnType<typeof securityHarness>>;

/** The shown-once secret on a page. */
export function shownOnce(html: string): string | undefined {
  return /class="secret-value">([^<]+)</.exec(html)?.[1];
}
