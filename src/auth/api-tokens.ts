/** API tokens for automation: shown once, stored as sha256, optional expiry, last-used time, revocable. */
import crypto from 'node:crypto';
import { and, desc, eq, gt, isNull, or } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { apiTokens } from '../../db/schema';
import { writeAudit } from '../audit/audit-log';
import type { Clock } from '../clock';
import { NotFoundError, ValidationError } from '../errors';
import { sha256 } from './passwords';
import { type Actor, checkRole } from './roles';

export type ApiTokenRow = Omit<typeof apiTokens.$inferSelect, 'tokenHash'>;

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
    createdBy: actor.name,
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

/** Resolve a presented bearer token to its row (not revoked, not expired), bumping last-used. */
export function findApiToken(db: Db, clock: Clock, token: string) {
  const now = clock.now();
  const row = db
    .select()
    .from(apiTokens)
    .where(
      and(
        eq(apiTokens.tokenHash, sha256(token)),
        isNull(apiTokens.revokedAt),
        or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now)),
      ),
    )
    .get();
  if (row && (row.lastUsedAt === null || now - row.lastUsedAt >= LAST_USED_RESOLUTION_MS)) {
    db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.id)).run();
  }
  return row;
}

/** Every token, newest first, without hashes. */
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
    })
    .from(apiTokens)
    .orderBy(desc(apiTokens.createdAt))
    .all();
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
