/**
 * CSV import of memberships: `group,member` rows, the group's displayName and a member's userPrincipalName or
 * group displayName. Memberships are only added: a file is a list of who belongs, not a full replacement.
 * Adding to a group owned by a directory source is refused on the line (the source decides its members); an
 * owned user or group may still join a local group. The API keeps good rows and reports bad ones; the page
 * passes `allOrNothing`, as for groups (csv-import-groups.ts).
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { groupMembers } from '../../db/schema';
import { writeAudit } from '../audit/audit-log';
import type { Actor } from '../kernel/actor';
import { AppError } from '../kernel/errors';
import { dryRun, previewOf, readAllRows, resultOf, type Tx } from './csv-dry-run';
import { type ImportResult, importRefused } from './csv-import';
import { ownedMessage, ownedNames } from './csv-ownership';
import type { PreviewLine } from './csv-preview';
import type { CsvRow } from './csv-read';
import { findGroupByName } from './groups';
import { insertMembers } from './memberships';
import { type DirectoryDeps, findUserByUpn } from './users';

const COLUMNS = { required: ['group', 'member'], allowed: ['group', 'member'] };

function isMember(tx: Tx, groupId: string, memberId: string): boolean {
  const row = tx
    .select({ id: groupMembers.memberId })
    .from(groupMembers)
    .where(and(eq(groupMembers.groupId, groupId), eq(groupMembers.memberId, memberId)))
    .get();
  return row !== undefined;
}

/** Add every row's member in the caller's transaction; one outcome per line, and the groups that changed. */
function writeMembershipRows(tx: Tx, rows: readonly CsvRow[], now: number) {
  const owned = ownedNames(tx, 'group');
  const lines: PreviewLine[] = [];
  const touched = new Set<string>();
  for (const { line, record } of rows) {
    const groupName = (record.group ?? '').trim();
    const memberName = (record.member ?? '').trim();
    const name = `${groupName} ← ${memberName}`;
    const error = (detail: string) => lines.push({ line, name, outcome: 'error', detail });
    const group = findGroupByName(tx, groupName);
    if (!group) {
      error(`No group named ${record.group}`);
      continue;
    }
    const user = memberName.includes('@') ? findUserByUpn(tx as unknown as Db, memberName) : undefined;
    const sub = user ? undefined : findGroupByName(tx, memberName);
    const member = user ? { id: user.id, type: 'user' as const } : sub ? { id: sub.id, type: 'group' as const } : null;
    if (!member) {
      error(`No user with userPrincipalName or group named ${memberName}`);
      continue;
    }
    const source = owned.get(group.displayName.toLowerCase());
    if (source) {
      // Already a member changes nothing, so it is not refused (a re-imported export passes).
      if (isMember(tx, group.id, member.id))
        lines.push({ line, name, outcome: 'unchanged', detail: 'already a member' });
      else error(ownedMessage(group.displayName, source));
      continue;
    }
    try {
      const added = insertMembers(tx, group.id, [member], now);
      if (added.length > 0) touched.add(group.id);
      lines.push(
        added.length > 0
          ? { line, name, outcome: 'create', detail: '' }
          : { line, name, outcome: 'unchanged', detail: 'already a member' },
      );
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      error(err.message);
    }
  }
  return { lines, touched };
}

/** Import memberships from CSV text; `created` counts memberships added. */
export async function importMembershipsCsv(
  deps: DirectoryDeps,
  actor: Actor,
  text: string,
  opts: { allOrNothing?: boolean } = {},
): Promise<ImportResult> {
  const rows = await readAllRows(text, COLUMNS);
  const now = deps.clock.now();
  const { result, touched } = deps.db.transaction((tx) => {
    const written = writeMembershipRows(tx, rows, now);
    const r = resultOf(written.lines);
    if (opts.allOrNothing && r.errors.length > 0) throw importRefused(r.errors);
    const after = { added: r.created, errors: r.errors.length };
    writeAudit(tx, actor, { activity: 'directory.import.memberships', targetType: 'directory', after }, now);
    return { result: r, touched: written.touched };
  });
  deps.onChange(
    [...touched].map((id) => ({ objectType: 'group' as const, objectId: id, kind: 'membership' as const })),
  );
  return result;
}

/** What a memberships CSV would do, line by line, without writing (the import's writes, rolled back). */
export async function previewMembershipsCsv(db: Db, text: string, limit = 1000) {
  const rows = await readAllRows(text, COLUMNS);
  return previewOf(
    dryRun(db, (tx) => writeMembershipRows(tx, rows, Date.now()).lines),
    limit,
  );
}
