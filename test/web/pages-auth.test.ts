import { and, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema';
import { createApplication } from '../../src/apps/applications';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { safeNext } from '../../src/web/routes/login';
import { cspViolations, PASSWORD, type PagesHarness, pagesHarness } from './pages-harness';

let h: PagesHarness;
beforeEach(async () => {
  h = await pagesHarness();
});

function audits(activity: string) {
  return h.db.select().from(auditLog).where(eq(auditLog.activity, activity)).all();
}

describe('signing in', () => {
  it('sends visitors without a session to /login, keeping where they were going', async () => {
    for (const path of ['/', '/logs?status=failure', '/directory/users', '/apps/new']) {
      const res = await h.get(path);
      expect(res.status, path).toBe(303);
      expect(res.headers.get('location')).toBe(`/login?next=${encodeURIComponent(path)}`);
    }
  });

  it('renders the sign-in form in the layout, without navigation', async () => {
    const res = await h.get('/login?next=%2Flogs');
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<form method="post" action="/login"');
    expect(html).toContain('name="next" value="/logs"');
    expect(html).not.toContain('aria-label="Main"');
    expect(cspViolations(html)).toEqual([]);
  });

  it('refuses a wrong password or an unknown email with the same message, and audits the failure', async () => {
    const wrong = await h.post('/login', { email: h.emails.admin, password: 'not the password' });
    const unknown = await h.post('/login', { email: 'nobody@example.test', password: PASSWORD });
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(401);
      expect(res.headers.get('set-cookie')).toBeNull();
      expect(await res.text()).toContain('Email or password is incorrect');
    }
    const rows = audits('auth.sign_in');
    expect(rows.map((r) => [r.result, r.actorName, r.actorId, r.actorType])).toEqual([
      ['failure', h.emails.admin, null, 'account'],
      ['failure', 'nobody@example.test', null, 'account'],
    ]);
  });

  it('sets an HttpOnly, SameSite=Lax session cookie, audits the sign-in and follows a same-site next', async () => {
    const res = await h.post('/login', { email: h.emails.operator, password: PASSWORD, next: '/logs?status=failure' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/logs?status=failure');
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^provisio_session=[^;]+/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).toContain('Path=/');
    expect(cookie).not.toContain('Secure');
    const ok = audits('auth.sign_in');
    expect(ok).toHaveLength(1);
    expect(ok[0]?.result).toBe('success');
    expect(ok[0]?.actorName).toBe(h.emails.operator);
    const page = await h.get('/logs', { cookie: cookie.split(';')[0] ?? '', csrf: '' });
    expect(page.status).toBe(200);
  });

  it('marks the cookie Secure when the request came over https', async () => {
    const res = await h.app.request('https://provisio.example/login', {
      method: 'POST',
      body: new URLSearchParams({ email: h.emails.admin, password: PASSWORD }),
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('set-cookie')).toContain('Secure');
  });

  it.each([
    ['/apps/1?x=1', '/apps/1?x=1'],
    ['//evil.example/', '/'],
    ['/\\evil.example', '/'],
    ['https://evil.example/', '/'],
    ['javascript:alert(1)', '/'],
    ['/login?next=/x', '/'],
    ['', '/'],
  ])('next %j redirects to %j', async (next, expected) => {
    expect(safeNext(next)).toBe(expected);
    const res = await h.post('/login', { email: h.emails.viewer, password: PASSWORD, next });
    expect(res.headers.get('location')).toBe(expected);
  });

  it('refuses a cross-site sign-in post', async () => {
    const res = await h.post('/login', { email: h.emails.admin, password: PASSWORD }, undefined, {
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('set-cookie')).toBeNull();
  });
});

describe('signing out', () => {
  it('needs the session CSRF token, then ends the session and audits it', async () => {
    const s = await h.signIn('admin');
    const forged = await h.post('/logout', {}, s, { csrf: false });
    expect(forged.status).toBe(403);
    expect((await h.get('/', s)).status).toBe(200);

    const res = await h.post('/logout', {}, s);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/login?signedOut=1');
    expect(res.headers.get('set-cookie')).toMatch(/provisio_session=;.*Max-Age=0/);
    expect((await h.get('/', s)).status).toBe(303);
    expect(audits('auth.sign_out').map((r) => r.actorName)).toEqual([h.emails.admin]);
  });
});

describe('CSRF on page actions', () => {
  it('refuses a post without the token, a wrong token and a cross-site post', async () => {
    const app = createApplication({ db: h.db, clock: h.deps.clock, secrets: h.secrets }, CLI_ACTOR, {
      name: 'App',
      template: 'scim',
      tenantUrl: 'https://scim.example/scim',
      secretToken: 't',
    });
    const s = await h.signIn('operator');
    const none = await h.post(`/apps/${app.id}/run`, {}, s, { csrf: false });
    expect(none.status).toBe(403);
    const wrong = await h.post(`/apps/${app.id}/run`, { _csrf: 'nope' }, s, { csrf: false });
    expect(wrong.status).toBe(403);
    const crossSite = await h.post(`/apps/${app.id}/run`, {}, s, { headers: { 'sec-fetch-site': 'cross-site' } });
    expect(crossSite.status).toBe(403);
    expect(await crossSite.text()).toContain('Cross-site request refused');
    expect(h.scheduler.calls.runNow).toEqual([]);

    const ok = await h.post(`/apps/${app.id}/run`, {}, s, { headers: { 'sec-fetch-site': 'same-origin' } });
    expect(ok.status).toBe(303);
    expect(h.scheduler.calls.runNow).toEqual([
      { appId: app.id, initiatedBy: { type: 'user', name: h.emails.operator } },
    ]);
    const audit = h.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.activity, 'cycle.run_now'), eq(auditLog.targetId, app.id)))
      .all();
    expect(audit).toHaveLength(1);
  });

  it('accepts the token as the X-CSRF-Token header (what htmx sends)', async () => {
    const app = createApplication({ db: h.db, clock: h.deps.clock, secrets: h.secrets }, CLI_ACTOR, {
      name: 'App',
      template: 'scim',
      tenantUrl: 'https://scim.example/scim',
      secretToken: 't',
    });
    const s = await h.signIn('operator');
    const res = await h.post(`/apps/${app.id}/run`, { variant: 'app' }, s, {
      csrf: false,
      headers: { 'x-csrf-token': s.csrf, 'hx-request': 'true' },
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).not.toContain('<html');
    expect(html).toContain('Cycle started.');
  });
});
