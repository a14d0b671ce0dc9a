/** Accounts managed in the app: create (shown once), roles, disable, reset, own password, last admin. */
import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { accounts, auditLog, sessions } from '../../db/schema';
import { passwordProblem } from '../../src/auth/password-policy';
import { PASSWORD, type SecurityHarness, securityHarness, shownOnce } from './harness';

let h: SecurityHarness;
beforeEach(async () => {
  h = await securityHarness();
});

const activities = () =>
  h.db
    .select()
    .from(auditLog)
    .all()
    .map((r) => r.activity);

describe('password policy', () => {
  it.each([
    ['short', 'Tr0ub4dor&3'],
    ['a listed password', 'LeaveMeAlone'],
    ['a keyboard run', 'qwertyuiopasdfgh'],
    ['a listed password with digits around it', 'Password123456!'],
    ['a digit run', '123456789012'],
    ['one character repeated', 'aaaaaaaaaaaaaaa'],
  ])('refuses %s', (_why, pw) => {
    expect(passwordProblem(pw)).not.toBeNull();
  });
  it('refuses a password holding the email name and accepts unrelated words', () => {
    expect(passwordProblem('alexandra-rocks-2026', { email: 'alexandra@example.test' })).toMatch(/email/);
    expect(passwordProblem('plum vivid lantern orbit')).toBeNull();
  });
});

describe('accounts page (admin)', () => {
  it('creates an account with a generated password shown once, which signs in', async () => {
    const b = await h.signIn('admin');
    const res = await h.post('/settings/accounts', { email: 'new.person@example.test', role: 'operator' }, b);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const password = shownOnce(await res.text());
    expect(password).toMatch(/^[\w-]{20}$/);
    expect(await (await h.get('/settings/accounts', b)).text()).not.toContain(password);
    const row = h.db.select().from(accounts).where(eq(accounts.email, 'new.person@example.test')).get();
    expect(row?.role).toBe('operator');
    expect(row?.passwordHash).not.toContain(password);
    expect((await h.signInAs('new.person@example.test', password)).status).toBe(303);
    expect(activities()).toContain('account.create');
  });

  it('a generated password opens only My account until the person chooses their own', async () => {
    const admin = await h.signIn('admin');
    const res = await h.post('/settings/accounts', { email: 'fresh@example.test', role: 'admin' }, admin);
    const temporary = shownOnce(await res.text()) ?? '';
    const b = await h.signIn('fresh@example.test', temporary);
    const home = await h.get('/', b);
    expect(home.status).toBe(303);
    expect(home.headers.get('location')).toBe('/account');
    expect(await (await h.get('/account', b)).text()).toContain('Your password was generated for you');
    expect((await h.get('/api/v1/applications', b)).status).toBe(403);
    expect((await h.post(`/settings/accounts/${h.ids.viewer}/disable`, {}, b)).status).toBe(403);
    const form = { current: temporary, next: 'copper meadow violin', repeat: 'copper meadow violin' };
    expect((await h.post('/account/password', form, b)).status).toBe(303);
    expect((await h.get('/', b)).status).toBe(200);
    expect(await (await h.get('/account', b)).text()).not.toContain('Your password was generated for you');
  });

  it('a generated password expires after 72 hours unused', async () => {
    const admin = await h.signIn('admin');
    const res = await h.post(`/settings/accounts/${h.ids.operator}/reset-password`, {}, admin);
    const temporary = shownOnce(await res.text()) ?? '';
    h.clock.advance(72 * 3600_000);
    const late = await h.signInAs(h.emails.operator, temporary);
    expect(late.status).toBe(401);
    expect(await late.text()).toContain('Email or password is incorrect');
  });

  it('shows field errors for a bad email and a duplicate', async () => {
    const b = await h.signIn('admin');
    const bad = await h.post('/settings/accounts', { email: 'not-an-email', role: 'viewer' }, b);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('id="email-error"');
    const dup = await h.post('/settings/accounts', { email: 'VIEWER@example.test', role: 'viewer' }, b);
    expect(dup.status).toBe(409);
    expect(await dup.text()).toContain('already exists');
  });

  it('changes a role, audited with before and after', async () => {
    const b = await h.signIn('admin');
    const res = await h.post(`/settings/accounts/${h.ids.viewer}/role`, { role: 'operator' }, b);
    expect(res.status).toBe(303);
    expect(h.db.select().from(accounts).where(eq(accounts.id, h.ids.viewer)).get()?.role).toBe('operator');
    const row = h.db.select().from(auditLog).where(eq(auditLog.activity, 'account.role_change')).get();
    expect([row?.before, row?.after]).toEqual(['{"role":"viewer"}', '{"role":"operator"}']);
  });

  it('never demotes or disables the last enabled admin', async () => {
    const b = await h.signIn('admin');
    const demote = await h.post(`/settings/accounts/${h.ids.admin}/role`, { role: 'viewer' }, b);
    expect(demote.status).toBe(409);
    expect(await demote.text()).toContain('is the last enabled admin and cannot be demoted');
    const disable = await h.post(`/settings/accounts/${h.ids.admin}/disable`, {}, b);
    expect(disable.status).toBe(409);
    expect(h.db.select().from(accounts).where(eq(accounts.id, h.ids.admin)).get()).toMatchObject({
      role: 'admin',
      disabled: false,
    });
    // With a second admin the first may step down.
    await h.post(`/settings/accounts/${h.ids.operator}/role`, { role: 'admin' }, b);
    expect((await h.post(`/settings/accounts/${h.ids.admin}/role`, { role: 'viewer' }, b)).status).toBe(303);
  });

  it('disabling ends the sessions and refuses sign-in; enabling lets the person back', async () => {
    const admin = await h.signIn('admin');
    const op = await h.signIn('operator');
    expect((await h.post(`/settings/accounts/${h.ids.operator}/disable`, {}, admin)).status).toBe(303);
    expect((await h.get('/account', op)).status).toBe(303);
    expect((await h.signInAs(h.emails.operator)).status).toBe(401);
    await h.post(`/settings/accounts/${h.ids.operator}/enable`, {}, admin);
    expect((await h.signInAs(h.emails.operator)).status).toBe(303);
  });

  it('resets a password: new one shown once, old one dead, sessions ended', async () => {
    const admin = await h.signIn('admin');
    const viewer = await h.signIn('viewer');
    const res = await h.post(`/settings/accounts/${h.ids.viewer}/reset-password`, {}, admin);
    const fresh = shownOnce(await res.text());
    expect(fresh).toBeDefined();
    expect((await h.get('/account', viewer)).status).toBe(303);
    expect((await h.signInAs(h.emails.viewer)).status).toBe(401);
    expect((await h.signInAs(h.emails.viewer, fresh)).status).toBe(303);
  });

  it('signs an account out everywhere', async () => {
    const admin = await h.signIn('admin');
    const v1 = await h.signIn('viewer');
    const v2 = await h.signIn('viewer');
    expect((await h.post(`/settings/accounts/${h.ids.viewer}/sign-out`, {}, admin)).status).toBe(303);
    expect((await h.get('/account', v1)).status).toBe(303);
    expect((await h.get('/account', v2)).status).toBe(303);
    expect(activities()).toContain('session.revoke_all');
  });

  it('is admin only', async () => {
    const op = await h.signIn('operator');
    expect((await h.get('/settings/accounts', op)).status).toBe(403);
    expect((await h.post('/settings/accounts', { email: 'x@example.test', role: 'admin' }, op)).status).toBe(403);
    expect((await h.post(`/settings/accounts/${h.ids.operator}/role`, { role: 'admin' }, op)).status).toBe(403);
  });
});

