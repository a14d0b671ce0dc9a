/** Accounts (people who sign in) and API tokens (automation). Passwords scrypt-hashed, tokens sha256-hashed. */
import crypto from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { accounts, apiTokens } from '../../db/schema';
import { writeAudit } from '../audit/audit-log';
import type { Clock } from '../clock';
import { ConflictError, ValidationError } from '../errors';
import { DUMMY_HASH_PROMISE, generatePassword, hashPassword, sha256, verifyPassword } from './passwords';
import { type Actor, ROLES, type Role } from './roles';

export type Account = typeof accounts.$inferSelect;

const EMAIL = /^[^\s@]+@[^\s@]+$/;

function checkRole(role: string): Role {
  if (!ROLES.includes(role as Role)) {
    throw new ValidationError(`role must be one of ${ROLES.join(', ')}`, [{ path: 'role', message: 'unknown role' }]);
  }
  return role as Role;
}

/** Create an account; returns it and the password (generated when not given), shown once. */
export async function createAccount(
  db: Db,
  clock: Clock,
  actor: Actor,
  input: { email: string; role: string; password?: string },
): Promise<{ account: Account; password: string }> {
  const email = input.email.trim();
  if (!EMAIL.test(email))
    throw new ValidationError('email is not an email address', [{ path: 'email', message: 'invalid' }]);
  const role = checkRole(input.role);
  const password = input.password ?? generatePassword();
  if (password.length < 12) {
    throw new ValidationError('password must be at least 12 characters', [{ path: 'password', message: 'too short' }]);
  }
  const passwordHash = await hashPassword(password);
  const existing = db
    .select({ id: accounts.id })
    .from(accounts)
    .where(sql`lower(${accounts.email}) = lower(${email})`)
    .get();
  if (existing) throw new ConflictError('account_exists', `An account for ${email} already exists`);
  const account: Account = {
    id: crypto.randomUUID(),
    email,
    passwordHash,
    role,
    disabled: false,
    createdAt: clock.now(),
    lastLoginAt: null,
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

/** Replace an account's password (CLI reset / demo); audited. */
export async function setPassword(
  db: Db,
  clock: Clock,
  actor: Actor,
  accountId: string,
  password: string,
): Promise<void> {
  const passwordHash = await hashPassword(password);
  db.transaction((tx) => {
    tx.update(accounts).set({ passwordHash }).where(eq(accounts.id, accountId)).run();
    writeAudit(
      tx,
      actor,
      { activity: 'account.password_reset', targetType: 'account', targetId: accountId },
      clock.now(),
    );
  });
}

/** Check credentials; spends the same time whether or not the account exists (no user enumeration). */
export async function authenticate(db: Db, email: string, password: string): Promise<Account | null> {
  const account = db.select().from(accounts).where(sql`lower(${accounts.email}) = lower(${email.trim()})`).get();
  const ok = await verifyPassword(password, account?.passwordHash ?? (await DUMMY_HASH_PROMISE));
  return account && ok && !account.disabled ? account : null;
}

/** Find an account by email (case-insensitive). */
export function findAccountByEmail(db: Db, email: string): Account | undefined {
  return db.select().from(accounts).where(sql`lower(${accounts.email}) = lower(${email.trim()})`).get();
}

/** Count accounts; the server tells how to create the first admin when there are none. */
export function countAccounts(db: Db): number {
  return db.select({ n: sql<number>`count(*)` }).from(accounts).get()?.n ?? 0;
}

/** Create an API token; the plain token is returned once and only its hash is stored. */
export function createApiToken(db: Db, clock: Clock, actor: Actor, input: { name: string; role: string }) {
  const name = input.name.trim();
  if (!name) throw new ValidationError('name is required', [{ path: 'name', message: 'required' }]);
  const role = checkRole(input.role);
  const token = `pvs_${crypto.randomBytes(32).toString('base64url')}`;
  const row = { id: crypto.randomUUID(), name, role, tokenHash: sha256(token), createdAt: clock.now() };
  db.transaction((tx) => {
    tx.insert(apiTokens).values(row).run();
    writeAudit(
      tx,
      actor,
      { activity: 'token.create', targetType: 'api_token', targetId: row.id, after: { name, role } },
      clock.now(),
    );
  });
  return { id: row.id, name, role, token };
}

/** Resolve a presented bearer token to its row (not revoked), bumping last-used. */
export function findApiToken(db: Db, clock: Clock, token: string) {
  const row = db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, sha256(token)), isNull(apiTokens.revokedAt)))
    .get();
  if (row) db.update(apiTokens).set({ lastUsedAt: clock.now() }).where(eq(apiTokens.id, row.id)).run();
  return row;
}
