/**
 * One page of LDAP entries into the directory: map each entry (pure), then create or update its directory
 * object through the source batch (one transaction a page, a savepoint an entry), link it by anchor and DN,
 * and write its inbound log row. An entry that cannot be applied fails alone, with a failed row saying why.
 */

import { createGroupSchema, updateGroupSchema } from '../../directory/group-input';
import { getGroup } from '../../directory/groups';
import { applySourceBatch, type SourceWriter } from '../../directory/source-batch';
import type { SourceRef } from '../../directory/source-owner';
import { createUserSchema, updateUserSchema } from '../../directory/user-input';
import { type DirectoryDeps, getUser } from '../../directory/users';
import { AppError } from '../../kernel/errors';
import { parseOrThrow } from '../../kernel/parse';
import type { MappingEnv } from '../../mapping/types';
import { type InboundChange, writeInboundLog } from '../inbound-log';
import { linkObject } from '../scim-inbound/links';
import type { ResolvedLdapSettings } from './config';
import { normaliseDn } from './dn';
import type { LdapEntry } from './entry';
import { mapLdapGroup, mapLdapUser } from './entry-map';
import { laterMark, linkedByAnchor, type Owned, setLinkDn } from './sync-lookup';
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
}

type Log = Omit<InboundChange, 'source' | 'cycleId'>;

export function importUserPage(run: ImportRun, page: LdapEntry[]): void {
  const managesManager = run.settings.userMap.some((m) => m.target === 'manager');
  importPage(run, page, 'user', (w, entry) => {
    const m = mapLdapUser(
      entry,
      run.settings.flavor,
      run.settings.userMap,
      run.env,
      run.settings.enabledExpression,
      run.settings.anchor,
    );
    run.seen.user.add(m.anchor);
    const link = linkedByAnchor(w.tx, run.source.id, 'user', m.anchor);
    const dn = normaliseDn(entry.dn);
    const name = String(m.attrs.displayName ?? m.attrs.userPrincipalName);
    let userId: string;
    if (!link) {
      const input = parseOrThrow(createUserSchema, m.attrs, 'user');
      userId = w.createUser(input).id;
      linkObject(w.tx, run.source.id, 'user', userId, m.anchor, w.now);
      setLinkDn(w.tx, 'user', userId, dn);
      log(run, w, {
        action: 'create',
        objectType: 'user',
        objectId: userId,
        displayName: name,
        externalId: m.anchor,
        request: entry.dn,
        after: input,
      });
      run.counts.created++;
    } else {
      userId = link.objectId;
      const current = getUser(w.tx as never, userId);
      const input = parseOrThrow(updateUserSchema, m.attrs, 'user');
      const restored = current.deletedAt !== null && w.setUserDeleted(userId, false);
      const before = w.updateUser(current, input);
      if (link.dn !== dn) setLinkDn(w.tx, 'user', userId, dn);
      if (before || restored || link.dn !== dn) {
        const disabled = current.accountEnabled && input.accountEnabled === false;
        const after = Object.fromEntries(
          Object.keys(before ?? {}).map((k) => [k, (input as Record<string, unknown>)[k]]),
        );
        if (link.dn !== dn) Object.assign(after, { dn: entry.dn });
        log(run, w, {
          action: disabled ? 'disable' : 'update',
          objectType: 'user',
          objectId: userId,
          displayName: name,
          externalId: m.anchor,
          request: entry.dn,
          before: { ...before, ...(link.dn !== dn ? { dn: link.dn } : {}) },
          after,
        });
        if (disabled) run.counts.disabled++;
        else run.counts.updated++;
      }
    }
    if (managesManager) run.managers.push({ userId, managerDn: m.managerDn });
  });
}

export function importGroupPage(run: ImportRun, page: LdapEntry[]): void {
  importPage(run, page, 'group', (w, entry) => {
    const m = mapLdapGroup(entry, run.settings.flavor, run.settings.groupMap, run.env, run.settings.anchor);
    run.seen.group.add(m.anchor);
    const link = linkedByAnchor(w.tx, run.source.id, 'group', m.anchor);
    const dn = normaliseDn(entry.dn);
    let groupId: string;
    if (!link) {
      const input = parseOrThrow(createGroupSchema, m.attrs, 'group');
      groupId = w.createGroup(input).id;
      linkObject(w.tx, run.source.id, 'group', groupId, m.anchor, w.now);
      setLinkDn(w.tx, 'group', groupId, dn);
      log(run, w, {
        action: 'create',
        objectType: 'group',
        objectId: groupId,
        displayName: input.displayName,
        externalId: m.anchor,
        request: entry.dn,
        after: input,
      });
      run.counts.created++;
    } else {
      groupId = link.objectId;
      const current = getGroup(w.tx, groupId);
      const input = parseOrThrow(updateGroupSchema, m.attrs, 'group');
      const restored = current.deletedAt !== null && w.setGroupDeleted(groupId, false);
      const before = w.updateGroup(current, input);
      if (link.dn !== dn) setLinkDn(w.tx, 'group', groupId, dn);
      if (before || restored || link.dn !== dn) {
        log(run, w, {
          action: 'update',
          objectType: 'group',
          objectId: groupId,
          displayName: m.attrs.displayName,
          externalId: m.anchor,
          request: entry.dn,
          before: before ?? {},
          after: input,
        });
        run.counts.updated++;
      }
    }
    run.members.push({ groupId, memberDns: m.memberDns });
  });
}

function importPage(
  run: ImportRun,
  page: LdapEntry[],
  objectType: Owned,
  one: (w: SourceWriter, e: LdapEntry) => void,
) {
  applySourceBatch(run.dir, (w) => {
    for (const entry of page) {
      run.mark = laterMark(run.mark, markOf(entry, run.changeAttribute));
      const err = w.each(() => one(w, entry));
      if (err) failed(run, w, objectType, entry.dn, err);
    }
  });
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
