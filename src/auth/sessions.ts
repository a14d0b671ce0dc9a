/**
 * Browser sessions: a random cookie value whose sha256 is the row key, plus a per-session CSRF token.
 * A session dies at its absolute expiry or after `idleMs` without a request, whichever comes first.
 */
import crypto from 'node:crypto';
import { and, desc, eq, gt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { accounts, sessions } from '../../db/schema';
import { writeAudit } from '../audit/audit-log';
import type { Actor } from '../kernel/actor';
import type { Clock } from '../kernel/clock';
import { NotFoundError } from '../kernel/errors';
import { sha256 } from './passwords';

export interface SessionInfo {
  accountId: string;
  email: string;
  role: 'admin' | 'operator' | 'viewer';
  csrfToken: string;
  idHash: string;
  /** Signed in with a generated password: only My account is open until a new one is chosen. */
  mustChangePassword: boolean;
}

export interface SessionTimes {
  lifetimeMs: number;
  idleMs: number;
}

/** lastSeenAt is written at most this often, so page loads do not each write a row. */
const TOUCH_RESOLUTION_MS = 30_000;

/** Start a session for an account (always a new id); returns the cookie value (given to the browser only). */
export function createSession(
  db: Db,
  clock: Clock,
  accountId: string,
  opts: { lifetimeMs: number; ip?: string | undefined; userAgent?: string | undefined },
): string {
  const value = crypto.randomBytes(32).toString('base64url');
  const now = clock.now();
  db.transaction((tx) => {
    tx.insert(sessions)
      .values({
        idHash: sha256(value),
        accountId,
        csrfToken: crypto.randomBytes(24).toString('base64url'),
        createdAt: now,
        expiresAt: now + opts.lifetimeMs,
        lastSeenAt: now,
        ip: opts.ip ?? null,
        userAgent: opts.userAgent?.slice(0, 200) ?? null,
      })
      .run();
    tx.update(accounts).set({ lastLoginAt: now }).where(eq(accounts.id, accountId)).run();
    // Expired rows of anyone are dropped here, so the table does not grow without bound.
    tx.delete(sessions).where(sql`${sessions.expiresAt} <= ${now}`).run();
  });
  return value;
}

/** Look up a live session by cookie value and mark it used; disabled accounts have no live sessions. */
export function readSession(db: Db, clock: Clock, value: string, idleMs: number): SessionInfo | null {
  const now = clock.now();
  const idHash = sha256(value);
  const row = db
    .select({
      accountId: sessions.accountId,
      csrfToken: sessions.csrfToken,
      lastSeenAt: sql<number>`coalesce(${sessions.lastSeenAt}, ${sessions.createdAt})`,
      email: accounts.email,
      role: accounts.role,
      disabled: accounts.disabled,
      temporary: accounts.temporaryPasswordUntil,
    })
    .from(sessions)
    .innerJoin(accounts, eq(accounts.id, sessions.accountId))
    .where(and(eq(sessions.idHash, idHash), gt(sessions.expiresAt, now)))
    .get();
  if (!row || row.disabled) return null;
  if (now - row.lastSeenAt >= idleMs) {
    deleteSession(db, value);
    return null;
  }
  if (now - row.lastSeenAt >= TOUCH_RESOLUTION_MS) {
    db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.idHash, idHash)).run();
  }
  return {
    accountId: row.accountId,
    email: row.email,
    role: row.role,
    csrfToken: row.csrfToken,
    idHash,
    mustChangePassword: row.temporary !== null,
  };
}

/** End a session (sign-out). */
export function deleteSession(db: Db, value: string): void {
  db.delete(sessions)
    .where(eq(sessions.idHash, sha256(value)))
    .run();
}

export interface SessionListRow {
  idHash: string;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
  ip: string | null;
  userAgent: string | null;
}

/** An account's live sessions, most recently used first. */
export function listSessions(db: Db, accountId: string, now: number, idleMs: number): SessionListRow[] {
  const lastSeen = sql<number>`coalesce(${sessions.lastSeenAt}, ${sessions.createdAt})`;
  return db
    .select({
      idHash: sessions.idHash,
      createdAt: sessions.createdAt,
      lastSeenAt: lastSeen,
      expiresAt: sessions.expiresAt,
      ip: sessions.ip,
      userAgent: sessions.userAgent,
    })
    .from(sessions)
    .where(and(eq(sessions.accountId, accountId), gt(sessions.expiresAt, now), sql`${lastSeen} > ${now - idleMs}`))
    .orderBy(desc(lastSeen))
    .all();
}

/** Revoke one session of an account; audited. */
export function revokeSession(db: Db, clock: Clock, actor: Actor, accountId: string, idHash: string): void {
  db.transaction((tx) => {
    const gone = tx
      .delete(sessions)
      .where(and(eq(sessions.accountId, accountId), eq(sessions.idHash, idHash)))
      .run();
    if (gone.changes === 0) throw new NotFoundError('session', idHash.slice(0, 8));
    writeAudit(tx, actor, { activity: 'session.revoke', targetType: 'account', targetId: accountId }, clock.now());
  });
}

/** Sign an account out everywhere (every session ends); audited with the number ended. */
export function endAllSessions(db: Db, clock: Clock, actor: Actor, accountId: string): number {
  return db.transaction((tx) => {
    const gone = tx.delete(sessions).where(eq(sessions.accountId, accountId)).run();
    writeAudit(
      tx,
      actor,
      { activity: 'session.revoke_all', targetType: 'account', targetId: accountId, after: { ended: gone.changes } },
      clock.now(),
    );
    return gone.changes;
  });
}
