/**
 * The log list's column chooser: the columns an admin can show (Entra's defaults first) and the per-account
 * choice, stored in account_preferences. A token caller has no account and sees the defaults.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { accountPreferences } from '../../db/schema';
import { writeAudit } from '../audit/audit-log';
import type { Actor } from '../kernel/actor';
import type { Clock } from '../kernel/clock';

export const LOG_COLUMNS = [
  'date',
  'identity',
  'action',
  'sourceSystem',
  'targetSystem',
  'status',
  'application',
  'duration',
  'targetId',
  'jobId',
  'cycleId',
  'changeId',
  'errorCode',
  'initiatedBy',
] as const;
export type LogColumn = (typeof LOG_COLUMNS)[number];

/** Entra's default list columns (entra.md §2.2). */
export const DEFAULT_LOG_COLUMNS: readonly LogColumn[] = [
  'date',
  'identity',
  'action',
  'sourceSystem',
  'targetSystem',
  'status',
];

const KEY = 'logs.columns';

/** Known columns only, in the canonical order; the date column always stays (it opens the details). */
export function normaliseColumns(input: readonly string[]): LogColumn[] {
  const wanted = new Set(input);
  wanted.add('date');
  return LOG_COLUMNS.filter((c) => wanted.has(c));
}

/** The account's columns, or the defaults. */
export function getLogColumns(db: Db, accountId: string | null | undefined): LogColumn[] {
  if (!accountId) return [...DEFAULT_LOG_COLUMNS];
  const row = db
    .select()
    .from(accountPreferences)
    .where(and(eq(accountPreferences.accountId, accountId), eq(accountPreferences.key, KEY)))
    .get();
  if (!row) return [...DEFAULT_LOG_COLUMNS];
  const v: unknown = JSON.parse(row.value);
  return Array.isArray(v)
    ? normaliseColumns(v.filter((x): x is string => typeof x === 'string'))
    : [...DEFAULT_LOG_COLUMNS];
}

/** Remember the account's columns; returns what was stored. */
export function setLogColumns(
  db: Pick<Db, 'insert'>,
  accountId: string,
  columns: readonly string[],
  now: number,
): LogColumn[] {
  const chosen = normaliseColumns(columns);
  const value = JSON.stringify(chosen);
  db.insert(accountPreferences)
    .values({ accountId, key: KEY, value, updatedAt: now })
    .onConflictDoUpdate({
      target: [accountPreferences.accountId, accountPreferences.key],
      set: { value, updatedAt: now },
    })
    .run();
  return chosen;
}

/** The column chooser's save: store the account's choice and audit it in one transaction; what was stored. */
export function chooseLogColumns(
  deps: { db: Db; clock: Clock },
  actor: Actor,
  accountId: string,
  columns: readonly string[],
): LogColumn[] {
  const now = deps.clock.now();
  return deps.db.transaction((tx) => {
    const chosen = setLogColumns(tx, accountId, columns, now);
    writeAudit(
      tx,
      actor,
      { activity: 'logs.columns.update', targetType: 'account', targetId: accountId, after: chosen },
      now,
    );
    return chosen;
  });
}
