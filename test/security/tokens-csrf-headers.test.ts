/** API tokens page, CSRF refusals, security headers, body limits and error pages. */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { apiTokens } from '../../db/schema';
import { securityHarness, shownOnce } from './harness';

describe('API tokens page', () => {
  it('creates a token shown once and stored hashed; it works until it expires', async () => {
    const h = await securityHarness();
    const b = await h.signIn('admin');
    const res = await h.post('/settings/tokens', { name: 'HR import', role: 'operator', expires: '30' }, b);
    expect(res.status).toBe(200);
    const token = shownOnce(await res.text()) ?? '';
    expect(token).toMatch(/^pvs_/);
    const stored = JSON.stringify(h.db.select().from(apiTokens).all());
    expect(stored).not.toContain(token);
    expect(await (await h.get('/settings/tokens', b)).text()).not.toContain(token);
    expect((await h.api('GET', '/api/v1/applications', token)).status).toBe(200);
    // operator, not admin
    expect((await h.api('POST', '/api/v1/applications', token, { name: 'x', template: 'scim' })).status).toBe(403);
    h.clock.advance(30 * 86_400_000 + 1);
    const expired = await h.api('GET', '/api/v1/applications', token);
    expect(expired.status).toBe(401);
    const again = await h.signIn('admin');
    expect(await (await h.get('/settings/tokens', again)).text()).toContain(
      '<span class="badge badge-warn">Expired</span>',
    );
  });

  it('records the last use and revokes', async () => {
    const h = await securityHarness();
    const b = await h.signIn('admin');
    const token =
      shownOnce(await (await h.post('/settings/tokens', { name: 'ci', role: 'viewer', expires: 'never' }, b)).text()) ??
      '';
    const before = await (await h.get('/settings/tokens', b)).text();
    expect(before).toMatch(/<td>ci<\/td>[\s\S]*?Never<\/span><\/td><td><span class="muted">Never/);
    await h.api('GET', '/api/v1/applications', token);
    const after = await (await h.get('/settings/tokens', b)).text();
    expect(after).toMatch(/<td>ci<\/td>[\s\S]*?Never<\/span><\/td><td><time/);
    const id = h.db.select().from(apiTokens).where(eq(apiTokens.name, 'ci')).get()?.id;
    expect(after).toContain(`action="/settings/tokens/${id}/revoke"`);
    expect((await h.post(`/settings/tokens/${id}/revoke`, {}, b)).status).toBe(303);
    expect((await h.api('GET', '/api/v1/applications', token)).status).toBe(401);
  });

  it('refuses an unknown expiry and is admin only', async () => {
    const h = await securityHarness();
    const admin = await h.signIn('admin');
    expect((await h.post('/settings/tokens', { name: 'x', role: 'viewer', expires: '99999' }, admin)).status).toBe(400);
    const op = await h.signIn('operator');
    expect((await h.get('/settings/tokens', op)).status).toBe(403);
    expect((await h.post('/settings/tokens', { name: 'x', role: 'admin', expires: '30' }, op)).status).toBe(403);
  });
});

describe('CSRF', () => {
  it('refuses a cross-site form post even with a valid session and token', async () => {
    const h = await securityHarness();
    const b = await h.signIn('admin');
    const forged = { email: 'attacker@evil.example', role: 'admin' };
    const crossSite = await h.post('/settings/accounts', forged, b, {
      'sec-fetch-site': 'cross-site',
      origin: 'https://evil.example',
    });
    expect(crossSite.status).toBe(403);
    // Older browsers send no Sec-Fetch-Site: the Origin alone refuses it.
    const app = h.app;
    const oldBrowser = await app.request('http://localhost/settings/accounts', {
      method: 'POST',
      body: new URLSearchParams({ ...forged, _csrf: b.csrf }),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: b.cookie,
        origin: 'https://evil.example',
      },
    });
    expect(oldBrowser.status).toBe(403);
    // A same-site request without the token (or another session's token) is refused too.
    expect((await h.post('/settings/accounts', { ...forged, _csrf: '' }, b)).status).toBe(403);
    const other = await h.signIn('admin');
    expect((await h.post('/settings/accounts', { ...forged, _csrf: other.csrf }, b)).status).toBe(403);
    expect(await (await h.get('/settings/accounts', b)).text()).not.toContain('attacker@evil.example');
    // The same post from our own page goes through.
    expect((await h.post('/settings/accounts', { email: 'friend@example.test', role: 'viewer' }, b)).status).toBe(200);
  });

  it('accepts the token as the X-CSRF-Token header htmx sends', async () => {
    const h = await securityHarness();
    const b = await h.signIn('admin');
    const res = await h.post(`/settings/accounts/${h.ids.viewer}/role`, { role: 'operator', _csrf: '' }, b, {
      'x-csrf-token': b.csrf,
    });
    expect(res.status).toBe(303);
  });
});