describe('my account', () => {
  it('changes my own password after checking the current one; my other sessions end, this one stays', async () => {
    const here = await h.signIn('viewer');
    const elsewhere = await h.signIn('viewer');
    const wrong = await h.post(
      '/account/password',
      { current: 'nope', next: 'marble quiet falcon tea', repeat: 'marble quiet falcon tea' },
      here,
    );
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toMatch(/id="current-error">not correct/);
    const common = await h.post(
      '/account/password',
      { current: PASSWORD, next: 'iloveyou12345', repeat: 'iloveyou12345' },
      here,
    );
    expect(common.status).toBe(400);
    expect(await common.text()).toContain('most common passwords');
    const mismatch = await h.post(
      '/account/password',
      { current: PASSWORD, next: 'marble quiet falcon tea', repeat: 'x' },
      here,
    );
    expect(mismatch.status).toBe(400);
    const ok = await h.post(
      '/account/password',
      { current: PASSWORD, next: 'marble quiet falcon tea', repeat: 'marble quiet falcon tea' },
      here,
    );
    expect(ok.status).toBe(303);
    expect((await h.get('/account', here)).status).toBe(200);
    expect((await h.get('/account', elsewhere)).status).toBe(303);
    expect((await h.signInAs(h.emails.viewer)).status).toBe(401);
    expect((await h.signInAs(h.emails.viewer, 'marble quiet falcon tea')).status).toBe(303);
    const rows = h.db.select().from(auditLog).where(eq(auditLog.activity, 'account.password_change')).all();
    expect(rows.map((r) => r.result)).toEqual(['failure', 'success']);
  });

  it('locks password changes (and sign-in) after 5 wrong current passwords', async () => {
    const here = await h.signIn('viewer');
    const form = { current: 'not my password', next: 'marble quiet falcon tea', repeat: 'marble quiet falcon tea' };
    for (let i = 0; i < 5; i++) expect((await h.post('/account/password', form, here)).status).toBe(400);
    const locked = await h.post('/account/password', { ...form, current: PASSWORD }, here);
    expect(locked.status).toBe(429);
    expect(await locked.text()).toContain('Too many wrong passwords');
    expect((await h.signInAs(h.emails.viewer)).status).toBe(429);
    h.clock.advance(30_000);
    expect((await h.post('/account/password', { ...form, current: PASSWORD }, here)).status).toBe(303);
  });

  it('lists my sessions with this one marked, revokes another, and signs out everywhere', async () => {
    const here = await h.signIn('operator');
    const other = await h.signIn('operator');
    const html = await (await h.get('/account', here)).text();
    expect(html).toContain('This session');
    const ids = [...html.matchAll(/action="\/account\/sessions\/([0-9a-f]{64})\/revoke"/g)].map((m) => m[1]);
    expect(ids).toHaveLength(1);
    expect((await h.post(`/account/sessions/${ids[0]}/revoke`, {}, here)).status).toBe(303);
    expect((await h.get('/account', other)).status).toBe(303);
    // Somebody else's session id cannot be revoked through my account.
    const admin = await h.signIn('admin');
    const adminIds = h.db.select().from(sessions).where(eq(sessions.accountId, h.ids.admin)).all();
    expect((await h.post(`/account/sessions/${adminIds[0]?.idHash}/revoke`, {}, here)).status).toBe(404);
    expect((await h.get('/account', admin)).status).toBe(200);
    const out = await h.post('/account/sessions/revoke-all', {}, here);
    expect(out.headers.get('location')).toBe('/login?signedOut=1');
    expect((await h.get('/account', here)).status).toBe(303);
  });

  it('answers 403 to API tokens (they have no account)', async () => {
    expect((await h.api('GET', '/account', h.tokens.admin)).status).toBe(403);
  });
});
