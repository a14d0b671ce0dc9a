/**
 * The frame of an import run's pages: each page is mapped (pure), its anchors looked up in one query, then
 * written through the source batch (one transaction a page, a savepoint an entry) with the inbound log rows.
 * An entry that cannot be mapped or applied fails alone, with a failed row saying why. What an entry does to
 * its directory object is in sync-users.ts and sync-groups.ts.
 */

import { applySourceBatch, type SourceWriter } from '../../directory/source-batch';
import type { SourceRef } from '../../directory/source-owner';
import type { DirectoryDeps } from '../../directory/users';
import { AppError } from '../../kernel/errors';
import type { MappingEnv } from '../../mapping/types';
import { type InboundChange, writeInboundLog } from '../inbound-log';
import { linkObject } from '../links';
import type { ResolvedLdapSettings } from './config';
import { normaliseDn } from './dn';
import type { LdapEntry } from './entry';
import { dnIndex, laterMark, linksByAnchor, type Owned, setLinkDn } from './sync-lookup';
import type { SyncCounts } from './sync-runs';

export interface ImportRun {
  dir: DirectoryDeps;
  source: SourceRef;
  syncId: string;
  settings: ResolvedLdapSettings;
  env: MappingEnv;
  changeAttribute: string;
  counts: SyncCounts;
  /** Anchors seen in this run (a full run deletes the source's objects not among them). */
  seen: Record<Owned, Set<string>>;
  /** Resolved after every entry is in: a manager or member may come on a later page. */
  managers: { userId: string; managerDn: string | null }[];
  members: { groupId: string; memberDns: string[] }[];
  mark: string | null;
  byDn: Map<string, { id: string; type: Owned }> | null;
  /** Groups this run created: filling their members is part of the create, not an update to count. */
  createdGroups: Set<string>;
}

type Log = Omit<InboundChange, 'source' | 'cycleId'>;

/** One mapped entry of a page, with the directory object its anchor already points at (if any). */
export interface PageItem<M, R> {
  entry: LdapEntry;
  mapped: M;
  dn: string;
  link: { objectId: string; dn: string | null } | undefined;
  /** The linked object's row as it is now. */
  current: R | undefined;
  /** The directory object once the entry is applied (or found unchanged); unset when it failed. */
  id?: string;
}

/** What one kind of entry (user, group) does; the page frame below is shared. */
export interface EntryHandler<M, R> {
  map(e: LdapEntry): M;
  /** The linked objects' rows, read in one query per page. */
  load(ids: readonly string[]): Map<string, R>;
  /** Decided before any write: an entry that changes nothing costs no savepoint and no statement. */
  unchanged(item: PageItem<M, R>): boolean;
  /** Write the entry's changes; returns the directory object's id. */
  apply(w: SourceWriter, item: PageItem<M, R>): string;
}

// A page is written in transactions of this many entries, yielding to the event loop between them, so an
// import never holds the loop (or the database) for long: about 100 ms a batch on the build machine.
const WRITE_BATCH = 100;
const yieldToLoop = () => new Promise<void>((r) => setImmediate(r));

/**
 * Map a page (pure), look its anchors and current rows up in one query each, skip what is unchanged, then
 * write the rest in short transactions: each entry in a savepoint, a failed row for each entry that could not
 * be mapped or applied.
 */
