/** The audit log: every configuration change, sign-in and manual action, with secrets redacted. */
import { and, desc, lt } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { auditLog } from '../../db/schema';
import type { Actor } from '../kernel/actor';

export interface AuditEntry {
  activity: string;
  targetType?: string;
  targetId?: string | null;
  result?: 'success' | 'failure';
  before?: unknown;
  after?: unknown;
}

const SECRET_KEYS = /token|secret|password/i;

/** Replace every secret-looking field with "[redacted]" (recursively); the audit must never hold secrets. */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, SECRET_KEYS.test(k) && v != null ? '[redacted]' : redactSecrets(v)]),
    );
  }
  return value;
}

type Tx = Pick<Db, 'insert'>;

/** Write one audit row; pass a transaction to make it atomic with the change it records. */
export function writeAudit(db: Tx, actor: Actor, entry: AuditEntry, now: number): void {
  db.insert(auditLog)
    .values({
      at: now,
      actorType: actor.type,
      actorId: actor.id,
      actorName: actor.name,
      activity: entry.activity,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      ip: actor.ip ?? null,
      result: entry.result ?? 'success',
      before: entry.before === undefined ? null : JSON.stringify(redactSecrets(entry.before)),
      after: entry.after === undefined ? null : JSON.stringify(redactSecrets(entry.after)),
    })
    .run();
}

/** Newest first, keyset-paged by id. */
export function listAudit(db: Db, opts: { limit: number; beforeId?: number }) {
  return db
    .select()
    .from(auditLog)
    .where(and(opts.beforeId ? lt(auditLog.id, opts.beforeId) : undefined))
    .orderBy(desc(auditLog.id))
    .limit(opts.limit)
    .all();
}
