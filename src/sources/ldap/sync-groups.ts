/**
 * What a group entry does to its directory group: create it (linked by anchor and DN) or update its name and
 * description, restore it when it comes back, follow a rename or move. Its member DNs are resolved once every
 * entry is in (a member may be a group on a later page).
 */
import { createGroupSchema, updateGroupSchema } from '../../directory/group-input';
import type { DirectoryGroup } from '../../directory/groups';
import type { SourceWriter } from '../../directory/source-batch';
import { parseOrThrow } from '../../kernel/parse';
import type { LdapEntry } from './entry';
import { type MappedLdapGroup, mapLdapGroup } from './entry-map';
import { groupsById, sameValues } from './sync-lookup';
import { changeRecord, type ImportRun, importPage, linkNew, log, type PageItem } from './sync-objects';

type Item = PageItem<MappedLdapGroup, DirectoryGroup>;

export async function importGroupPage(run: ImportRun, page: LdapEntry[]): Promise<void> {
  const s = run.settings;
  const items = await importPage(run, page, 'group', {
    map: (e) => mapLdapGroup(e, s.flavor, s.groupMap, run.env, s.anchor),
    load: (ids) => groupsById(run.dir.db, ids),
    unchanged: (item) => {
      if (!item.current || item.current.deletedAt !== null || item.link?.dn !== item.dn) return false;
      const parsed = updateGroupSchema.safeParse(item.mapped.attrs);
      return parsed.success && sameValues(item.current, parsed.data);
    },
    apply: (w, item) => (item.link ? updateOne(run, w, item) : createOne(run, w, item)),
  });
  for (const item of items) if (item.id) run.members.push({ groupId: item.id, memberDns: item.mapped.memberDns });
}

function createOne(run: ImportRun, w: SourceWriter, item: Item): string {
  const input = parseOrThrow(createGroupSchema, item.mapped.attrs, 'group');
  const id = w.createGroup(input).id;
  linkNew(run, w, 'group', id, item.mapped.anchor, item.dn);
  log(run, w, {
    action: 'create',
    objectType: 'group',
    objectId: id,
    displayName: input.displayName,
    externalId: item.mapped.anchor,
    request: item.entry.dn,
    after: input,
  });
  run.counts.created++;
  run.createdGroups.add(id);
  return id;
}

function updateOne(run: ImportRun, w: SourceWriter, item: Item): string {
  const id = (item.link as NonNullable<Item['link']>).objectId;
  const current = item.current as DirectoryGroup;
  const input = parseOrThrow(updateGroupSchema, item.mapped.attrs, 'group');
  const restored = current.deletedAt !== null && w.setGroupDeleted(id, false);
  const before = w.updateGroup(current, input);
  const change = changeRecord(run, w, 'group', item, { before, input, restored });
  if (!change) return id;
  log(run, w, {
    action: 'update',
    objectType: 'group',
    objectId: id,
    displayName: input.displayName ?? current.displayName,
    externalId: item.mapped.anchor,
    request: item.entry.dn,
    ...change,
  });
  run.counts.updated++;
  return id;
}
