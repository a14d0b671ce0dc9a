/**
 * Issue 12: behind a TLS-terminating reverse proxy every sign-in and form post answered 403, because the
 * Origin check compared against the request URL (always http:// in the Node server). These tests go through a
 * real https proxy on loopback (test/support/tls-proxy.ts) to the app on a real http port, sending what a
 * browser sends (Origin, Sec-Fetch-Site, the session cookie and the form's `_csrf`).
 */
import { type ServerType, serve } from '@hono/node-server';
import { Agent, fetch } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import type { WebDeps } from '../../src/web/env';
import { startTlsProxy, type TlsProxy } from '../support/tls-proxy';
import { PASSWORD, securityHarness, shownOnce } from './harness';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** Proxy + app; `config` may use the proxy's origin (it is started first). */
async function stack(forwardedHeaders: boolean, config: (proxy: TlsProxy) => Partial<WebDeps['config']>) {
  const proxy = await startTlsProxy({ forwardedHeaders });
  closers.push(() => proxy.close());
  const h = await securityHarness(config(proxy));
  let appOrigin = '';
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: h.app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
      appOrigin = `http://127.0.0.1:${info.port}`;
      proxy.setUpstream(appOrigin);
      resolve(s);
    });
  });
  closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const agent = new Agent({ connect: { ca: proxy.cert } });
  closers.push(() => agent.close());
  return { h, proxy, agent, appOrigin };
}

type Stack = Awaited<ReturnType<typeof stack>>;

/** A browser's same-origin form post through the proxy (Origin defaults to the proxy's https origin). */
function post(s: Stack, path: string, fields: Record<string, string>, cookie = '', origin = s.proxy.origin) {
  return fetch(`${s.proxy.origin}${path}`, {
    method: 'POST',
    dispatcher: s.agent,
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      origin,
      'sec-fetch-site': origin === s.proxy.origin ? 'same-origin' : 'cross-site',
      ...(cookie ? { cookie } : {}),
    },
    body: new URLSearchParams(fields).toString(),
  });
}

function get(s: Stack, path: string, cookie: string) {
  return fetch(`${s.proxy.origin}${path}`, { dispatcher: s.agent, redirect: 'manual', headers: { cookie } });
}

/** Sign in through the proxy and save the API token form; returns what happened at each step. */
async function signInAndSave(s: Stack) {
  const signIn = await post(s, '/login', { email: s.h.emails.admin, password: PASSWORD, next: '/settings/tokens' });
  const setCookie = signIn.headers.getSetCookie().join('\n');
  const cookie = setCookie.split(';')[0] ?? '';
  const page = await get(s, '/settings/tokens', cookie);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
  const save = await post(
    s,
    '/settings/tokens',
    { _csrf: csrf, name: 'through the proxy', role: 'viewer', expires: '30' },
    cookie,
  );
  return { signIn, setCookie, cookie, csrf, save, saved: shownOnce(await save.text()) };
}

describe('behind a TLS-terminating proxy on loopback', () => {
  it('signs in and saves a form with PROVISIO_PUBLIC_URL=https://… (proxy headers not trusted)', async () => {
    const s = await stack(false, (p) => ({ publicUrl: p.origin }));
    const r = await signInAndSave(s);
    expect(r.signIn.status).toBe(303);
    expect(r.signIn.headers.get('location')).toBe('/settings/tokens');
    expect(r.setCookie).toMatch(/provisio_session=[^;]+;.*Secure/);
    expect(r.csrf).not.toBe('');
    expect(r.save.status).toBe(200);
    expect(r.saved).toMatch(/^pvs_/);
  });

  it('signs in and saves a form with PROVISIO_TRUST_PROXY=1 and X-Forwarded-Proto/Host from the proxy', async () => {
    const s = await stack(true, () => ({ trustProxy: true }));
    const r = await signInAndSave(s);
    expect(r.signIn.status).toBe(303);
    expect(r.setCookie).toMatch(/provisio_session=[^;]+;.*Secure/);
    expect(r.save.status).toBe(200);
    expect(r.saved).toMatch(/^pvs_/);
    expect(s.proxy.forwarded[0]?.headers['x-forwarded-proto']).toBe('https');
  });

  it('still refuses cross-origin posts, including the http origin the app itself sees', async () => {
    for (const s of [
      await stack(false, (p) => ({ publicUrl: p.origin })),
      await stack(true, () => ({ trustProxy: true })),
    ]) {
      const r = await signInAndSave(s);
      expect(r.save.status).toBe(200);
      // The old check accepted http://<Host>, i.e. the proxy's address with the wrong scheme.
      for (const origin of ['https://evil.example', s.appOrigin, `http://127.0.0.1:${s.proxy.port}`]) {
        const login = await post(s, '/login', { email: s.h.emails.admin, password: PASSWORD }, '', origin);
        expect(login.status, `sign-in from ${origin}`).toBe(403);
        const fields = { _csrf: r.csrf, name: 'cross', role: 'admin', expires: '30' };
        const save = await post(s, '/settings/tokens', fields, r.cookie, origin);
        expect(save.status, `form post from ${origin}`).toBe(403);
      }
    }
  });

  it('does not believe X-Forwarded-* without PROVISIO_TRUST_PROXY (a client could send them)', async () => {
    // The proxy adds the headers, but the app is not told to trust them and has no public URL: it cannot
    // know its https origin, so it refuses rather than guessing from headers anyone can send.
    const s = await stack(true, () => ({}));
    const signIn = await post(s, '/login', { email: s.h.emails.admin, password: PASSWORD });
    expect(signIn.status).toBe(403);
  });
});
