/**
 * Log retention: the setting (days, default 180, or forever), batched purges and the figures the settings
 * page shows. A purge deletes at most `batchSize` rows per transaction and yields between batches, so engine
 * writers (which share the connection) wait for one batch at most. FTS follows through the delete trigger.
 */
import { eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { logRequests, provisioningLog, settings } from '../../db/schema';
import { writeAudit } from '../audit/audit-log';
import type { Actor } from '../kernel/actor';
import type { Clock } from '../kernel/clock';
import { ValidationError } from '../kernel/errors';

export const RETENTION_KEY = 'log.retentionDays';
export const DEFAULT_RETENTION_DAYS = 180;
export const PURGE_BATCH = 5000;
const DAY = 24 * 3600e3;

/** Days to keep log rows, or null for forever. */
export type RetentionDays = number | null;

const retentionSchema = z.union([z.literal('forever'), z.coerce.number().int().min(1).max(36_500)]);

/** Parse what a form or API sent ("forever" or a number of days), or throw ValidationError. */
export function parseRetention(input: unknown): RetentionDays {
  const r = retentionSchema.safeParse(typeof input === 'string' ? input.trim().toLowerCase() : input);
  if (!r.success)
    throw new ValidationError('Retention must be a number of days from 1 to 36,500, or "forever"', [
      { path: 'retentionDays', message: 'invalid' },
    ]);
  return r.data === 'forever' ? null : r.data;
}

/** The configured retention (the default when never set). */
export function getRetention(db: Db): RetentionDays {
  const row = db.select().from(settings).where(eq(settings.key, RETENTION_KEY)).get();
  if (!row) return DEFAULT_RETENTION_DAYS;
  const v: unknown = JSON.parse(row.value);
  return typeof v === 'number' ? v : null;
}

/** Store the retention (unaudited: `updateRetention` is the audited change). */
export function setRetention(db: Pick<Db, 'insert'>, days: RetentionDays, now: number): void {
  const value = JSON.stringify(days);
  db.insert(settings)
    .values({ key: RETENTION_KEY, value, updatedAt: now })
    .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: now } })
    .run();
}

/** The settings page's save: store the retention and audit its before and after in one transaction. */
export function updateRetention(deps: { db: Db; clock: Clock }, actor: Actor, days: RetentionDays): void {
  const before = getRetention(deps.db);
  const now = deps.clock.now();
  deps.db.transaction((tx) => {
    setRetention(tx, days, now);
    writeAudit(
      tx,
      actor,
      {
        activity: 'logs.retention.update',
        targetType: 'settings',
        targetId: RETENTION_KEY,
        before: { retentionDays: before ?? 'forever' },
        after: { retentionDays: days ?? 'forever' },
      },
      now,
    );
  });
}

/** Delete one batch of rows older than `cutoff` (and their requests); returns how many rows went. */
export function purgeBatch(db: Db, cutoff: number, batchSize = PURGE_BATCH): number {
  return db.$client.transaction(() => {
    const ids = db
      .select({ id: provisioningLog.id })
      .from(provisioningLog)
      .where(sql`${provisioningLog.activityDateTime} < ${cutoff}`)
      .orderBy(provisioningLog.activityDateTime)
      .limit(batchSize)
      .all()
      .map((r) => r.id);
    if (ids.length === 0) return 0;
    db.delete(logRequests).where(inArray(logRequests.changeId, ids)).run();
    db.delete(provisioningLog).where(inArray(provisioningLog.id, ids)).run();
    return ids.length;
  })();
}

/** Purge every row older than the retention, batch by batch; returns the number of rows deleted. */
export async function purgeExpiredLogs(
  db: Db,
  now: number,
  opts: { days?: RetentionDays; batchSize?: number; signal?: AbortSignal } = {},
): Promise<number> {
  const days = opts.days === undefined ? getRetention(db) : opts.days;
  if (days === null) return 0;
  const cutoff = now - days * DAY;
  let total = 0;
  for (;;) {
    if (opts.signal?.aborted) return total;
    const n = purgeBatch(db, cutoff, opts.batchSize);
    total += n;
    if (n < (opts.batchSize ?? PURGE_BATCH)) return total;
    await new Promise((r) => setImmediate(r));
  }
}

/** What the settings page shows: rows kept, database size on disk, the oldest row's time. */
export function logStorageStats(db: Db): { rows: number; bytes: number; oldest: number | null } {
  const rows = db.select({ n: sql<number>`count(*)` }).from(provisioningLog).get()?.n ?? 0;
  const oldest = db
    .select({ at: sql<number | null>`min(${provisioningLog.activityDateTime})` })
    .from(provisioningLog)
    .get();
  const pages = Number(db.$client.pragma('page_count', { simple: true }));
  const size = Number(db.$client.pragma('page_size', { simple: true }));
  return { rows, bytes: pages * size, oldest: oldest?.at ?? null };
}
