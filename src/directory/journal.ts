/**
 * The change journal: every directory write appends a row with a monotonic seq, in the same transaction
 * as the write. Incremental cycles read entries after their watermark; listeners nudge the affected jobs.
 */
import { and, asc, gt, lte, max } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { directoryChanges } from '../../db/schema';

export type ChangeKind =
  | 'create'
  | 'update'
  | 'soft_delete'
  | 'restore'
  | 'hard_delete'
  | 'assign'
  | 'unassign'
  // A group's members changed (the group and the groups above it), or a user's group memberships did.
  | 'membership';

export interface DirectoryChange {
  objectType: 'user' | 'group' | 'assignment';
  objectId: string;
  appId?: string | null;
  kind: ChangeKind;
}

/** Called after a write commits, so schedulers can react within seconds. */
export type ChangeListener = (changes: DirectoryChange[]) => void;

type Tx = Pick<Db, 'insert'>;

/** Append journal entries inside the caller's transaction. */
export function appendChanges(tx: Tx, changes: DirectoryChange[], now: number): void {
  if (changes.length === 0) return;
  tx.insert(directoryChanges)
    .values(
      changes.map((c) => ({
        objectType: c.objectType,
        objectId: c.objectId,
        appId: c.appId ?? null,
        kind: c.kind,
        at: now,
      })),
    )
    .run();
}

/** Highest seq written so far (0 when the journal is empty). */
export function journalHead(db: Db): number {
  return (
    db
      .select({ seq: max(directoryChanges.seq) })
      .from(directoryChanges)
      .get()?.seq ?? 0
  );
}

/** Journal entries in (after, upTo], oldest first. */
export function changesBetween(db: Db, after: number, upTo: number) {
  return db
    .select()
    .from(directoryChanges)
    .where(and(gt(directoryChanges.seq, after), lte(directoryChanges.seq, upTo)))
    .orderBy(asc(directoryChanges.seq))
    .all();
}