describe('headers', () => {
  it('sends a strict CSP, no framing, no sniffing, a referrer policy and no-store on pages', async () => {
    const h = await securityHarness();
    const res = await h.get('/login');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('strict-transport-security')).toBeNull();
    expect((await h.get('/static/app.css')).headers.get('cache-control')).toBe('public, max-age=3600');
  });

  it('sends HSTS over https: direct, by PROVISIO_PUBLIC_URL, or X-Forwarded-Proto from a trusted proxy', async () => {
    const plain = await securityHarness();
    expect((await plain.app.request('https://p.example/login')).headers.get('strict-transport-security')).toMatch(
      /max-age=31536000/,
    );
    const spoofed = await plain.get('/login', null, { 'x-forwarded-proto': 'https' });
    expect(spoofed.headers.get('strict-transport-security')).toBeNull();
    const byUrl = await securityHarness({ publicUrl: 'https://provisio.example' });
    expect((await byUrl.get('/login')).headers.get('strict-transport-security')).not.toBeNull();
    const proxied = await securityHarness({ trustProxy: true });
    const res = await proxied.get('/login', null, { 'x-forwarded-proto': 'https' });
    expect(res.headers.get('strict-transport-security')).not.toBeNull();
    // Behind the https proxy the browser's Origin is https too (issue 12: it is checked against the proxy's).
    const signIn = await proxied.signInAs(proxied.emails.viewer, undefined, {
      'x-forwarded-proto': 'https',
      origin: 'https://localhost',
    });
    expect(signIn.headers.get('set-cookie')).toContain('Secure');
  });
});

describe('body limits and error pages', () => {
  const big = 'x'.repeat(1024 * 1024 + 10);

  it('answers 413 with a message for oversized bodies, before authentication', async () => {
    const h = await securityHarness();
    const api = await h.api('POST', '/api/v1/applications', h.tokens.admin, { name: big });
    expect(api.status).toBe(413);
    expect(await api.json()).toEqual({
      error: { code: 'body_too_large', message: 'The request body is larger than the 1 MB this endpoint accepts' },
    });
    const anonymous = await h.api('POST', '/api/v1/applications', null, { name: big });
    expect(anonymous.status).toBe(413);
    const b = await h.signIn('admin');
    const page = await h.post('/settings/accounts', { email: big, role: 'viewer' }, b);
    expect(page.status).toBe(413);
    expect(await page.text()).toContain('larger than the 1 MB');
    const login = await h.post('/login', { email: 'a@b.example', password: 'x'.repeat(20_000) });
    expect(login.status).toBe(413);
    // Without a Content-Length (chunked), the limit still holds while the body streams in.
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(ctrl) {
        if (sent++ < 40) ctrl.enqueue(chunk);
        else ctrl.close();
      },
    });
    const chunked = await h.app.request('/api/v1/applications', {
      method: 'POST',
      headers: { authorization: `Bearer ${h.tokens.admin}`, 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
    // Directory imports may be large (25 MB).
    const imp = await h.app.request('/api/v1/directory/import/users', {
      method: 'POST',
      headers: { authorization: `Bearer ${h.tokens.admin}`, 'content-type': 'text/csv' },
      body: `userPrincipalName\n${'a'.repeat(2 * 1024 * 1024)}@example.test\n`,
    });
    expect(imp.status).not.toBe(413);
  });

  it('answers unknown pages and records with the same error page, and JSON for the API', async () => {
    const h = await securityHarness();
    const b = await h.signIn('viewer');
    for (const path of ['/no/such/page', '/apps/00000000-0000-0000-0000-000000000000']) {
      const res = await h.get(path, b);
      expect(res.status, path).toBe(404);
      const html = await res.text();
      expect(html, path).toMatch(/^<!DOCTYPE html>/);
      expect(html, path).toContain('<h1>Not found</h1>');
    }
    const api = await h.api('GET', '/api/v1/nothing', h.tokens.viewer);
    expect(api.status).toBe(404);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });

  it('answers an unexpected error with a page or JSON that holds no stack trace', async () => {
    const h = await securityHarness();
    h.app.get('/boom', () => {
      throw new Error('secret detail at /work/main/src/x.ts:12');
    });
    h.app.get('/api/v1/boom', () => {
      throw new TypeError('cannot read properties of undefined');
    });
    const b = await h.signIn('viewer');
    const page = await h.get('/boom', b);
    const html = await page.text();
    expect(page.status).toBe(500);
    expect(html).toContain('Something went wrong');
    expect(html).not.toMatch(/secret detail|\.ts:\d+|at \w+ \(/);
    const api = await h.api('GET', '/api/v1/boom', h.tokens.viewer);
    expect(api.status).toBe(500);
    expect(await api.text()).toBe(
      '{"error":{"code":"internal_error","message":"Something went wrong on the server; the error was logged."}}',
    );
  });
});
