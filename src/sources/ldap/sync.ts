/**
 * One import run of an LDAP source. Full: every user and group entry, then delete detection. Incremental: the
 * entries changed since the last run's high-water mark (modifyTimestamp, or uSNChanged on AD), so an idle poll
 * is two empty searches. No LDAP I/O happens inside a database transaction: a page is read, then written.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { sources } from '../../../db/schema';
import { writeAudit } from '../../audit/audit-log';
import type { SecretBox } from '../../auth/secret-box';
import type { DirectoryDeps } from '../../directory/users';
import type { Actor } from '../../kernel/actor';
import { AppError } from '../../kernel/errors';
import type { MappingEnv } from '../../mapping/types';
import { type LdapConnectOptions, type LdapSession, openLdap } from './client';
import { LDAP_FLAVORS } from './defaults';
import { ldapRunConfig } from './ldap-source';
import { groupSearchAttributes, userSearchAttributes } from './search-attributes';
import { importGroupPage } from './sync-groups';
import { changedSince, generalizedTime } from './sync-lookup';
import type { ImportRun } from './sync-objects';
import { reconcileDeletes, resolveReferences } from './sync-resolve';
import { finishSyncRun, type SyncType, setSyncType, zeroCounts } from './sync-runs';
import { importUserPage } from './sync-users';

export interface LdapSyncDeps {
  dir: DirectoryDeps;
  secrets: SecretBox;
  env: MappingEnv;
  open?: (opts: LdapConnectOptions) => Promise<LdapSession>;
  /** True once Provisio is stopping: the run ends between pages (what is written stays; the mark does not move). */
  stopping?: () => boolean;
}

export interface SyncRequest {
  syncId: string;
  sourceId: string;
  type: SyncType;
  actor: Actor;
  /** A full run deletes past the deletion threshold only when asked to. */
  allowDeletes?: boolean;
}

/** Run an import whose run row `startSyncRun` made; never throws (a failure ends the run as failed). */
export async function runLdapSync(deps: LdapSyncDeps, req: SyncRequest) {
  const db = deps.dir.db;
  const counts = zeroCounts();
  let session: LdapSession | undefined;
  try {
    const cfg = ldapRunConfig(db, deps.secrets, req.sourceId);
    const s = cfg.settings;
    const flavor = LDAP_FLAVORS[s.flavor];
    // Without a mark there is nothing to be incremental from: the first run reads everything.
    const type: SyncType = req.type === 'incremental' && cfg.cursor === null ? 'full' : req.type;
    const mark = type === 'incremental' ? cfg.cursor : null;
    const run: ImportRun = {
      dir: deps.dir,
      source: cfg.source,
      syncId: req.syncId,
      settings: s,
      env: deps.env,
      changeAttribute: flavor.changeAttribute,
      counts,
      seen: { user: new Set(), group: new Set() },
      managers: [],
      members: [],
      mark: cfg.cursor,
      byDn: null,
      createdGroups: new Set(),
    };
    session = await (deps.open ?? openLdap)({
      url: s.url,
      startTls: s.startTls,
      bindDn: s.bindDn,
      bindPassword: cfg.bindPassword,
      caFile: s.caFile ?? undefined,
    });
    const startMark = await markAtStart(session, flavor.changeAttribute, deps.dir.clock.now());
    const common = { baseDn: s.baseDn, pageSize: s.pageSize, binaryAttributes: flavor.binaryAttributes };
    const anchorAttrs = s.anchor === flavor.anchor ? [] : [s.anchor];
    for await (const page of session.pages({
      ...common,
      filter: changedSince(s.userFilter, flavor.changeAttribute, mark),
      attributes: [...userSearchAttributes(s.flavor, s.userMap, s.enabledExpression), ...anchorAttrs],
    })) {
      stopIfAsked(deps);
      await importUserPage(run, page);
    }
    for await (const page of session.pages({
      ...common,
      filter: changedSince(s.groupFilter, flavor.changeAttribute, mark),
      attributes: [...groupSearchAttributes(s.flavor, s.groupMap), ...anchorAttrs],
    })) {
      stopIfAsked(deps);
      await importGroupPage(run, page);
    }
    await session.close();
    session = undefined;
    await resolveReferences(run);
    const held = type === 'full' ? await reconcileDeletes(run, req.allowDeletes ?? false) : null;
    // The next poll starts where this run began, as the server counts. Later than the newest mark seen would
    // skip an entry changed while the paged search ran (a paged search is no snapshot); earlier would re-read,
    // every poll, a boundary second that a mass change filled. Nothing unseen lies between: this run read
    // every entry changed since the last mark, and whatever changes now is stamped after the start. Servers
    // that do not say (no highestCommittedUSN) keep the newest mark seen.
    const cursor = startMark ?? run.mark;
    db.update(sources).set({ cursor }).where(eq(sources.id, req.sourceId)).run();
    if (type !== req.type) setSyncType(db, req.syncId, type);
    finishSyncRun(db, deps.dir.clock, req.syncId, held ? 'held' : 'succeeded', counts, held);
    return { state: held ? 'held' : 'succeeded', counts, type } as const;
  } catch (err) {
    finishSyncRun(db, deps.dir.clock, req.syncId, 'failed', counts, (err as Error).message);
    return { state: 'failed', counts, error: (err as Error).message } as const;
  } finally {
    await session?.close();
  }
}

function stopIfAsked(deps: LdapSyncDeps): void {
  if (deps.stopping?.())
    throw new AppError('sync_interrupted', 'Interrupted: Provisio was stopping; the next run goes on');
}

// How far the Provisio host's clock may be ahead of the LDAP server's (NTP keeps both within far less): the
// mark steps back this much. Entries changed within it are read again by the next polls, and skipped before
// any write when unchanged, so a larger margin costs reads after a mass change, not writes.
export const CLOCK_MARGIN_MS = 60_000;

/**
 * The change mark as the server stood when the run began: AD's highestCommittedUSN from the root DSE, or for
 * modifyTimestamp the time now less CLOCK_MARGIN_MS. Null when the server does not say (the newest mark seen
 * is used then).
 */
async function markAtStart(session: LdapSession, attribute: string, now: number): Promise<string | null> {
  if (attribute === 'modifyTimestamp') return generalizedTime(now - CLOCK_MARGIN_MS);
  const dse = await session.rootDse(['highestCommittedUSN']);
  return dse.highestcommittedusn?.[0] ?? null;
}

/** Audit a manually started run (scheduled runs are recorded in source_syncs only). */
export function auditSyncStart(db: Db, now: number, actor: Actor, req: Omit<SyncRequest, 'actor'>): void {
  writeAudit(
    db,
    actor,
    {
      activity: 'source.sync',
      targetType: 'source',
      targetId: req.sourceId,
      after: { syncId: req.syncId, type: req.type, allowDeletes: req.allowDeletes ?? false },
    },
    now,
  );
}
