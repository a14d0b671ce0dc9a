/**
 * What a user entry does to its directory user: create it (linked by anchor and DN), or update what changed,
 * restore it when it comes back, follow a rename or move, and count a disable. An entry that changes nothing
 * is recognised before any write. The manager's DN becomes the manager's directory id when that user is
 * already known; otherwise it is resolved once every entry is in.
 */
import type { SourceWriter } from '../../directory/source-batch';
import { createUserSchema, updateUserSchema } from '../../directory/user-input';
import type { DirectoryUser } from '../../directory/users';
import { parseOrThrow } from '../../kernel/parse';
import { normaliseDn } from './dn';
import type { LdapEntry } from './entry';
import { type MappedLdapUser, mapLdapUser } from './entry-map';
import { sameValues, usersById } from './sync-lookup';
import { byDn, changeRecord, type ImportRun, importPage, linkNew, log, type PageItem } from './sync-objects';

interface Mapped extends MappedLdapUser {
  /** The directory attributes to write, the manager resolved when it could be (set by `prepare`). */
  input: Record<string, unknown>;
  deferManager: boolean;
}
type Item = PageItem<Mapped, DirectoryUser>;

export async function importUserPage(run: ImportRun, page: LdapEntry[]): Promise<void> {
  const s = run.settings;
  const managesManager = s.userMap.some((m) => m.target === 'manager');
  const items = await importPage(run, page, 'user', {
    map: (e) => ({
      ...mapLdapUser(e, s.flavor, s.userMap, run.env, s.enabledExpression, s.anchor),
      input: {},
      deferManager: false,
    }),
    load: (ids) => usersById(run.dir.db, ids),
    unchanged: (item) => {
      if (!item.current || item.current.deletedAt !== null || item.link?.dn !== item.dn) return false;
      prepare(run, item.mapped, managesManager);
      const parsed = updateUserSchema.safeParse(item.mapped.input);
      return parsed.success && sameValues(item.current, parsed.data);
    },
    // Prepared again at write time: a manager created earlier in this page is known by then.
    apply: (w, item) => {
      prepare(run, item.mapped, managesManager);
      return item.link ? updateOne(run, w, item) : createOne(run, w, item);
    },
  });
  for (const item of items)
    if (item.id && item.mapped.deferManager) run.managers.push({ userId: item.id, managerDn: item.mapped.managerDn });
}

/** The attributes to write, with the manager's id when it can be resolved now (else it waits for the end). */
function prepare(run: ImportRun, m: Mapped, managesManager: boolean): void {
  m.input = { ...m.attrs };
  m.deferManager = false;
  if (!managesManager) return;
  if (m.managerDn === null) {
    m.input.manager = null;
    return;
  }
  const ref = byDn(run).get(normaliseDn(m.managerDn));
  if (ref?.type === 'user') m.input.manager = ref.id;
  else m.deferManager = true;
}

function createOne(run: ImportRun, w: SourceWriter, item: Item): string {
  const input = parseOrThrow(createUserSchema, item.mapped.input, 'user');
  const id = w.createUser(input).id;
  linkNew(run, w, 'user', id, item.mapped.anchor, item.dn);
  log(run, w, {
    action: 'create',
    objectType: 'user',
    objectId: id,
    displayName: input.displayName ?? input.userPrincipalName,
    externalId: item.mapped.anchor,
    request: item.entry.dn,
    after: input,
  });
  run.counts.created++;
  return id;
}

function updateOne(run: ImportRun, w: SourceWriter, item: Item): string {
  const id = (item.link as NonNullable<Item['link']>).objectId;
  const current = item.current as DirectoryUser;
  const input = parseOrThrow(updateUserSchema, item.mapped.input, 'user');
  const restored = current.deletedAt !== null && w.setUserDeleted(id, false);
  const before = w.updateUser(current, input);
  const change = changeRecord(run, w, 'user', item, { before, input, restored });
  if (!change) return id;
  const disabled = current.accountEnabled && input.accountEnabled === false;
  log(run, w, {
    action: disabled ? 'disable' : 'update',
    objectType: 'user',
    objectId: id,
    displayName: current.displayName ?? current.userPrincipalName,
    externalId: item.mapped.anchor,
    request: item.entry.dn,
    ...change,
  });
  if (disabled) run.counts.disabled++;
  else run.counts.updated++;
  return id;
}
