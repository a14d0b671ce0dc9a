/**
 * The intent of a SCIM write, durable before the request leaves (issue 16 item 4). Without it, a process
 * killed between a target's 201 and the transaction that records it leaves a user the next cycle finds and
 * adopts, and the log never says Provisio created it.
 *
 * Intents queue in memory and are inserted together, in one transaction per tick of the event loop, so
 * workers that reach their write at the same time share a commit; each caller's request waits for that
 * commit. An intent is deleted in the transaction that writes its object's outcome (`dropIntents`). WAL
 * with synchronous=NORMAL keeps a committed transaction through a process kill (not a power cut).
 *
 * Statements are prepared once per connection (as log/write.ts does): this runs once per write.
 */
import crypto from 'node:crypto';
import type Database from 'better-sqlite3';
import { and, asc, eq, ne } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { scimIntents } from '../../../db/schema';
import { connectionOf, type LogWriter } from '../../log/write';

/** This process: intents carrying another boot id were left by a process that is gone. */
export const BOOT_ID = crypto.randomUUID();

export type IntentAction = 'create' | 'update' | 'disable' | 'delete';

export interface NewIntent {
  appId: string;
  cycleId: string;
  objectType: 'user' | 'group';
  sourceId: string;
  sourceDisplayName: string | null;
  action: IntentAction;
  targetId: string | null;
  method: string;
  path: string;
  /** A create's matching attributes as [path, value] in precedence order; an update's patched paths. */
  detail: unknown;
}

const COLUMNS = [
  'id',
  'app_id',
  'boot_id',
  'cycle_id',
  'object_type',
  'source_id',
  'source_display_name',
  'action',
  'target_id',
  'method',
  'path',
  'detail',
  'created_at',
] as const;
const INSERT_SQL = `INSERT INTO scim_intents (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`;
const DELETE_SQL = 'DELETE FROM scim_intents WHERE id = ?';

interface Statements {
  insert: Database.Statement<unknown[]>;
  remove: Database.Statement<unknown[]>;
}
const prepared = new WeakMap<Database.Database, Statements>();

function statementsOf(client: Database.Database): Statements {
  let s = prepared.get(client);
  if (!s) {
    s = { insert: client.prepare<unknown[]>(INSERT_SQL), remove: client.prepare<unknown[]>(DELETE_SQL) };
    prepared.set(client, s);
  }
  return s;
}

interface Queued {
  params: unknown[];
  resolve: () => void;
  reject: (err: unknown) => void;
}
// One queue per connection; flushed by the setImmediate its first entry scheduled.
const queues = new WeakMap<Database.Database, Queued[]>();

function flush(client: Database.Database): void {
  const batch = queues.get(client) ?? [];
  queues.delete(client);
  try {
    const { insert } = statementsOf(client);
    client.transaction(() => {
      for (const q of batch) insert.run(...q.params);
    })();
  } catch (err) {
    for (const q of batch) q.reject(err);
    return;
  }
  for (const q of batch) q.resolve();
}

/** Queue an intent; resolves with its id once it is committed (the request may leave then, not before). */
export function recordIntent(db: Db, intent: NewIntent, now: number): Promise<string> {
  const client = db.$client;
  const id = crypto.randomUUID();
  const params = [
    id,
    intent.appId,
    BOOT_ID,
    intent.cycleId,
    intent.objectType,
    intent.sourceId,
    intent.sourceDisplayName,
    intent.action,
    intent.targetId,
    intent.method,
    intent.path,
    JSON.stringify(intent.detail),
    now,
  ];
  return new Promise((resolve, reject) => {
    let queue = queues.get(client);
    if (!queue) {
      queue = [];
      queues.set(client, queue);
      setImmediate(() => flush(client));
    }
    queue.push({ params, resolve: () => resolve(id), reject });
  });
}

/** Delete intents inside the caller's transaction (the one writing their outcome). */
export function dropIntents(tx: LogWriter, ids: readonly string[]): void {
  if (ids.length === 0) return;
  const { remove } = statementsOf(connectionOf(tx));
  for (const id of ids) remove.run(id);
}

export type LeftIntent = typeof scimIntents.$inferSelect;

/** The app's intents left by a process that is gone, oldest first (those of this process are in flight). */
export function leftIntents(db: Db, appId: string): LeftIntent[] {
  return db
    .select()
    .from(scimIntents)
    .where(and(eq(scimIntents.appId, appId), ne(scimIntents.bootId, BOOT_ID)))
    .orderBy(asc(scimIntents.createdAt))
    .all();
}

/** Apps with intents left by a process that is gone: start-up runs their cycle, which reconciles them first. */
export function appsWithLeftIntents(db: Db): string[] {
  return db
    .selectDistinct({ appId: scimIntents.appId })
    .from(scimIntents)
    .where(ne(scimIntents.bootId, BOOT_ID))
    .all()
    .map((r) => r.appId);
}
