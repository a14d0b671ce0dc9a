/**
 * Fixtures for the provisioning_log_keys tests (log-object-keys*.test.ts): ids that stress the token rules, log
 * entries for them, readers of the tokens actually indexed (through fts5vocab), and a fresh database per test.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterEach, beforeEach } from 'vitest';
import type { Db } from '../../db/client';
import { KEY_BYTES, keysMatch, rowKeys } from '../../src/log/object-keys';
import type { LogEntry } from '../../src/log/types';
import { INSERT_LOG_ROW_SQL, logRowParams, writeLogs } from '../../src/log/write';
import { freshDb, migrationsBefore } from './db';

export const T0 = Date.UTC(2026, 10, 1);
export const SHARED = 'p'.repeat(KEY_BYTES);

/** Ids an admin's directory or a target app may hand us; each row of the log below uses one as source and target. */
export const IDS: readonly (readonly [string, string])[] = [
  ['uuid', '3f2b8c1e-9a4d-4e6f-b1c2-7d8e9f0a1b2c'],
  ['upper-case uuid', '3F2B8C1E-9A4D-4E6F-B1C2-7D8E9F0A1B2D'],
  ['spaces', 'jane doe 42'],
  ['quotes', `o'brien "the" boss`],
  ['lone double quote', '"'],
  ['star', 'abc*'],
  ['FTS operators', 'a OR b AND NOT c NEAR(d)'],
  ['colon and parentheses', 'identity : (x)'],
  ['accented', 'émile.zola@contoso.example'],
  ['CJK', '日本語ユーザー'],
  ['emoji', 'party-🎉-👩‍💻'],
  ['long ASCII (> 200 bytes)', `L${'o'.repeat(230)}ng`],
  ['long multibyte, cut inside a character at byte 200', `a${'日'.repeat(80)}`],
  ['shared first 200 bytes, one', `${SHARED}-one`],
  ['shared first 200 bytes, two', `${SHARED}-two`],
];
export const ID_VALUES = IDS.map(([, id]) => id);

export type Row = { rowid: number; id: string; sourceId: string; targetId: string | null };

export function entry(
  n: number,
  sourceId: string,
  targetId: string | null,
  appId = 'app-x',
  at = T0 + n * 1000,
): LogEntry {
  return {
    id: `k${String(n).padStart(5, '0')}`,
    appId,
    activityDateTime: at,
    jobId: 'scim.job',
    cycleId: 'cy1',
    provisioningAction: 'update',
    status: 'success',
    durationMs: 5,
    initiatedBy: { type: 'system', name: 'Provisio provisioning service' },
    // Display names share no word with any id, so an identity search can only find a row by its id.
    source: { id: sourceId, displayName: `Person ${n}`, type: 'user' },
    target: { id: targetId, displayName: null },
    sourceSystem: 'Provisio directory',
    targetSystem: 'Sandbox',
    error: null,
    steps: [],
    modifiedProperties: [],
  };
}

/** Each id twice as a source (target: the next id, then none) and once as a target, plus filler rows. */
export function seed(db: Db): void {
  const entries: LogEntry[] = [];
  let n = 0;
  ID_VALUES.forEach((id, i) => {
    entries.push(entry(n++, id, ID_VALUES[(i + 1) % ID_VALUES.length] ?? null));
    entries.push(entry(n++, id, null));
  });
  for (let i = 0; i < 200; i++) entries.push(entry(n++, `filler-src-${i}`, `filler-tgt-${i}`));
  writeLogs(db, entries);
}

export const rows = (db: Db): Row[] =>
  db.$client
    .prepare('SELECT rowid, id, source_id AS sourceId, target_id AS targetId FROM provisioning_log ORDER BY rowid')
    .all() as Row[];

/** Every (rowid → sorted tokens) the keys table holds, read from its index through fts5vocab. */
export function indexedTokens(db: Db): Map<number, string[]> {
  db.$client.exec(
    "CREATE VIRTUAL TABLE IF NOT EXISTS temp.plk_vocab USING fts5vocab(main, 'provisioning_log_keys', 'instance')",
  );
  const out = new Map<number, string[]>();
  for (const r of db.$client.prepare('SELECT doc, term FROM temp.plk_vocab ORDER BY doc, term').all() as {
    doc: number;
    term: string;
  }[])
    out.set(r.doc, [...(out.get(r.doc) ?? []), r.term]);
  return out;
}

/** What rowKeys gives for every row of the log, in the shape of indexedTokens. */
export function expectedTokens(db: Db): Map<number, string[]> {
  return new Map(rows(db).map((r) => [r.rowid, rowKeys(r.sourceId, r.targetId).split(' ').sort()]));
}

export const matchRowids = (db: Db, pairs: readonly (readonly ['source' | 'target', string])[]) =>
  (
    db.$client
      .prepare('SELECT rowid FROM provisioning_log_keys WHERE provisioning_log_keys MATCH ? ORDER BY rowid')
      .all(keysMatch(pairs)) as { rowid: number }[]
  ).map((r) => r.rowid);

export const changeIds = (list: readonly Row[]) => list.map((r) => r.id).sort();
export const bySource = (db: Db, id: string) => changeIds(rows(db).filter((r) => r.sourceId === id));
export const byTarget = (db: Db, id: string) => changeIds(rows(db).filter((r) => r.targetId === id));

/** A database file as the release before 0031 left it, holding `entries`; opened (migrated) by the caller. */
export function preKeysDatabase(dir: string, entries: readonly LogEntry[]): string {
  const file = path.join(dir, 'old.db');
  const old = new Database(file);
  migrate(drizzle({ client: old }), { migrationsFolder: migrationsBefore(dir, 31) });
  const insert = old.prepare(INSERT_LOG_ROW_SQL);
  old.transaction(() => {
    for (const e of entries) insert.run(...logRowParams(e));
  })();
  old.close();
  return file;
}

export function deleteAllKeys(db: Db): void {
  db.$client.exec(`INSERT INTO provisioning_log_keys(provisioning_log_keys) VALUES ('delete-all')`);
}

/** The database of the running test (useKeysDb), with its clock and secrets. */
export let db: Db;
export let base: ReturnType<typeof freshDb>;
let dirs: string[] = [];

/** A fresh migrated database per test, closed after it, with the temp directories it made removed. */
export function useKeysDb(): void {
  beforeEach(() => {
    base = freshDb();
    db = base.db;
  });
  afterEach(() => {
    db.$client.close();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
    dirs = [];
  });
}

/** A temporary directory removed after the test. */
export function tempDir(prefix: string): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  dirs.push(d);
  return d;
}
