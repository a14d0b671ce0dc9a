/**
 * Group commit of object outcomes (issue 16 item 1). Committing each object's outcome in its own
 * transaction cost a BEGIN/COMMIT (and a WAL frame write) per object; outcomes queued in the same tick of
 * the event loop share one transaction instead, flushed from a setImmediate, or at once when the queue
 * reaches MAX_BATCH (a bound on the work one flush does while the event loop waits).
 *
 * The guarantee callers rely on: an outcome's promise resolves only after the transaction holding its
 * writes committed, and rejects if they did not. Each outcome runs inside its own SAVEPOINT of the batch
 * (better-sqlite3 nests `transaction` that way), so one whose writes throw is rolled back and rejected
 * alone while its batch-mates commit; a failed COMMIT rejects them all. Outcomes run in the order they
 * were queued, so two outcomes of the same object never swap.
 *
 * One queue per connection (WeakMap), as intent-store.ts does for intents.
 */
import type Database from 'better-sqlite3';
import type { Db } from '../../../db/client';

/** Outcomes per transaction at most: more would keep the event loop busy longer than a tick should take. */
export const MAX_BATCH = 200;

/**
 * The writes of one outcome, run inside the batch transaction (its savepoint). They get the connection's own
 * drizzle handle: its statements run inside whatever transaction the connection is in, and it saves building
 * a drizzle transaction object per batch.
 */
export type OutcomeWrite = (tx: Db) => void;

interface Queued {
  write: OutcomeWrite;
  resolve: () => void;
  reject: (err: unknown) => void;
}

interface Queue {
  db: Db;
  items: Queued[];
}

const queues = new WeakMap<Database.Database, Queue>();

interface Runners {
  /** The batch's BEGIN … COMMIT: returns the failed outcomes with their errors (rejected, not committed). */
  batch: (items: readonly Queued[], db: Db) => Map<Queued, unknown>;
  /** Called inside the batch, better-sqlite3 runs it in a SAVEPOINT (statements prepared once). */
  inSavepoint: (q: Queued, db: Db) => void;
}
// Built once per connection: a better-sqlite3 transaction function costs a few allocations to create.
const runners = new WeakMap<Database.Database, Runners>();

function runnersOf(client: Database.Database): Runners {
  let r = runners.get(client);
  if (!r) {
    const inSavepoint = client.transaction((q: Queued, db: Db) => q.write(db));
    const batch = client.transaction((items: readonly Queued[], db: Db) => {
      const failed = new Map<Queued, unknown>();
      // A batch of one is its own savepoint: its failure rolls back the transaction, which holds nothing else.
      if (items.length === 1) (items[0] as Queued).write(db);
      else
        for (const q of items) {
          try {
            inSavepoint(q, db);
          } catch (err) {
            // RAISE(ROLLBACK), a full disk and the like end the whole transaction, not just the savepoint:
            // the earlier outcomes are gone too, so fail the batch rather than write the rest outside it.
            if (!client.inTransaction) throw err;
            failed.set(q, err);
          }
        }
      return failed;
    });
    r = { batch, inSavepoint };
    runners.set(client, r);
  }
  return r;
}

function flush(client: Database.Database): void {
  const queue = queues.get(client);
  if (!queue) return;
  queues.delete(client);
  const { db, items } = queue;
  let failed: Map<Queued, unknown>;
  try {
    failed = runnersOf(client).batch(items, db);
  } catch (err) {
    for (const q of items) q.reject(err);
    return;
  }
  for (const q of items) {
    if (failed.has(q)) q.reject(failed.get(q));
    else q.resolve();
  }
}

/**
 * Queue an outcome's writes; resolves once they are committed. Must not be called inside a transaction
 * (a full queue flushes at once, and a flush is a transaction of its own).
 */
export function commitOutcome(db: Db, write: OutcomeWrite): Promise<void> {
  const client = db.$client;
  return new Promise<void>((resolve, reject) => {
    let queue = queues.get(client);
    if (!queue) {
      queue = { db, items: [] };
      queues.set(client, queue);
      setImmediate(() => flush(client));
    }
    queue.items.push({ write, resolve, reject });
    // The setImmediate scheduled for this queue finds it gone (or a newer one, which it flushes early: harmless).
    if (queue.items.length >= MAX_BATCH) flush(client);
  });
}
