/**
 * The `manager` reference (entra.md §3.6, §5.2). In the directory a user's manager is a directory id; a target
 * knows the manager only by its own id. Outbound mappings therefore read `manager` as the manager's TARGET id
 * in this application, through the manager's link, and only while that link is active (the manager is in
 * scope). Until then the source has no manager: the user is exported without one, and when the manager is
 * later linked its reports are journaled for this application, so the next cycle sets the reference.
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { preparedOn } from '../../../db/prepared';
import { users } from '../../../db/schema';
import { appendChanges } from '../../directory/journal';
import type { SourceObject } from '../../mapping/types';
import { getLink } from '../connector-store';
import type { Outcome } from './record-outcome';

/** The source object with `manager` replaced by the manager's target id, or null when it has none yet. */
export function withManagerRef(db: Db, appId: string, source: SourceObject): SourceObject {
  const managerId = source.manager;
  if (typeof managerId !== 'string' || managerId === '') return source;
  const link = getLink(db, appId, managerId);
  return { ...source, manager: link && link.state === 'active' ? link.targetId : null };
}

/**
 * When a user gets its first link in this application (created or adopted), journal an update of each of its
 * reports for this application only, in the same transaction as the link: the reports exported before their
 * manager existed in the target get their reference on the next cycle.
 */
export function journalReportsOnLink(
  db: Db,
  appId: string,
  sourceId: string,
  hadLink: boolean,
  outcome: Outcome,
): Outcome {
  if (hadLink || outcome.status !== 'success' || outcome.target.id === null || !outcome.apply) return outcome;
  const apply = outcome.apply;
  return {
    ...outcome,
    apply(tx, now) {
      apply(tx, now);
      const reports = preparedOn(db, 'engine.reportsOf', () =>
        db
          .select({ id: users.id })
          .from(users)
          .where(and(eq(users.manager, sql.placeholder('manager')), isNull(users.deletedAt)))
          .prepare(),
      ).all({ manager: sourceId });
      appendChanges(
        tx,
        reports.map((r) => ({ objectType: 'user' as const, objectId: r.id, appId, kind: 'update' as const })),
        now,
      );
    },
  };
}
