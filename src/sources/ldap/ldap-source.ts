/**
 * LDAP sources: create and change their settings (audited; the bind password sealed, never shown or audited),
 * and read them back for the sync and the pages. The API body is flat, as the contract gives it:
 * `{type:"ldap", name, url, bindDn, bindPassword, baseDn, …settings}`.
 */
import crypto from 'node:crypto';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../../db/client';
import { sources } from '../../../db/schema';
import { writeAudit } from '../../audit/audit-log';
import type { SecretBox } from '../../auth/secret-box';
import type { Actor } from '../../kernel/actor';
import type { Clock } from '../../kernel/clock';
import { AppError, ConflictError, NotFoundError } from '../../kernel/errors';
import { parseOrThrow } from '../../kernel/parse';
import { assertSourceNameFree } from '../sources';
import {
  checkSettings,
  type LdapSettings,
  ldapSettingsSchema,
  type ResolvedLdapSettings,
  resolveSettings,
} from './config';

export interface LdapSourceDeps {
  db: Db;
  clock: Clock;
  secrets: SecretBox;
  /** Told after a create/update/delete so the runner (re)schedules the source. */
  onSourceChanged?: (sourceId: string) => void;
}

const nameField = z.string().trim().min(1, 'Name is required').max(100);
const password = z.string().min(1, 'Bind password is required').max(1024);
const createSchema = ldapSettingsSchema.extend({ type: z.literal('ldap'), name: nameField, bindPassword: password });
const patchSchema = ldapSettingsSchema
  .partial()
  .extend({ name: nameField.optional(), bindPassword: password.optional() })
  .strict();

/** Create an LDAP source; it starts importing on its schedule unless `schedule.paused`. */
export function createLdapSource(deps: LdapSourceDeps, actor: Actor, body: unknown) {
  const { type: _t, name, bindPassword, ...settings } = parseOrThrow(createSchema, body, 'source');
  checkSettings(settings);
  assertSourceNameFree(deps.db, name);
  const now = deps.clock.now();
  const row = { id: crypto.randomUUID(), type: 'ldap' as const, name, createdAt: now, updatedAt: now };
  deps.db.transaction((tx) => {
    tx.insert(sources)
      .values({ ...row, config: JSON.stringify(settings), secret: deps.secrets.seal(bindPassword) })
      .run();
    writeAudit(
      tx,
      actor,
      { activity: 'source.create', targetType: 'source', targetId: row.id, after: { type: 'ldap', name, ...settings } },
      now,
    );
  });
  deps.onSourceChanged?.(row.id);
  return row;
}

/** Change settings; fields left out keep their value, the password too. */
export function updateLdapSource(deps: LdapSourceDeps, actor: Actor, id: string, body: unknown) {
  const current = storedLdapSource(deps.db, id);
  const { name, bindPassword, ...patch } = parseOrThrow(patchSchema, body, 'source');
  const merged = parseOrThrow(ldapSettingsSchema, { ...current.settings, ...patch }, 'source');
  checkSettings(merged);
  if (name) assertSourceNameFree(deps.db, name, id);
  const now = deps.clock.now();
  deps.db.transaction((tx) => {
    tx.update(sources)
      .set({
        ...(name ? { name } : {}),
        config: JSON.stringify(merged),
        ...(bindPassword ? { secret: deps.secrets.seal(bindPassword) } : {}),
        updatedAt: now,
      })
      .where(eq(sources.id, id))
      .run();
    writeAudit(
      tx,
      actor,
      {
        activity: 'source.update',
        targetType: 'source',
        targetId: id,
        before: { name: current.name, ...current.settings },
        // The password is never audited; that it changed is.
        after: { ...(name ? { name } : {}), ...patch, ...(bindPassword ? { bindPassword: '(changed)' } : {}) },
      },
      now,
    );
  });
  deps.onSourceChanged?.(id);
  return storedLdapSource(deps.db, id);
}

/** An LDAP source's row and settings as stored (defaults not resolved), without the password. */
export function storedLdapSource(db: Db, id: string) {
  const row = db.select().from(sources).where(eq(sources.id, id)).get();
  if (!row) throw new NotFoundError('Source', id);
  if (row.type !== 'ldap' || !row.config)
    throw new ConflictError(
      'source_not_ldap',
      `${row.name} is a ${row.type.toUpperCase()} source: it has no LDAP settings`,
    );
  const settings = parseOrThrow(ldapSettingsSchema, JSON.parse(row.config), 'source') as LdapSettings;
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    cursor: row.cursor,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    settings,
    sealed: row.secret,
  };
}

/** What a sync needs: resolved settings and the opened password. */
export function ldapRunConfig(
  db: Db,
  secrets: SecretBox,
  id: string,
): {
  source: { id: string; name: string };
  settings: ResolvedLdapSettings;
  bindPassword: string;
  cursor: string | null;
} {
  const s = storedLdapSource(db, id);
  if (!s.sealed) throw new AppError('ldap_no_password', 'The source has no bind password; set one in its settings');
  return {
    source: { id: s.id, name: s.name },
    settings: resolveSettings(s.settings),
    bindPassword: secrets.open(s.sealed),
    cursor: s.cursor,
  };
}

/** Ids of every LDAP source (the runner schedules each). */
export function ldapSourceIds(db: Db): string[] {
  return db
    .select({ id: sources.id })
    .from(sources)
    .where(eq(sources.type, 'ldap'))
    .all()
    .map((r) => r.id);
}
