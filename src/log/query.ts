/** Provisioning-log search: filter parsing (pure) and keyset-paged queries, newest first. */
import { and, desc, eq, gte, lt, lte, or, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { provisioningLog } from '../../db/schema';
import { parseOrThrow } from '../directory/user-input';
import { ValidationError } from '../errors';

const date = z
  .string()
  .trim()
  .refine((v) => !Number.isNaN(Date.parse(v)), 'must be an ISO date or date-time')
  .transform((v) => Date.parse(v));

const emptyToUndefined = (v: unknown) => (v === '' ? undefined : v);

export const logQuerySchema = z.object({
  appId: z.preprocess(emptyToUndefined, z.string().max(100).optional()),
  status: z.preprocess(emptyToUndefined, z.enum(['success', 'failure', 'skipped', 'warning']).optional()),
  action: z.preprocess(emptyToUndefined, z.enum(['create', 'update', 'delete', 'disable', 'other']).optional()),
  identity: z.preprocess(emptyToUndefined, z.string().trim().max(256).optional()),
  cycleId: z.preprocess(emptyToUndefined, z.string().max(100).optional()),
  from: z.preprocess(emptyToUndefined, date.optional()),
  to: z.preprocess(emptyToUndefined, date.optional()),
  limit: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(1000).default(50)),
  cursor: z.preprocess(emptyToUndefined, z.string().max(200).optional()),
});

export type LogQuery = z.infer<typeof logQuerySchema>;

/** Parse query-string filters (unknown keys ignored), or throw ValidationError naming the bad ones. */
export function parseLogQuery(params: Record<string, string | undefined>): LogQuery {
  const q = parseOrThrow(logQuerySchema, params, 'log filter');
  if (q.from !== undefined && q.to !== undefined && q.from > q.to) {
    throw new ValidationError('"from" must be before "to"', [{ path: 'from', message: 'after "to"' }]);
  }
  return q;
}

/** Cursor = the (time, id) of the last row seen, opaque to clients. */
export function encodeCursor(at: number, id: string): string {
  return Buffer.from(`${at}|${id}`).toString('base64url');
}

function decodeCursor(cursor: string): { at: number; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!at || !id || !/^\d+$/.test(at))
    throw new ValidationError('cursor is not valid', [{ path: 'cursor', message: 'invalid' }]);
  return { at: Number(at), id };
}

function escapeLike(v: string): string {
  return v.replace(/[%_\\]/g, (m) => `\\${m}`);
}

/** The WHERE clause for a query's filters (not the cursor). */
export function logFilterWhere(q: LogQuery): SQL | undefined {
  const t = provisioningLog;
  const like = q.identity ? `%${escapeLike(q.identity.toLowerCase())}%` : undefined;
  return and(
    q.appId ? eq(t.appId, q.appId) : undefined,
    q.status ? eq(t.status, q.status) : undefined,
    q.action ? eq(t.provisioningAction, q.action) : undefined,
    q.cycleId ? eq(t.cycleId, q.cycleId) : undefined,
    q.from !== undefined ? gte(t.activityDateTime, q.from) : undefined,
    q.to !== undefined ? lte(t.activityDateTime, q.to) : undefined,
    like
      ? or(
          eq(t.sourceId, q.identity ?? ''),
          eq(t.targetId, q.identity ?? ''),
          sql`lower(${t.sourceDisplayName}) like ${like} escape '\\'`,
          sql`lower(${t.targetDisplayName}) like ${like} escape '\\'`,
        )
      : undefined,
  );
}

export type LogRow = typeof provisioningLog.$inferSelect;

/** One page of rows, newest first, plus the cursor of the next page (null at the end). */
export function searchLogs(db: Db, q: LogQuery): { items: LogRow[]; nextCursor: string | null } {
  const t = provisioningLog;
  const c = q.cursor ? decodeCursor(q.cursor) : undefined;
  const rows = db
    .select()
    .from(t)
    .where(
      and(
        logFilterWhere(q),
        c ? or(lt(t.activityDateTime, c.at), and(eq(t.activityDateTime, c.at), lt(t.id, c.id))) : undefined,
      ),
    )
    .orderBy(desc(t.activityDateTime), desc(t.id))
    .limit(q.limit + 1)
    .all();
  const more = rows.length > q.limit;
  const items = more ? rows.slice(0, q.limit) : rows;
  const last = items.at(-1);
  return { items, nextCursor: more && last ? encodeCursor(last.activityDateTime, last.id) : null };
}

/** Read one row by change id. */
export function getLogRow(db: Db, id: string): LogRow | undefined {
  return db.select().from(provisioningLog).where(eq(provisioningLog.id, id)).get();
}

/** The API shape of a row (Graph-like nesting, parsed JSON). */
export function logRowJson(r: LogRow) {
  return {
    id: r.id,
    changeId: r.id,
    activityDateTime: new Date(r.activityDateTime).toISOString(),
    appId: r.appId,
    jobId: r.jobId,
    cycleId: r.cycleId,
    provisioningAction: r.provisioningAction,
    durationInMilliseconds: r.durationMs,
    initiatedBy: { initiatorType: r.initiatedByType, displayName: r.initiatedByName },
    sourceIdentity: { id: r.sourceId, displayName: r.sourceDisplayName, identityType: r.sourceType },
    targetIdentity: { id: r.targetId, displayName: r.targetDisplayName, identityType: r.sourceType },
    sourceSystem: { displayName: r.sourceSystem },
    targetSystem: { displayName: r.targetSystem },
    provisioningStatusInfo: {
      status: r.status,
      errorInformation: r.errorCode
        ? {
            errorCode: r.errorCode,
            errorCategory: r.errorCategory,
            reason: r.errorReason,
            recommendedAction: r.recommendedAction,
          }
        : null,
    },
    provisioningSteps: JSON.parse(r.steps) as unknown[],
    modifiedProperties: JSON.parse(r.modifiedProperties) as unknown[],
  };
}
