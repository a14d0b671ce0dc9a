/**
 * Mapping drafts (issue 15 item 7): mapping and scoping edits kept aside from the published configuration, so
 * an admin can preview their impact and start the new initial cycle once, when publishing. Saving a draft
 * touches neither the application nor its job; publishing goes through `saveConfig`, as setMappings does.
 */
import { eq } from 'drizzle-orm';
import { mappingDrafts } from '../../db/schema';
import { writeAudit } from '../audit/audit-log';
import type { Actor } from '../kernel/actor';
import { ConflictError } from '../kernel/errors';
import { type Application, type AppsDeps, getApplication } from './applications';
import {
  changeCount,
  columnsOf,
  type DraftColumns,
  type DraftPart,
  draftChanges,
  type PartChange,
  partOf,
  versionOf,
} from './mapping-draft-diff';
import { mappingsOf, type ObjectType, saveConfig, scopingOf, validMappings, validScoping } from './mappings';

type Db = AppsDeps['db'];
export type DraftRow = typeof mappingDrafts.$inferSelect;

export interface DraftState {
  /** The published application. */
  published: Application;
  /** The application as the draft would make it (the published one when there is no draft). */
  draft: Application;
  hasDraft: boolean;
  /** The published mappings changed since the draft was taken: publishing is refused. */
  stale: boolean;
  changes: PartChange[];
  changeCount: number;
  updatedAt: number | null;
  updatedBy: string | null;
}

/** The list a stored column means: mappings with template defaults, scoping filters. */
function effective(app: Application) {
  return (c: DraftColumns, part: DraftPart): unknown[] => {
    const a = { ...app, ...c };
    const type: ObjectType = part.startsWith('user') ? 'user' : 'group';
    return part.endsWith('Mappings') ? mappingsOf(a, type) : scopingOf(a, type);
  };
}

function readDraft(db: Pick<Db, 'select'>, appId: string): DraftRow | undefined {
  return db.select().from(mappingDrafts).where(eq(mappingDrafts.appId, appId)).get();
}

function stateOf(published: Application, row: DraftRow | undefined): DraftState {
  const draft = row ? { ...published, ...columnsOf(row) } : published;
  const changes = row ? draftChanges(columnsOf(published), columnsOf(row), effective(published)) : [];
  return {
    published,
    draft,
    hasDraft: row !== undefined,
    stale: row !== undefined && row.base !== versionOf(published),
    changes,
    changeCount: changeCount(changes),
    updatedAt: row?.updatedAt ?? null,
    updatedBy: row?.updatedBy ?? null,
  };
}

/** The draft of an app, or the published values with `hasDraft: false`. */
export function getDraft(db: Pick<Db, 'select'>, appId: string): DraftState {
  const published = getApplication(db, appId);
  return stateOf(published, readDraft(db, appId));
}

export interface DraftEdit {
  kind: 'mappings' | 'scoping';
  type: ObjectType;
}

/**
 * Replace one part of the draft (the same body and validation as setMappings / setScoping). A draft that comes
 * back to the published values is removed, so "Draft — not published" always means a real change.
 */
export function putDraft(deps: AppsDeps, actor: Actor, appId: string, edit: DraftEdit, body: unknown): DraftState {
  const published = getApplication(deps.db, appId);
  const json =
    edit.kind === 'mappings'
      ? validMappings(deps, published, edit.type, body).json
      : validScoping(deps, edit.type, body).json;
  const row = readDraft(deps.db, appId);
  const next: DraftColumns = { ...columnsOf(row ?? published), [partOf(edit.kind, edit.type)]: json };
  const same = draftChanges(columnsOf(published), next, effective(published)).length === 0;
  const now = deps.clock.now();
  if (same) deps.db.delete(mappingDrafts).where(eq(mappingDrafts.appId, appId)).run();
  else if (row)
    deps.db
      .update(mappingDrafts)
      .set({ ...next, updatedAt: now, updatedBy: actor.name })
      .where(eq(mappingDrafts.appId, appId))
      .run();
  else
    deps.db
      .insert(mappingDrafts)
      .values({ appId, ...next, base: versionOf(published), createdAt: now, updatedAt: now, updatedBy: actor.name })
      .run();
  return getDraft(deps.db, appId);
}

function requireDraft(db: Pick<Db, 'select'>, appId: string): DraftState {
  const state = getDraft(db, appId);
  if (!state.hasDraft) throw new ConflictError('no_draft', 'There is no unpublished draft of the mappings.');
  return state;
}

/** The changed parts, before and after, as lists (what the audit diff shows). */
function auditOf(state: DraftState) {
  const list = effective(state.published);
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  for (const c of state.changes) {
    before[c.part] = list(columnsOf(state.published), c.part);
    after[c.part] = list(columnsOf(state.draft), c.part);
  }
  return { before, after };
}

/** Publish the draft: one write, one initial-cycle mark, one audit row with the diff, one scheduler refresh. */
export function publishDraft(deps: AppsDeps, actor: Actor, appId: string): Application {
  const state = requireDraft(deps.db, appId);
  if (state.stale)
    throw new ConflictError(
      'draft_stale',
      'The published mappings or scoping filters changed after this draft was started, so publishing it would undo ' +
        'that change. Discard the draft and make your changes again.',
    );
  return saveConfig(
    deps,
    actor,
    state.published,
    columnsOf(state.draft),
    { activity: 'mappings.draft_publish', ...auditOf(state) },
    (tx) => tx.delete(mappingDrafts).where(eq(mappingDrafts.appId, appId)).run(),
  );
}

/** Throw the draft away (audited with what it would have changed); the published configuration stays. */
export function discardDraft(deps: AppsDeps, actor: Actor, appId: string): void {
  const state = requireDraft(deps.db, appId);
  const now = deps.clock.now();
  deps.db.transaction((tx) => {
    tx.delete(mappingDrafts).where(eq(mappingDrafts.appId, appId)).run();
    const entry = { activity: 'mappings.draft_discard', targetType: 'application', targetId: appId };
    writeAudit(tx, actor, { ...entry, ...auditOf(state) }, now);
  });
}
