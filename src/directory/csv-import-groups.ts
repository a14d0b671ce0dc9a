/**
 * CSV import of groups (upsert by displayName) and of memberships (`group,member` rows: the group's
 * displayName and a member's userPrincipalName or group displayName). Memberships are only added: a file
 * is a list of who belongs, not a full replacement. Bad rows are reported by line; good rows are kept.
 */
import { parse } from 'csv-parse/sync';
import { writeAudit } from '../audit/audit-log';
import type { Actor } from '../kernel/actor';
import { AppError, ValidationError } from '../kernel/errors';
import type { ImportResult } from './csv-import';
import { checkHeader } from './csv-read';
import { createGroupSchema, GROUP_ATTRIBUTES } from './group-input';
import { applyGroupUpdate, findGroupByName, insertGroup } from './groups';
import type { DirectoryChange } from './journal';
import { insertMembers } from './memberships';
import { type DirectoryDeps, findUserByUpn } from './users';

type Row = { record: Record<string, string>; info: { lines: number } };

function parseCsv(text: string, required: readonly string[], allowed: readonly string[]): Row[] {
  let raw: { record: string[]; info: { lines: number } }[];
  try {
    raw = parse(text, {
      skip_empty_lines: true,
      bom: true,
      info: true,
      relax_column_count: false,
    }) as unknown as typeof raw;
  } catch (err) {
    throw new ValidationError(`The CSV could not be parsed: ${(err as Error).message}`);
  }
  const [head, ...body] = raw;
  if (!head) return [];
  // Checked as a list, not through csv-parse's `columns: true`, which turns a `__proto__` column into a
  // prototype write that no key check sees.
  checkHeader(head.record, required, allowed);
  const header = head.record;
  return body.map(({ record, info }) => ({
    record: Object.fromEntries(record.map((v, i) => [header[i] as string, v])),
    info,
  }));
}

/** Import groups from CSV text (header: displayName[,mailNickname][,description]). */
export function importGroupsCsv(deps: DirectoryDeps, actor: Actor, text: string): ImportResult {
  const rows = parseCsv(text, ['displayName'], GROUP_ATTRIBUTES);
  const result: ImportResult = { created: 0, updated: 0, unchanged: 0, errors: [] };
  const changes: DirectoryChange[] = [];
  const now = deps.clock.now();
  const seen = new Set<string>();
  deps.db.transaction((tx) => {
    for (const { record, info } of rows) {
      const parsed = createGroupSchema.safeParse(record);
      if (!parsed.success) {
        const msg = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
        result.errors.push({ line: info.lines, message: msg });
        continue;
      }
      const key = parsed.data.displayName.toLowerCase();
      if (seen.has(key)) {
        result.errors.push({ line: info.lines, message: `Group ${parsed.data.displayName} appears twice in the file` });
        continue;
      }
      seen.add(key);
      const existing = findGroupByName(tx, parsed.data.displayName);
      if (!existing) {
        const g = insertGroup(tx, parsed.data, now);
        changes.push({ objectType: 'group', objectId: g.id, kind: 'create' });
        result.created++;
        continue;
      }
      const present = Object.fromEntries(Object.entries(parsed.data).filter(([k]) => Object.hasOwn(record, k)));
      const r = applyGroupUpdate(tx, existing, present, now);
      if (r) {
        changes.push(r.change);
        result.updated++;
      } else result.unchanged++;
    }
    writeAudit(
      tx,
      actor,
      {
        activity: 'directory.import.groups',
        targetType: 'directory',
        after: { created: result.created, updated: result.updated, errors: result.errors.length },
      },
      now,
    );
  });
  deps.onChange(changes);
  return result;
}

/** Import memberships from CSV text (header: group,member). `created` counts memberships added. */
export function importMembershipsCsv(deps: DirectoryDeps, actor: Actor, text: string): ImportResult {
  const rows = parseCsv(text, ['group', 'member'], ['group', 'member']);
  const result: ImportResult = { created: 0, updated: 0, unchanged: 0, errors: [] };
  const touched = new Set<string>();
  const now = deps.clock.now();
  deps.db.transaction((tx) => {
    for (const { record, info } of rows) {
      const group = findGroupByName(tx, (record.group ?? '').trim());
      if (!group) {
        result.errors.push({ line: info.lines, message: `No group named ${record.group}` });
        continue;
      }
      const name = (record.member ?? '').trim();
      const user = name.includes('@') ? findUserByUpn(deps.db, name) : undefined;
      const sub = user ? undefined : findGroupByName(tx, name);
      if (!user && !sub) {
        result.errors.push({ line: info.lines, message: `No user with userPrincipalName or group named ${name}` });
        continue;
      }
      const member = user ? { id: user.id, type: 'user' as const } : { id: sub?.id as string, type: 'group' as const };
      try {
        const added = insertMembers(tx, group.id, [member], now);
        if (added.length > 0) {
          result.created++;
          touched.add(group.id);
        } else result.unchanged++;
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        result.errors.push({ line: info.lines, message: err.message });
      }
    }
    writeAudit(
      tx,
      actor,
      {
        activity: 'directory.import.memberships',
        targetType: 'directory',
        after: { added: result.created, errors: result.errors.length },
      },
      now,
    );
  });
  deps.onChange(
    [...touched].map((id) => ({ objectType: 'group' as const, objectId: id, kind: 'membership' as const })),
  );
  return result;
}
