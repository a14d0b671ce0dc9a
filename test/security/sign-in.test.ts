/** Sessions (new id, idle timeout, absolute lifetime) and sign-in throttling without user enumeration. */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema';
import { lockDuration, THROTTLE } from '../../src/auth/sign-in-throttle';
import { PASSWORD, securityHarness } from './harness';

describe('sessions', () => {
  it('issues a new session id on every sign-in and ends the one the browser brought', async () => {
    const h = await securityHarness();
    const first = await h.signIn('viewer');
    const res = await h.post('/login', { email: h.emails.viewer, password: PASSWORD }, null, { cookie: first.cookie });
    const second = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(second).not.toBe(first.cookie);
    expect((await h.get('/account', first)).status).toBe(303);
    expect((await h.get('/account', { cookie: second, csrf: '' })).status).toBe(200);
  });

  it('ends a session after the idle timeout, and keeps one in use alive', async () => {
    const h = await securityHarness({ sessionIdleMinutes: 10 });
    const idle = await h.signIn('viewer');
    const busy = await h.signIn('viewer');
    for (let i = 0; i < 3; i++) {
      h.clock.advance(6 * 60_000);
      expect((await h.get('/account', busy)).status).toBe(200);
    }
    expect((await h.get('/account', idle)).status).toBe(303);
  });

  it('ends a session at its absolute lifetime however busy it is', async () => {
    const h = await securityHarness({ sessionHours: 1, sessionIdleMinutes: 30 });
    const b = await h.signIn('viewer');
    for (let i = 0; i < 5; i++) {
      h.clock.advance(11 * 60_000);
      expect((await h.get('/account', b)).status, `after ${(i + 1) * 11} min`).toBe(200);
    }
    h.clock.advance(6 * 60_000);
    expect((await h.get('/account', b)).status).toBe(303);
  });
});

describe('sign-in throttling', () => {
  it('doubles the lock from 30 s after 5 failures, up to 15 minutes', () => {
    expect([4, 5, 6, 7, 10, 30].map((f) => lockDuration(f, THROTTLE.accountThreshold))).toEqual([
      0, 30_000, 60_000, 120_000, 900_000, 900_000,
    ]);
  });

  it('locks an account after 5 failures, even for the right password, until the lock passes', async () => {
    const h = await securityHarness();
    for (let i = 0; i < 5; i++) expect((await h.signInAs(h.emails.admin, 'wrong password!')).status).toBe(401);
    const locked = await h.signInAs(h.emails.admin);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBe(30);
    expect(await locked.text()).toContain('Too many failed sign-ins');
    h.clock.advance(30_000);
    // The next failure doubles the lock.
    expect((await h.signInAs(h.emails.admin, 'wrong again!!')).status).toBe(401);
    expect((await h.signInAs(h.emails.admin)).headers.get('retry-after')).toBe('60');
    h.clock.advance(60_000);
    expect((await h.signInAs(h.emails.admin)).status).toBe(303);
    // Success clears the count: one more failure does not lock.
    await h.signInAs(h.emails.admin, 'wrong password!');
    expect((await h.signInAs(h.emails.admin)).status).toBe(303);
  });

  it('treats an unknown email exactly like a known one (same answers, same lock)', async () => {
    const h = await securityHarness();
    const answers: string[] = [];
    for (const email of [h.emails.viewer, 'nobody@example.test']) {
      for (let i = 0; i < 6; i++) {
        const res = await h.signInAs(email, 'wrong password!');
        const text = await res.text();
        answers.push(`${res.status} ${/role="alert"[^>]*>([^<]+)/.exec(text)?.[1]}`);
      }
    }
    expect(answers.slice(0, 6)).toEqual(answers.slice(6));
    expect(answers[5]).toMatch(/^429 Too many failed sign-ins/);
  });

  it('spends about the same time on an unknown email as on a wrong password (a dummy scrypt check)', async () => {
    const h = await securityHarness();
    const time = async (email: string) => {
      const t = performance.now();
      await h.signInAs(email, 'wrong password!');
      return performance.now() - t;
    };
    await time('warm@example.test');
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 3; i++) {
      known.push(await time(h.emails.operator));
      unknown.push(await time(`nobody${i}@example.test`));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1] ?? 0;
    // Both include one scrypt verification (tens of ms); without the dummy the unknown case takes ~1 ms.
    expect(median(unknown)).toBeGreaterThan(median(known) * 0.5);
  });

  it('locks a client IP after 20 failures across many emails (behind a trusted proxy)', async () => {
    const h = await securityHarness({ trustProxy: true });
    const from = (ip: string) => ({ 'x-forwarded-for': `203.0.113.9, ${ip}` });
    for (let i = 0; i < THROTTLE.ipThreshold; i++) {
      expect((await h.signInAs(`spray${i}@example.test`, 'wrong password!', from('198.51.100.7'))).status).toBe(401);
    }
    expect((await h.signInAs(h.emails.viewer, PASSWORD, from('198.51.100.7'))).status).toBe(429);
    expect((await h.signInAs(h.emails.viewer, PASSWORD, from('198.51.100.8'))).status).toBe(303);
  });

  it('audits every attempt: failures, locked refusals and successes, with the IP', async () => {
    const h = await securityHarness({ trustProxy: true });
    const ip = { 'x-forwarded-for': '192.0.2.44' };
    for (let i = 0; i < 6; i++) await h.signInAs(h.emails.viewer, 'wrong password!', ip);
    h.clock.advance(60_000);
    await h.signInAs(h.emails.viewer, PASSWORD, ip);
    const rows = h.db.select().from(auditLog).where(eq(auditLog.activity, 'auth.sign_in')).all();
    expect(rows.map((r) => `${r.result}${r.after ? ` ${r.after}` : ''}`)).toEqual([
      ...Array(5).fill('failure'),
      'failure {"reason":"locked"}',
      'success',
    ]);
    expect(new Set(rows.map((r) => r.ip))).toEqual(new Set(['192.0.2.44']));
  });
});
