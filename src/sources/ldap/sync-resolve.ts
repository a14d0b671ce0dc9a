/**
 * The second half of an import, once every entry is in: DN references become directory ids (a user's manager,
 * a group's members, nested groups included), and a full import soft-deletes what the source no longer has,
 * unless there are more deletions than the threshold allows.
 */

import { applySourceBatch, type Member } from '../../directory/source-batch';
import { getUser } from '../../directory/users';
import { normaliseDn } from './dn';
import { liveOwned, type Owned } from './sync-lookup';
import { byDn, failed, type ImportRun, log } from './sync-objects';

// Short transactions with the event loop free between them, as the import's pages (sync-objects.ts).
const BATCH = 100;

async function inBatches<T>(items: readonly T[], fn: (part: readonly T[]) => void) {
  for (let i = 0; i < items.length; i += BATCH) {
    if (i > 0) await new Promise<void>((r) => setImmediate(r));
    fn(items.slice(i, i + BATCH));
  }
}

/** Set managers and group members from their DNs; a DN the source does not own is not a reference. */
export async function resolveReferences(run: ImportRun): Promise<void> {
  if (run.managers.length === 0 && run.members.length === 0) return;
  const index = byDn(run);
  const idOf = (dn: string | null) => (dn ? (index.get(normaliseDn(dn)) ?? null) : null);
  await inBatches(run.managers, (part) =>
    applySourceBatch(run.dir, (w) => {
      for (const { userId, managerDn } of part) {
        const ref = idOf(managerDn);
        const manager = ref?.type === 'user' && ref.id !== userId ? ref.id : null;
        const err = w.each(() => {
          const current = getUser(w.tx as never, userId);
          const before = w.updateUser(current, { manager });
          if (before)
            log(run, w, {
              action: 'update',
              objectType: 'user',
              objectId: userId,
              displayName: current.displayName ?? current.userPrincipalName,
              externalId: null,
              request: `manager ${managerDn ?? '(none)'}`,
              before,
              after: { manager },
            });
        });
        if (err) failed(run, w, 'user', managerDn ?? userId, err);
      }
    }),
  );
  await inBatches(run.members, (part) =>
    applySourceBatch(run.dir, (w) => {
      for (const { groupId, memberDns } of part) {
        const members: Member[] = [];
        for (const dn of memberDns) {
          const ref = idOf(dn);
          if (ref) members.push({ id: ref.id, type: ref.type });
        }
        const err = w.each(() => {
          const r = w.setMembers(groupId, members);
          if (r.added + r.removed > 0) {
            if (!run.createdGroups.has(groupId)) run.counts.updated++;
            log(run, w, {
              action: 'update',
              objectType: 'group',
              objectId: groupId,
              displayName: null,
              externalId: null,
              request: 'member',
              before: { membersRemoved: r.removed },
              after: { membersAdded: r.added },
            });
          }
        });
        if (err) failed(run, w, 'group', groupId, err);
      }
    }),
  );
}

/**
 * Soft-delete the source's live objects whose anchors a full import did not see. Returns a message when the
 * threshold held them back (nothing is deleted then), or null.
 */
export async function reconcileDeletes(run: ImportRun, allowDeletes: boolean): Promise<string | null> {
  const gone: { type: Owned; id: string; anchor: string | null }[] = [];
  for (const type of ['user', 'group'] as const)
    for (const o of liveOwned(run.dir.db, run.source.id, type))
      if (!o.anchor || !run.seen[type].has(o.anchor)) gone.push({ type, id: o.id, anchor: o.anchor });
  const threshold = run.settings.deletionThreshold;
  if (threshold > 0 && gone.length > threshold && !allowDeletes)
    return (
      `${gone.length} deletions held back: more than the threshold of ${threshold}. ` +
      'Check the source (a wrong base DN or filter looks like a mass delete), then run a full sync with "allow deletes".'
    );
  await inBatches(gone, (part) =>
    applySourceBatch(run.dir, (w) => {
      for (const o of part) {
        const done = o.type === 'user' ? w.setUserDeleted(o.id, true) : w.setGroupDeleted(o.id, true);
        if (!done) continue;
        run.counts.deleted++;
        log(run, w, {
          action: 'delete',
          objectType: o.type,
          objectId: o.id,
          displayName: null,
          externalId: o.anchor,
          request: 'reconcile: no longer in the source',
        });
      }
    }),
  );
  return null;
}
