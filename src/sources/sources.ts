/**
 * Directory sources (issue 14): create (the inbound bearer token is returned once, stored as sha256 like API
 * tokens), list, read, rotate the token, delete. Every write is audited. Deleting a source leaves its users and
 * groups in the directory as local objects (the ownership links cascade away).
 */
import crypto from 'node:crypto';
import { asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { sourceObjects, sources } from '../../db/schema';
import { writeAudit } from '../audit/audit-log';
import type { Actor } from '../kernel/actor';
import type { Clock } from '../kernel/clock';
import { ConflictError, NotFoundError } from '../kernel/errors';
import { parseOrThrow } from '../kernel/parse';

export type SourceRow = Pick<typeof sources.$inferSelect, 'id' | 'type' | 'name' | 'createdAt' | 'updatedAt'>;
// LDAP sources are created by ldap/ldap-source.ts (they need the secret box for the bind password).
export const SOURCE_TYPES = ['scim'] as const;

const createSchema = z
  .object({
    type: z.enum(SOURCE_TYPES).default('scim'),
    name: z.string().trim().min(1).max(100),
  })
  .strict();

const hash = (token: string) => crypto.createHash('sha256').update(token).digest('hex');
const newToken = () => `pvsrc_${crypto.randomBytes(32).toString('base64url')}`;
const publicColumns = {
  id: sources.id,
  type: sources.type,
  name: sources.name,
  createdAt: sources.createdAt,
  updatedAt: sources.updatedAt,
};

/** All sources with how many users and groups each owns. */
export function listSources(db: Db) {
  return db
    .select({
      ...publicColumns,
      users: sql<number>`(select count(*) from ${sourceObjects} where ${sourceObjects.sourceId} = ${sources.id} and ${sourceObjects.objectType} = 'user')`,
      groups: sql<number>`(select count(*) from ${sourceObjects} where ${sourceObjects.sourceId} = ${sources.id} and ${sourceObjects.objectType} = 'group')`,
    })
    .from(sources)
    .orderBy(asc(sql`lower(${sources.name})`))
    .all();
}

/** One source or NotFoundError. */
export function getSource(db: Db, id: string): SourceRow {
  const row = db.select(publicColumns).from(sources).where(eq(sources.id, id)).get();
  if (!row) throw new NotFoundError('Source', id);
  return row;
}

/** Source names are unique case-insensitively (the log and reports name sources by it). */
export function assertSourceNameFree(db: Db, name: string, self?: string): void {
  const taken = db.select({ id: sources.id }).from(sources).where(sql`lower(${sources.name}) = lower(${name})`).get();
  if (taken && taken.id !== self) throw new ConflictError('source_exists', `A source named ${name} already exists`);
}

/** Create a source; the plain inbound token is in the result and nowhere else. */
export function createSource(db: Db, clock: Clock, actor: Actor, body: unknown) {
  const input = parseOrThrow(createSchema, body, 'source');
  assertSourceNameFree(db, input.name);
  const now = clock.now();
  const token = newToken();
  const row = { id: crypto.randomUUID(), type: input.type, name: input.name, createdAt: now, updatedAt: now };
  db.transaction((tx) => {
    tx.insert(sources)
      .values({ ...row, tokenHash: hash(token) })
      .run();
    writeAudit(tx, actor, { activity: 'source.create', targetType: 'source', targetId: row.id, after: input }, now);
  });
  return { source: row, token };
}

/** Replace the inbound token; the old one stops working at once. */
export function rotateSourceToken(db: Db, clock: Clock, actor: Actor, id: string) {
  if (getSource(db, id).type !== 'scim')
    throw new ConflictError(
      'source_has_no_token',
      'Only SCIM sources have an inbound token; an LDAP source is read with its bind DN',
    );
  const now = clock.now();
  const token = newToken();
  db.transaction((tx) => {
    tx.update(sources)
      .set({ tokenHash: hash(token), updatedAt: now })
      .where(eq(sources.id, id))
      .run();
    writeAudit(tx, actor, { activity: 'source.token.rotate', targetType: 'source', targetId: id }, now);
  });
  return { token };
}

/** Delete a source; its objects stay in the directory as local ones. */
export function deleteSource(db: Db, clock: Clock, actor: Actor, id: string): void {
  const current = getSource(db, id);
  const now = clock.now();
  db.transaction((tx) => {
    tx.delete(sourceObjects).where(eq(sourceObjects.sourceId, id)).run();
    tx.delete(sources).where(eq(sources.id, id)).run();
    writeAudit(
      tx,
      actor,
      { activity: 'source.delete', targetType: 'source', targetId: id, before: { name: current.name } },
      now,
    );
  });
}

/**
 * The source a presented inbound token belongs to. The lookup is by hash (an attacker cannot steer it byte by
 * byte), and the stored hash is compared again in constant time.
 */
export function findSourceByToken(db: Db, token: string): SourceRow | undefined {
  if (!token) return undefined;
  const h = hash(token);
  const row = db
    .select({ ...publicColumns, tokenHash: sources.tokenHash })
    .from(sources)
    .where(eq(sources.tokenHash, h))
    .get();
  if (!row?.tokenHash) return undefined;
  const ok = crypto.timingSafeEqual(Buffer.from(row.tokenHash), Buffer.from(h));
  if (!ok) return undefined;
  const { tokenHash: _omit, ...rest } = row;
  return rest;
}
