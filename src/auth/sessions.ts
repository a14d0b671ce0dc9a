/** Browser sessions: a random cookie value whose sha256 is the row key, plus a per-session CSRF token. */
import crypto from 'node:crypto';
import { and, eq, gt } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { accounts, sessions } from '../../db/schema';
import type { Clock } from '../clock';
import { sha256 } from './passwords';

export interface SessionInfo {
  accountId: string;
  email: string;
  role: 'admin' | 'operator' | 'viewer';
  csrfToken: string;
}

/** Start a session for an account; returns the cookie value (shown to the browser only). */
export function createSession(db: Db, clock: Clock, accountId: string, lifetimeMs: number): string {
  const value = crypto.randomBytes(32).toString('base64url');
  const now = clock.now();
  db.insert(sessions)
    .values({
      idHash: sha256(value),
      accountId,
      csrfToken: crypto.randomBytes(24).toString('base64url'),
      createdAt: now,
      expiresAt: now + lifetimeMs,
    })
    .run();
  db.update(accounts).set({ lastLoginAt: now }).where(eq(accounts.id, accountId)).run();
  return value;
}

/** Look up a live session by cookie value; disabled accounts have no live sessions. */
export function readSession(db: Db, clock: Clock, value: string): SessionInfo | null {
  const row = db
    .select({
      accountId: sessions.accountId,
      csrfToken: sessions.csrfToken,
      email: accounts.email,
      role: accounts.role,
      disabled: accounts.disabled,
    })
    .from(sessions)
    .innerJoin(accounts, eq(accounts.id, sessions.accountId))
    .where(and(eq(sessions.idHash, sha256(value)), gt(sessions.expiresAt, clock.now())))
    .get();
  if (!row || row.disabled) return null;
  return { accountId: row.accountId, email: row.email, role: row.role, csrfToken: row.csrfToken };
}

/** End a session (sign-out). */
export function deleteSession(db: Db, value: string): void {
  db.delete(sessions)
    .where(eq(sessions.idHash, sha256(value)))
    .run();
}
