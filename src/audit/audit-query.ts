/**
 * Audit-log search: filters (actor, activity, application, date range, text), newest first, keyset-paged by
 * id; and the before/after diff the page shows. Read-only on purpose: no route edits or deletes audit rows.
 */
import { z } from 'zod';
import type { Db } from '../../db/client';
import { ValidationError } from '../kernel/errors';
import { parseOrThrow } from '../kernel/parse';

const empty = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const opt = <T extends z.ZodType>(s: T) => z.preprocess(empty, s.optional());
const date = z
  .string()
  .trim()
  .refine((v) => !Number.isNaN(Date.parse(v)), 'must be a date')
  .transform((v) => Date.parse(v));

export const auditQuerySchema = z.object({
  actor: opt(z.string().trim().max(200)),
  /** Exact activity ("cycle.run_now") or a family prefix ending in a dot ("auth."). */
  activity: opt(z.string().trim().max(100)),
  appId: opt(z.string().trim().max(200)),
  result: opt(z.enum(['success', 'failure'])),
  from: opt(date),
  to: opt(date),
  q: opt(z.string().trim().max(200)),
  cursor: opt(z.coerce.number().int().positive()),
  limit: z.preprocess(empty, z.coerce.number().int().min(1).max(500).default(50)),
});

export type AuditQuery = z.infer<typeof auditQuerySchema>;

export interface AuditRow {
  id: number;
  at: number;
  actorType: string;
  actorId: string | null;
  actorName: string;
  activity: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  result: string;
  before: string | null;
  after: string | null;
}

/** Parse query-string filters; ValidationError names the bad ones. */
export function parseAuditQuery(params: Record<string, string | undefined>): AuditQuery {
  const q = parseOrThrow(auditQuerySchema, params, 'audit filter');
  if (q.from !== undefined && q.to !== undefined && q.from > q.to) {
    throw new ValidationError('"from" must be before "to"', [{ path: 'from', message: 'after "to"' }]);
  }
  return q;
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);

/** One page, newest first, plus the cursor of the next page (null at the end). */
export function searchAudit(db: Db, q: AuditQuery): { rows: AuditRow[]; next: number | null } {
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (q.actor) {
    where.push("(actor_name LIKE ? ESCAPE '\\' OR actor_id = ?)");
    args.push(`%${likeEscape(q.actor)}%`, q.actor);
  }
  if (q.activity) {
    if (q.activity.endsWith('.')) {
      where.push("activity LIKE ? ESCAPE '\\'");
      args.push(`${likeEscape(q.activity)}%`);
    } else {
      where.push('activity = ?');
      args.push(q.activity);
    }
  }
  if (q.appId) {
    where.push("target_type = 'application' AND target_id = ?");
    args.push(q.appId);
  }
  if (q.result) {
    where.push('result = ?');
    args.push(q.result);
  }
  if (q.from !== undefined) {
    where.push('at >= ?');
    args.push(q.from);
  }
  if (q.to !== undefined) {
    where.push('at <= ?');
    args.push(q.to);
  }
  if (q.q) {
    const like = `%${likeEscape(q.q)}%`;
    const cols = ['activity', 'actor_name', 'target_id', 'ip', 'before', 'after'];
    where.push(`(${cols.map((c) => `${c} LIKE ? ESCAPE '\\'`).join(' OR ')})`);
    args.push(like, like, like, like, like, like);
  }
  if (q.cursor !== undefined) {
    where.push('id < ?');
    args.push(q.cursor);
  }
  const sql = `SELECT id, at, actor_type AS actorType, actor_id AS actorId, actor_name AS actorName, activity,
    target_type AS targetType, target_id AS targetId, ip, result, before, after FROM audit_log
    ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
  const rows = db.$client.prepare(sql).all(...args, q.limit + 1) as AuditRow[];
  const more = rows.length > q.limit;
  if (more) rows.pop();
  return { rows, next: more ? (rows.at(-1)?.id ?? null) : null };
}

/**
 * The distinct activities recorded so far (for the filter's choices): a loose index scan over
 * audit_activity_idx, one seek per distinct value instead of reading every row.
 */
export function auditActivities(db: Db): string[] {
  const rows = db.$client
    .prepare(
      `WITH RECURSIVE t(activity) AS (
         SELECT min(activity) FROM audit_log
         UNION ALL SELECT (SELECT min(activity) FROM audit_log WHERE activity > t.activity) FROM t WHERE t.activity IS NOT NULL
       ) SELECT activity FROM t WHERE activity IS NOT NULL`,
    )
    .all() as { activity: string }[];
  return rows.map((r) => r.activity);
}
