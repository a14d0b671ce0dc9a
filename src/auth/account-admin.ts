/**
 * Account administration: role changes, disabling, password resets and changes. The last enabled admin can
 * be neither demoted nor disabled, so the instance can always be administered from the UI.
 */
import { and, asc, eq, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { accounts, sessions } from '../../db/schema';
import { writeAudit } from '../audit/audit-log';
import type { Actor } from '../kernel/actor';
import type { Clock } from '../kernel/clock';
import { ConflictError, NotFoundError, ValidationError } from '../kernel/errors';
import type { Account } from './accounts';
import { setPassword } from './accounts';
import { revokeTokensOf } from './api-tokens';
import { assertPasswordAllowed } from './password-policy';
import { generatePassword, verifyPassword } from './passwords';
import { checkRole } from './roles';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface AccountListRow {
  id: string;
  email: string;
  role: Account['role'];
  disabled: boolean;
  createdAt: number;
  lastLoginAt: number | null;
  sessions: number;
}

/** Every account with its number of stored sessions, by email. */
export function listAccounts(db: Db, now: number): AccountListRow[] {
  return db
    .select({
      id: accounts.id,
      email: accounts.email,
      role: accounts.role,
      disabled: accounts.disabled,
      createdAt: accounts.createdAt,
      lastLoginAt: accounts.lastLoginAt,
      sessions: sql<number>`(select count(*) from ${sessions} where ${sessions.accountId} = ${accounts.id} and ${sessions.expiresAt} > ${now})`,
    })
    .from(accounts)
    .orderBy(asc(sql`lower(${accounts.email})`))
    .all();
}

function load(tx: Pick<Db, 'select'>, id: string): Account {
  const row = tx.select().from(accounts).where(eq(accounts.id, id)).get();
  if (!row) throw new NotFoundError('account', id);
  return row;
}

/** Refuse when `id` is the only enabled admin (checked inside the writing transaction). */
function guardLastAdmin(tx: Tx, target: Account, what: string): void {
  if (target.role !== 'admin' || target.disabled) return;
  const others = tx
    .select({ n: sql<number>`count(*)` })
    .from(accounts)
    .where(and(eq(accounts.role, 'admin'), eq(accounts.disabled, false), ne(accounts.id, target.id)))
    .get();
  if ((others?.n ?? 0) === 0) {
    throw new ConflictError('last_admin', `${target.email} is the last enabled admin and cannot be ${what}`);
  }
}

/** Change an account's role; audited with before and after. */
export function changeRole(db: Db, clock: Clock, actor: Actor, id: string, role: string): void {
  const next = checkRole(role);
  db.transaction((tx) => {
    const target = load(tx, id);
    if (target.role === next) return;
    if (next !== 'admin') guardLastAdmin(tx, target, 'demoted');
    tx.update(accounts).set({ role: next }).where(eq(accounts.id, id)).run();
    writeAudit(
      tx,
      actor,
      {
        activity: 'account.role_change',
        targetType: 'account',
        targetId: id,
        before: { role: target.role },
        after: { role: next },
      },
      clock.now(),
    );
  });
}

/** Disable (ending every session and revoking its API tokens) or enable an account; audited. */
export function setDisabled(db: Db, clock: Clock, actor: Actor, id: string, disabled: boolean): void {
  db.transaction((tx) => {
    const target = load(tx, id);
    if (target.disabled === disabled) return;
    if (disabled) guardLastAdmin(tx, target, 'disabled');
    tx.update(accounts).set({ disabled }).where(eq(accounts.id, id)).run();
    if (disabled) tx.delete(sessions).where(eq(sessions.accountId, id)).run();
    // Its API tokens die with it and stay dead when it is enabled again (see api-tokens.ts); enabling also
    // ends tokens of accounts disabled before that rule, which were only refused while disabled.
    revokeTokensOf(tx, actor, target.email, clock.now(), disabled ? 'creator_disabled' : 'creator_reenabled');
    writeAudit(
      tx,
      actor,
      { activity: disabled ? 'account.disable' : 'account.enable', targetType: 'account', targetId: id },
      clock.now(),
    );
  });
}

/** An admin resets someone's password: a generated one, returned once; every session of theirs ends. */
export async function resetPassword(
  db: Db,
  clock: Clock,
  actor: Actor,
  id: string,
): Promise<{ email: string; password: string }> {
  const target = load(db, id);
  const password = generatePassword();
  await setPassword(db, clock, actor, id, password, { activity: 'account.password_reset', temporary: true });
  return { email: target.email, password };
}

/** People change their own password: the current one is checked; their other sessions end. */
export async function changeOwnPassword(
  db: Db,
  clock: Clock,
  actor: Actor,
  input: { accountId: string; current: string; next: string; currentSessionHash: string },
): Promise<void> {
  const me = load(db, input.accountId);
  if (!(await verifyPassword(input.current, me.passwordHash))) {
    writeAudit(
      db,
      actor,
      { activity: 'account.password_change', targetType: 'account', targetId: me.id, result: 'failure' },
      clock.now(),
    );
    throw new ValidationError('The current password is not correct', [{ path: 'current', message: 'not correct' }]);
  }
  assertPasswordAllowed(input.next, { email: me.email }, 'next');
  await setPassword(db, clock, actor, me.id, input.next, {
    activity: 'account.password_change',
    keepSessionHash: input.currentSessionHash,
  });
}
