/**
 * CSV import of memberships: `group,member` rows, the group's displayName and a member's userPrincipalName or
 * group displayName. Memberships are only added: a file is a list of who belongs, not a full replacement.
 * Adding to a group owned by a directory source is refused on the line (the source decides its members); an
 * owned user or group may still join a local group. The API writes the good rows and reports the bad ones;
 * the page passes `allOrNothing`, as for groups. Check, then write in chunks: csv-import-shared.ts.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { groupMembers } from '../../db/schema';
import { writeAudit } from '../audit/audit-log';
import type { Actor } from '../kernel/actor';
import { AppError } from '../kernel/errors';
import { type ImportResult, importRefused } from './csv-import';
import { checkRows, previewOf, readAllRows, resultOf, writeInChunks } from './csv-import-shared';
import { ownedMessage, ownedNames } from './csv-ownership';
import type { PreviewLine } from './csv-preview';
import { type CsvRow, tickBudget } from './csv-read';
import { findGroupByName } from './groups';
import type { Member } from './membership-graph';
import { insertMembers } from './memberships';
import { loadSubgraph } from './memberships-repo';
import type { DirectoryDeps } from './users';
import { findUserByUpn } from './users';

const COLUMNS = { required: ['group', 'member'], allowed: ['group', 'member'] };

interface Checked {
  line: PreviewLine;
  add?: { groupId: string; member: Member };
}

type Reader = Pick<Db, 'select'>;

function isMember(db: Reader, groupId: string, memberId: string): boolean {
  const row = db
    .select({ id: groupMembers.memberId })
    .from(groupMembers)
    .where(and(eq(groupMembers.groupId, groupId), eq(groupMembers.memberId, memberId)))
    .get();
  return row !== undefined;
}

/**
 * Would adding group `child` to `parent` make a group its own member, counting the nestings the file's earlier
 * lines add as well as the directory's? (Two lines can form a loop that neither forms alone.)
 */
function wouldLoop(db: Reader, parent: string, child: string, fileEdges: ReadonlyMap<string, string[]>): boolean {
  const loaded = new Map<string, Member[]>();
  const walked = new Set<string>();
  const seen = new Set([child]);
  const queue = [child];
  while (queue.length > 0) {
    const g = queue.shift() as string;
    if (g === parent) return true;
    if (!walked.has(g)) for (const [k, v] of loadSubgraph(db, g, false)) loaded.set(k, v);
    for (const k of loaded.keys()) walked.add(k);
    walked.add(g);
    const next = [
      ...(loaded.get(g) ?? []).filter((m) => m.type === 'group').map((m) => m.id),
      ...(fileEdges.get(g) ?? []),
    ];
    for (const n of next) {
      if (!seen.has(n)) {
        seen.add(n);
        queue.push(n);
      }
    }
  }
  return false;
}

/** A checker of rows in file order (it remembers the file's adds); reads the directory, writes nothing. */
function membershipChecker(db: Reader) {
  const owned = ownedNames(db, 'group');
  const added = new Set<string>();
  const fileEdges = new Map<string, string[]>();
  return ({ line, record }: CsvRow): Checked => {
    const groupName = (record.group ?? '').trim();
    const memberName = (record.member ?? '').trim();
    const name = `${groupName} ← ${memberName}`;
    const error = (detail: string): Checked => ({ line: { line, name, outcome: 'error', detail } });
    const unchanged: Checked = { line: { line, name, outcome: 'unchanged', detail: 'already a member' } };
    const group = findGroupByName(db, groupName);
    if (!group) return error(`No group named ${record.group}`);
    const user = memberName.includes('@') ? findUserByUpn(db as Db, memberName) : undefined;
    const sub = user ? undefined : findGroupByName(db, memberName);
    const member: Member | null = user ? { id: user.id, type: 'user' } : sub ? { id: sub.id, type: 'group' } : null;
    if (!member) return error(`No user with userPrincipalName or group named ${memberName}`);
    const pair = `${group.id} ${member.id}`;
    if (added.has(pair) || isMember(db, group.id, member.id)) return unchanged;
    const source = owned.get(group.displayName.toLowerCase());
    if (source) return error(ownedMessage(group.displayName, source));
    if (member.type === 'group' && wouldLoop(db, group.id, member.id, fileEdges)) {
      return error(`Group ${sub?.displayName} contains group ${group.displayName}: nesting would loop`);
    }
    added.add(pair);
    if (member.type === 'group') fileEdges.set(group.id, [...(fileEdges.get(group.id) ?? []), member.id]);
    return { line: { line, name, outcome: 'create', detail: '' }, add: { groupId: group.id, member } };
  };
}

async function checkFile(db: Db, text: string, budget = tickBudget()) {
  const rows = await readAllRows(text, COLUMNS, budget);
  return checkRows(rows, membershipChecker(db), budget);
}

/** Import memberships from CSV text; `created` counts memberships added. */
export async function importMembershipsCsv(
  deps: DirectoryDeps,
  actor: Actor,
  text: string,
  opts: { allOrNothing?: boolean; budgetMs?: number } = {},
): Promise<ImportResult> {
  const budget = tickBudget(opts.budgetMs);
  const checked = await checkFile(deps.db, text, budget);
  const lines = checked.map((c) => c.line);
  if (opts.allOrNothing) {
    const { errors } = resultOf(lines);
    if (errors.length > 0) throw importRefused(errors);
  }
  const now = deps.clock.now();
  let touched = new Set<string>();
  await writeInChunks(
    deps.db,
    checked.filter((c) => c.add),
    (tx, { line, add }) => {
      if (!add) return;
      try {
        if (insertMembers(tx, add.groupId, [add.member], now).length > 0) touched.add(add.groupId);
        else Object.assign(line, { outcome: 'unchanged', detail: 'already a member' });
      } catch (err) {
        // The directory changed since the check (e.g. a nesting added by another request now loops).
        if (!(err instanceof AppError)) throw err;
        Object.assign(line, { outcome: 'error', detail: err.message });
      }
    },
    () => {
      const changes = [...touched].map((id) => ({
        objectType: 'group' as const,
        objectId: id,
        kind: 'membership' as const,
      }));
      if (changes.length > 0) deps.onChange(changes);
      touched = new Set();
    },
    budget,
  );
  const result = resultOf(lines);
  const after = { added: result.created, errors: result.errors.length };
  deps.db.transaction((tx) =>
    writeAudit(tx, actor, { activity: 'directory.import.memberships', targetType: 'directory', after }, now),
  );
  return result;
}

/** What a memberships CSV would do, line by line, without writing. */
export async function previewMembershipsCsv(db: Db, text: string, limit = 1000) {
  return previewOf(
    (await checkFile(db, text)).map((c) => c.line),
    limit,
  );
}
