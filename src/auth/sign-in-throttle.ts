/**
 * Sign-in throttling per account and per client IP. After `threshold` failures in a row the key is locked,
 * for 30 s at first and twice as long after each further failure, up to 15 minutes. Keys are the typed
 * email (whether or not such an account exists, so a lock tells nothing about existence) and the IP.
 * A success clears the account key; the IP key only ages out, so one valid account cannot be used to
 * reset an attacker's IP budget.
 */
import { eq, inArray, lt } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { signInThrottle } from '../../db/schema';

export const THROTTLE = {
  accountThreshold: 5,
  ipThreshold: 20,
  baseLockMs: 30_000,
  maxLockMs: 15 * 60_000,
  /** Failures older than this (since the last one) are forgotten. */
  forgetAfterMs: 60 * 60_000,
} as const;

export interface ThrottleKey {
  key: string;
  threshold: number;
}

/** The keys one attempt counts against. */
export function throttleKeys(email: string, ip: string | undefined): ThrottleKey[] {
  const keys: ThrottleKey[] = [{ key: `account:${email.trim().toLowerCase()}`, threshold: THROTTLE.accountThreshold }];
  if (ip) keys.push({ key: `ip:${ip}`, threshold: THROTTLE.ipThreshold });
  return keys;
}

/** Lock length after `failures` consecutive failures (0 below the threshold): exponential, capped. */
export function lockDuration(failures: number, threshold: number): number {
  if (failures < threshold) return 0;
  return Math.min(THROTTLE.maxLockMs, THROTTLE.baseLockMs * 2 ** Math.min(failures - threshold, 20));
}

/** Until when any of the keys is locked, or null when the attempt may go ahead. */
export function lockedUntil(db: Db, now: number, keys: ThrottleKey[]): number | null {
  const rows = db
    .select()
    .from(signInThrottle)
    .where(
      inArray(
        signInThrottle.key,
        keys.map((k) => k.key),
      ),
    )
    .all();
  const until = Math.max(0, ...rows.map((r) => r.lockedUntil ?? 0));
  return until > now ? until : null;
}

/** Count a failed attempt against every key, locking those that reach their threshold. */
export function recordFailure(db: Db, now: number, keys: ThrottleKey[]): void {
  db.transaction((tx) => {
    tx.delete(signInThrottle)
      .where(lt(signInThrottle.lastFailureAt, now - THROTTLE.forgetAfterMs))
      .run();
    for (const k of keys) {
      const row = tx.select().from(signInThrottle).where(eq(signInThrottle.key, k.key)).get();
      const failures = (row?.failures ?? 0) + 1;
      const lock = lockDuration(failures, k.threshold);
      const values = { failures, lastFailureAt: now, lockedUntil: lock ? now + lock : null };
      if (row) tx.update(signInThrottle).set(values).where(eq(signInThrottle.key, k.key)).run();
      else
        tx.insert(signInThrottle)
          .values({ key: k.key, ...values })
          .run();
    }
  });
}

/** A successful sign-in clears the account's counter. */
export function recordSuccess(db: Db, email: string): void {
  db.delete(signInThrottle)
    .where(eq(signInThrottle.key, `account:${email.trim().toLowerCase()}`))
    .run();
}
