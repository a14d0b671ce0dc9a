/**
 * Sign-in throttling per account and per client IP. After `threshold` failures in a row the key is locked,
 * for 30 s at first and twice as long after each further failure, up to 15 minutes. Keys are the typed
 * email (whether or not such an account exists, so a lock tells nothing about existence) and the IP.
 * Every attempt is counted before its password is checked (reserveAttempt), so concurrent guesses cannot
 * all slip past the lock. A success clears the account key and gives back only its own IP slot; other IP
 * failures only age out, so one valid account cannot be used to reset an attacker's IP budget.
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

/**
 * What one reserved attempt changed, so a success can give it back. `setLock` is the lock this reservation
 * put on the key (null: none), `previousLock` the value it replaced.
 */
export interface Reservation {
  keys: { key: string; setLock: number | null; previousLock: number | null }[];
}

export type ReserveResult = { locked: number } | { reservation: Reservation };

/**
 * Count an attempt against every key BEFORE its password is checked: one synchronous transaction checks the
 * locks and counts the attempt as a failure, locking keys that reach their threshold. Checking before the
 * scrypt `await` and counting after it let 40 concurrent guesses all pass the check (issue 12); now the
 * attempt that reaches the threshold locks out every attempt that arrives after it. A success gives its
 * slot back (releaseAttempt).
 */
export function reserveAttempt(db: Db, now: number, keys: ThrottleKey[]): ReserveResult {
  return db.transaction((tx) => {
    tx.delete(signInThrottle)
      .where(lt(signInThrottle.lastFailureAt, now - THROTTLE.forgetAfterMs))
      .run();
    const rows = tx
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
    if (until > now) return { locked: until };
    const reservation: Reservation = { keys: [] };
    for (const k of keys) {
      const row = rows.find((r) => r.key === k.key);
      const failures = (row?.failures ?? 0) + 1;
      const lock = lockDuration(failures, k.threshold);
      const values = { failures, lastFailureAt: now, lockedUntil: lock ? now + lock : null };
      if (row) tx.update(signInThrottle).set(values).where(eq(signInThrottle.key, k.key)).run();
      else
        tx.insert(signInThrottle)
          .values({ key: k.key, ...values })
          .run();
      reservation.keys.push({ key: k.key, setLock: lock ? now + lock : null, previousLock: row?.lockedUntil ?? null });
    }
    return { reservation };
  });
}

/**
 * The reserved attempt succeeded: the account key is cleared (as before), the other keys (IP) get their slot
 * back, and a lock this very attempt set is undone unless something changed it since.
 */
export function releaseAttempt(db: Db, reservation: Reservation): void {
  db.transaction((tx) => {
    for (const r of reservation.keys) {
      if (r.key.startsWith('account:')) {
        tx.delete(signInThrottle).where(eq(signInThrottle.key, r.key)).run();
        continue;
      }
      const row = tx.select().from(signInThrottle).where(eq(signInThrottle.key, r.key)).get();
      if (!row) continue;
      const lockedUntil = r.setLock !== null && row.lockedUntil === r.setLock ? r.previousLock : row.lockedUntil;
      tx.update(signInThrottle)
        .set({ failures: Math.max(0, row.failures - 1), lockedUntil })
        .where(eq(signInThrottle.key, r.key))
        .run();
    }
  });
}
