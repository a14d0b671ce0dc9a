/** Accounts (people who sign in): creation, password checks and look-ups. Passwords are scrypt-hashed. */
import crypto from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { accounts, sessions } from '../../db/schema';
import { writeAudit } from '../audit/audit-log';
import type { Actor } from '../kernel/actor';
import type { Clock } from '../kernel/clock';
import { ConflictError, ValidationError } from '../kernel/errors';
import { assertPasswordAllowed } from './password-policy';
import { DUMMY_HASH_PROMISE, generatePassword, hashPassword, verifyPassword } from './passwords';
import { checkRole } from './roles';

export { createApiToken, findApiToken } from './api-tokens';

export type Account = typeof accounts.$inferSelect;

const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** A generated password signs in only this long, and only to choose a new one (ASVS 2.3.1). */
export const TEMPORARY_PASSWORD_MS = 72 * 3600_000;

/** Create an account; returns it and the password (generated when not given), shown once. */
export async function createAccount(
  db: Db,
  clock: Clock,
  actor: Actor,
  input: { email: string; role: string; password?: string },
): Promise<{ account: Account; password: string }> {
  const email = input.email.trim();
  if (!EMAIL.test(email) || email.length > 320)
    throw new ValidationError('email is not an email address', [{ path: 'email', message: 'invalid' }]);
  const role = checkRole(input.role);
  const password = input.password ?? generatePassword();
  assertPasswordAllowed(password, { email });
  const passwordHash = await hashPassword(password);
  if (findAccountByEmail(db, email))
    throw new ConflictError('account_exists', `An account for ${email} already exists`);
  const account: Account = {
    id: crypto.randomUUID(),
    email,
    passwordHash,
    role,
    disabled: false,
    createdAt: clock.now(),
    lastLoginAt: null,
    temporaryPasswordUntil: input.password === undefined ? clock.now() + TEMPORARY_PASSWORD_MS : null,
  };
  db.transaction((tx) => {
    tx.insert(accounts).values(account).run();
    writeAudit(
      tx,
      actor,
      { activity: 'account.create', targetType: 'account', targetId: account.id, after: { email, role } },
      clock.now(),
    );
  });
  return { account, password };
}

/**
 * Replace an account's password and end its sessions, except `keepSessionHash` (the caller's own session
 * when people change their own password). Audited as a reset or a change.
 */
export async function setPassword(
  db: Db,
  clock: Clock,
  actor: Actor,
  accountId: string,
  password: string,
  opts: {
    keepSessionHash?: string;
    activity?: 'account.password_reset' | 'account.password_change';
    /** A generated password: it expires and must be replaced at the next sign-in. */
    temporary?: boolean;
  } = {},
): Promise<void> {
  const passwordHash = await hashPassword(password);
  const temporaryPasswordUntil = opts.temporary ? clock.now() + TEMPORARY_PASSWORD_MS : null;
  db.transaction((tx) => {
    tx.update(accounts).set({ passwordHash, temporaryPasswordUntil }).where(eq(accounts.id, accountId)).run();
    tx.delete(sessions)
      .where(
        opts.keepSessionHash
          ? sql`${sessions.accountId} = ${accountId} and ${sessions.idHash} <> ${opts.keepSessionHash}`
          : eq(sessions.accountId, accountId),
      )
      .run();
    writeAudit(
      tx,
      actor,
      { activity: opts.activity ?? 'account.password_reset', targetType: 'account', targetId: accountId },
      clock.now(),
    );
  });
}

/**
 * Check credentials; spends the same time whether or not the account exists (no user enumeration). An expired
 * temporary password fails like a wrong one.
 */
export async function authenticate(db: Db, email: string, password: string, now: number): Promise<Account | null> {
  const account = findAccountByEmail(db, email);
  const ok = await verifyPassword(password, account?.passwordHash ?? (await DUMMY_HASH_PROMISE));
  if (!account || !ok || account.disabled) return null;
  if (account.temporaryPasswordUntil !== null && now >= account.temporaryPasswordUntil) return null;
  return account;
}

/** Find an account by email (case-insensitive). */
export function findAccountByEmail(db: Db, email: string): Account | undefined {
  return db.select().from(accounts).where(sql`lower(${accounts.email}) = lower(${email.trim()})`).get();
}

/** Count accounts; the server tells how to create the first admin when there are none. */
export function countAccounts(db: Db): number {
  return db.select({ n: sql<number>`count(*)` }).from(accounts).get()?.n ?? 0;
}
