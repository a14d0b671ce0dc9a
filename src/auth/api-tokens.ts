/**
 * API tokens for automation: shown once, stored as sha256, optional expiry, last-used time, revocable.
 *
 * Ownership (issue 12): a token made by a signed-in account belongs to that account and dies with it. While
 * the creator is disabled or deleted the token is refused, and disabling or re-enabling the account revokes
 * its tokens for good (revokeTokensOf): an account is disabled because someone left or was compromised, and
 * re-enabling it must not silently bring back automation credentials nobody may be watching. Tokens made
 * from the command line (or, before this rule, by another token) belong to the instance. A token made by an
 * account's token belongs to that account too, so a token cannot launder itself into an instance token.
 * The owner is `created_by` (the creator's email; emails never change), so no migration was needed.
 */
import crypto from 'node:crypto';
import { and, desc, eq, gt, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { accounts, apiTokens } from '../../db/schema';
import { writeAudit } from '../audit/audit-log';
import type { Actor } from '../kernel/actor';
import type { Clock } from '../kernel/clock';
import { NotFoundError, ValidationError } from '../kernel/errors';
import { sha256 } from './passwords';
import { checkRole } from './roles';

/** Who a token belongs to: the instance, or an account (still active, disabled or deleted). */
export type TokenOwner =
  | { kind: 'instance' }
  | { kind: 'account'; email: string; state: 'active' | 'disabled' | 'deleted' };

export type ApiTokenRow = Omit<typeof apiTokens.$inferSelect, 'tokenHash'> & { owner: TokenOwner };

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** Creators that are not accounts: the CLI, PROVISIO_ADMIN_TOKEN, and (before issue 12) `token:<name>`. */
function namesAnAccount(createdBy: string | null): createdBy is string {
  return createdBy?.includes('@') === true && !createdBy.startsWith('token:');
}

/** The owner from `created_by` and the account row with that email (joined case-insensitively), if any. */
function ownerOf(createdBy: string | null, account: { disabled: boolean } | null): TokenOwner {
  if (account && createdBy)
    return { kind: 'account', email: createdBy, state: account.disabled ? 'disabled' : 'active' };
  return namesAnAccount(createdBy) ? { kind: 'account', email: createdBy, state: 'deleted' } : { kind: 'instance' };
}

const creatorJoin = sql`lower(${accounts.email}) = lower(${apiTokens.createdBy})`;

/** `created_by` for a new token: an account's email, or the owner of the token that is creating it. */
function creatorOf(db: Db, actor: Actor): string {
  if (actor.type !== 'token' || !actor.id) return actor.name;
  const parent = db.select({ createdBy: apiTokens.createdBy }).from(apiTokens).where(eq(apiTokens.id, actor.id)).get();
  return namesAnAccount(parent?.createdBy ?? null) ? (parent?.createdBy ?? actor.name) : actor.name;
}

/** last-used is written at most this often per token, so a busy automation does not write on every call. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** Create an API token; the plain token is returned once and only its hash is stored. */
export function createApiToken(
  db: Db,
  clock: Clock,
  actor: Actor,
  input: { name: string; role: string; expiresAt?: number | null },
) {
  const name = input.name.trim();
  if (!name) throw new ValidationError('name is required', [{ path: 'name', message: 'required' }]);
  if (name.length > 100) throw new ValidationError('name is too long', [{ path: 'name', message: 'at most 100' }]);
  const role = checkRole(input.role);
  const now = clock.now();
  const expiresAt = input.expiresAt ?? null;
  if (expiresAt !== null && expiresAt <= now) {
    throw new ValidationError('expiry must be in the future', [{ path: 'expiresAt', message: 'in the past' }]);
  }
  const token = `pvs_${crypto.randomBytes(32).toString('base64url')}`;
  const row = {
    id: crypto.randomUUID(),
    name,
    role,
    tokenHash: sha256(token),
    createdAt: now,
    expiresAt,
    createdBy: creatorOf(db, actor),
  };
  db.transaction((tx) => {
    tx.insert(apiTokens).values(row).run();
    writeAudit(
      tx,
      actor,
      { activity: 'token.create', targetType: 'api_token', targetId: row.id, after: { name, role, expiresAt } },
      now,
    );
  });
  return { id: row.id, name, role, expiresAt, token };
}

/**
 * Resolve a presented bearer token to its row (not revoked, not expired, its creator account neither disabled
 * nor deleted), bumping last-used.
 */
export function findApiToken(db: Db, clock: Clock, token: string) {
  const now = clock.now();
  const found = db
    .select({ token: apiTokens, creatorDisabled: accounts.disabled })
    .from(apiTokens)
    .leftJoin(accounts, creatorJoin)
    .where(
      and(
        eq(apiTokens.tokenHash, sha256(token)),
        isNull(apiTokens.revokedAt),
        or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now)),
      ),
    )
    .get();
  if (!found) return undefined;
  const row = found.token;
  const owner = ownerOf(row.createdBy, found.creatorDisabled === null ? null : { disabled: found.creatorDisabled });
  if (owner.kind === 'account' && owner.state !== 'active') return undefined;
  if (row.lastUsedAt === null || now - row.lastUsedAt >= LAST_USED_RESOLUTION_MS) {
    db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.id)).run();
  }
  return row;
}

/** Every token, newest first, without hashes, with its owner. */
export function listApiTokens(db: Db): ApiTokenRow[] {
  return db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      role: apiTokens.role,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
      expiresAt: apiTokens.expiresAt,
      createdBy: apiTokens.createdBy,
      creatorDisabled: accounts.disabled,
    })
    .from(apiTokens)
    .leftJoin(accounts, creatorJoin)
    .orderBy(desc(apiTokens.createdAt))
    .all()
    .map(({ creatorDisabled, ...t }) => ({
      ...t,
      owner: ownerOf(t.createdBy, creatorDisabled === null ? null : { disabled: creatorDisabled }),
    }));
}

/**
 * Revoke every live token an account owns, inside the caller's transaction (disable/enable of the account);
 * each is audited with the reason. Returns how many.
 */
export function revokeTokensOf(tx: Tx, actor: Actor, email: string, now: number, reason: string): number {
  const live = tx
    .select({ id: apiTokens.id, name: apiTokens.name })
    .from(apiTokens)
    .where(and(sql`lower(${apiTokens.createdBy}) = lower(${email})`, isNull(apiTokens.revokedAt)))
    .all();
  for (const t of live) {
    tx.update(apiTokens).set({ revokedAt: now }).where(eq(apiTokens.id, t.id)).run();
    writeAudit(
      tx,
      actor,
      {
        activity: 'token.revoke',
        targetType: 'api_token',
        targetId: t.id,
        before: { name: t.name },
        after: { reason },
      },
      now,
    );
  }
  return live.length;
}

/** Revoke a token (kept for the record); audited. Revoking twice is a no-op. */
export function revokeApiToken(db: Db, clock: Clock, actor: Actor, id: string): void {
  const now = clock.now();
  db.transaction((tx) => {
    const row = tx.select().from(apiTokens).where(eq(apiTokens.id, id)).get();
    if (!row) throw new NotFoundError('api_token', id);
    if (row.revokedAt !== null) return;
    tx.update(apiTokens).set({ revokedAt: now }).where(eq(apiTokens.id, id)).run();
    writeAudit(
      tx,
      actor,
      { activity: 'token.revoke', targetType: 'api_token', targetId: id, before: { name: row.name } },
      now,
    );
  });
}