export async function importPage<M extends { anchor: string }, R>(
  run: ImportRun,
  page: LdapEntry[],
  objectType: Owned,
  h: EntryHandler<M, R>,
): Promise<PageItem<M, R>[]> {
  const items: PageItem<M, R>[] = [];
  const unmapped: { dn: string; err: Error }[] = [];
  for (const entry of page) {
    run.mark = laterMark(run.mark, markOf(entry, run.changeAttribute));
    try {
      const mapped = h.map(entry);
      run.seen[objectType].add(mapped.anchor);
      items.push({ entry, mapped, dn: normaliseDn(entry.dn), link: undefined, current: undefined });
    } catch (err) {
      unmapped.push({ dn: entry.dn, err: err as Error });
    }
  }
  const links = linksByAnchor(
    run.dir.db,
    run.source.id,
    objectType,
    items.map((i) => i.mapped.anchor),
  );
  for (const item of items) item.link = links.get(item.mapped.anchor);
  const rows = h.load(items.flatMap((i) => (i.link ? [i.link.objectId] : [])));
  for (const item of items) item.current = item.link ? rows.get(item.link.objectId) : undefined;
  const todo: PageItem<M, R>[] = [];
  for (const item of items) {
    if (item.link && h.unchanged(item)) item.id = item.link.objectId;
    else todo.push(item);
  }
  if (unmapped.length > 0)
    applySourceBatch(run.dir, (w) => {
      for (const u of unmapped) failed(run, w, objectType, u.dn, u.err);
    });
  for (let i = 0; i < todo.length; i += WRITE_BATCH) {
    if (i > 0) await yieldToLoop();
    applySourceBatch(run.dir, (w) => {
      for (const item of todo.slice(i, i + WRITE_BATCH)) {
        const err = w.each(() => {
          item.id = h.apply(w, item);
        });
        if (err) {
          item.id = undefined;
          failed(run, w, objectType, item.entry.dn, err);
        }
      }
    });
  }
  return items;
}

/** normalised DN → directory object of this source, read once per run when first needed, kept current. */
export function byDn(run: ImportRun) {
  run.byDn ??= dnIndex(run.dir.db, run.source.id);
  return run.byDn;
}

/** Link a new object to its anchor and DN. */
export function linkNew(run: ImportRun, w: SourceWriter, type: Owned, id: string, anchor: string, dn: string) {
  linkObject(w.tx, run.source.id, type, id, anchor, w.now, dn);
  byDn(run).set(dn, { id, type });
}

/**
 * After an update's writes: follow a rename or move, and say what changed (old and new values, the DN, a
 * restore) for the inbound row; null when nothing did.
 */
export function changeRecord(
  run: ImportRun,
  w: SourceWriter,
  type: Owned,
  item: PageItem<unknown, unknown>,
  change: { before: Record<string, unknown> | null; input: Record<string, unknown>; restored: boolean },
): { before: Record<string, unknown>; after: Record<string, unknown> } | null {
  const link = item.link as NonNullable<PageItem<unknown, unknown>['link']>;
  const before = change.before ?? {};
  const moved = link.dn !== item.dn;
  if (moved) relink(run, w, type, link.objectId, link.dn, item.dn);
  if (Object.keys(before).length === 0 && !change.restored && !moved) return null;
  const after: Record<string, unknown> = Object.fromEntries(Object.keys(before).map((k) => [k, change.input[k]]));
  if (moved) {
    before.dn = link.dn;
    after.dn = item.entry.dn;
  }
  if (change.restored) after.restored = true;
  return { before, after };
}

/** A rename or move: the link follows the new DN. */
export function relink(run: ImportRun, w: SourceWriter, type: Owned, id: string, from: string | null, dn: string) {
  setLinkDn(w.tx, type, id, dn);
  const index = byDn(run);
  if (from) index.delete(from);
  index.set(dn, { id, type });
}

const markOf = (entry: LdapEntry, attribute: string) => {
  const v = entry.attributes[attribute.toLowerCase()]?.[0];
  return v === undefined ? null : String(v);
};

export function log(run: ImportRun, w: SourceWriter, change: Log): void {
  writeInboundLog(w.tx, w.now, { ...change, source: run.source, cycleId: run.syncId });
}

/** A failed row naming the entry; the reason is the error's message (never a bind secret: none is in scope). */
export function failed(run: ImportRun, w: SourceWriter, objectType: Owned, dn: string, err: Error): void {
  run.counts.failed++;
  const code = err instanceof AppError ? err.code : 'ldap_import_failed';
  log(run, w, {
    action: 'create',
    objectType,
    objectId: dn,
    displayName: dn,
    externalId: null,
    request: dn,
    failure: { code, reason: err.message, recommendedAction: recommended(code) },
  });
}

const recommended = (code: string): string | null =>
  code === 'user_exists' || code === 'group_exists'
    ? 'Another directory object already has this name: rename one of them, or delete the local one so the source can own it'
    : code.startsWith('ldap_')
      ? 'Check the attribute map of the source, or the entry in LDAP'
      : code === 'validation_failed'
        ? 'The mapped value is not accepted by the directory: fix it in LDAP or change the attribute map'
        : null;
