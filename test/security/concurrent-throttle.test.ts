/**
 * Issue 12: throttling must hold against concurrent attempts. The lock used to be checked before the scrypt
 * `await` and the failure recorded after it, so 40 guesses sent at once were all checked and the right
 * password among them signed in. Attempts are now counted before they are verified.
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { signInThrottle } from '../../db/schema';
import { authenticate } from '../../src/auth/accounts';
import { THROTTLE } from '../../src/auth/sign-in-throttle';
import { PASSWORD, securityHarness } from './harness';

const WRONG = 'wrong password!';

function statusCounts(statuses: number[]): Record<number, number> {
  const out: Record<number, number> = {};
  for (const s of statuses) out[s] = (out[s] ?? 0) + 1;
  return out;
}

describe('sign-in throttling under concurrency', () => {
  it('checks only 5 of 40 concurrent wrong passwords, and the right one sent with them does not sign in', async () => {
    const h = await securityHarness();
    const wrong = Array.from({ length: 40 }, () => h.signInAs(h.emails.admin, WRONG));
    const right = h.signInAs(h.emails.admin, PASSWORD);
    const statuses = (await Promise.all([...wrong, right])).map((r) => r.status);
    const counts = statusCounts(statuses.slice(0, 40));
    expect(counts[401]).toBe(THROTTLE.accountThreshold);
    expect(counts[429]).toBe(40 - THROTTLE.accountThreshold);
    expect(statuses[40], 'the right password while locked').toBe(429);
    // Once the lock passes, the right password works (and the account was never signed in meanwhile).
    h.clock.advance(30_000);
    expect((await h.signInAs(h.emails.admin, PASSWORD)).status).toBe(303);
  });

  it('counts concurrent attempts against the IP too, and a success gives back only its own IP slot', async () => {
    const h = await securityHarness({ trustProxy: true });
    const from = { 'x-forwarded-for': '198.51.100.20' };
    // Successful sign-ins from one address (an office behind NAT) never use up its budget.
    for (let i = 0; i < 3; i++) expect((await h.signInAs(h.emails.viewer, PASSWORD, from)).status).toBe(303);
    const ipRow = h.db.select().from(signInThrottle).where(eq(signInThrottle.key, 'ip:198.51.100.20')).get();
    expect(ipRow?.failures ?? 0).toBe(0);
    const spray = Array.from({ length: 40 }, (_, i) => h.signInAs(`spray${i}@example.test`, WRONG, from));
    const counts = statusCounts((await Promise.all(spray)).map((r) => r.status));
    expect(counts[401]).toBe(THROTTLE.ipThreshold);
    expect(counts[429]).toBe(40 - THROTTLE.ipThreshold);
    expect((await h.signInAs(h.emails.viewer, PASSWORD, from)).status).toBe(429);
  }, 90_000);
});

describe('password change throttling under concurrency', () => {
  it('checks only 5 of 40 concurrent wrong current passwords; the right one sent with them changes nothing', async () => {
    const h = await securityHarness();
    const b = await h.signIn('operator');
    const change = (current: string, next: string) => h.post('/account/password', { current, next, repeat: next }, b);
    const wrong = Array.from({ length: 40 }, (_, i) => change(`${WRONG}${i}`, 'amber quiet harbour violin'));
    const right = change(PASSWORD, 'amber quiet harbour violin');
    const responses = await Promise.all([...wrong, right]);
    const counts = statusCounts(responses.slice(0, 40).map((r) => r.status));
    expect(counts[400]).toBe(THROTTLE.accountThreshold);
    expect(counts[429]).toBe(40 - THROTTLE.accountThreshold);
    const last = responses[40];
    expect(last?.status, 'the right current password while locked').toBe(429);
    expect(await last?.text()).toContain('Too many wrong passwords');
    // The password did not change (checked on the stored hash, outside the throttle).
    expect(await authenticate(h.db, h.emails.operator, PASSWORD, h.clock.now())).toBeTruthy();
    expect(await authenticate(h.db, h.emails.operator, 'amber quiet harbour violin', h.clock.now())).toBeNull();
  });

  it('gives the attempt back when the current password was right but the new one is refused', async () => {
    const h = await securityHarness();
    const b = await h.signIn('viewer');
    for (let i = 0; i < THROTTLE.accountThreshold + 1; i++) {
      const res = await h.post('/account/password', { current: PASSWORD, next: 'password', repeat: 'password' }, b);
      expect(res.status).toBe(400);
    }
    expect((await h.signInAs(h.emails.viewer, PASSWORD)).status).toBe(303);
  });
});
