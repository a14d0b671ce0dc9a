/**
 * Issue 16: the report rollups are kept by the log writer per batch (src/log/rollups.ts), not by the per-row
 * triggers of migrations 0012/0014 (dropped by 0027). After a mixed workload through every writer entry point
 * the rollups must equal what those triggers produced for the same rows (same keys, buckets and time to
 * provision), and a GROUP BY over the log; retention purges leave them as they were; a database written under
 * the triggers keeps its counts across the migration and the writer adds to them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterEach, describe, expect, it } from 'vitest';
import { type Db, openDb } from '../../db/client';
import { purgeExpiredLogs } from '../../src/log/retention';
import { ttpBucket } from '../../src/log/rollups';
import type { LogEntry, ProvisioningAction, ProvisioningStatus } from '../../src/log/types';
import { INSERT_LOG_ROW_SQL, logRowParams, writeLog, writeLogs } from '../../src/log/write';
import { writeInboundLog } from '../../src/sources/inbound-log';
import { MIGRATIONS, migrationsBefore } from '../support/db';

const T0 = Date.UTC(2026, 10, 20, 22, 30, 0); // spans a day boundary within the first hours
const HOUR = 3_600_000;
const ACTIONS: ProvisioningAction[] = ['create', 'update', 'update', 'disable', 'delete', 'other', 'stagedDelete'];
const STATUSES: ProvisioningStatus[] = ['success', 'success', 'success', 'failure', 'skipped', 'warning'];
const CODES = ['EntryConflict', 'TooManyRequests', 'Timeout'];
const CYCLES = ['cyc-initial', 'cyc-inc-a', 'cyc-inc-b', 'cyc-unknown'];

let dir = '';
afterEach(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  dir = '';
});

/** Row i of the workload: apps, hours over three days, actions, statuses, error codes and cycles vary. */
function entry(i: number): LogEntry {
  const status = STATUSES[i % STATUSES.length] ?? 'success';
  const code = status === 'failure' ? (CODES[i % CODES.length] ?? null) : null;
  return {
    id: `r-${String(i).padStart(5, '0')}`,
    appId: i % 5 === 0 ? 'app-b' : 'app-a',
    activityDateTime: T0 + ((i * 7919) % 60) * 61_000 + Math.floor(i / 4) * 17 * 60_000,
    jobId: 'scim.job',
    cycleId: CYCLES[i % CYCLES.length] ?? 'cyc-initial',
    provisioningAction: ACTIONS[i % ACTIONS.length] ?? 'update',
    status,
    durationMs: 5 + ((i * 31) % 400),
    initiatedBy: { type: 'system', name: 'Provisio provisioning service' },
    source: { id: `u${i % 23}`, displayName: `Person ${i % 23}`, type: 'user' },
    target: { id: `t${i % 23}`, displayName: null },
    sourceSystem: 'Provisio directory',
    targetSystem: 'Sandbox',
    error: code ? { errorCode: code, errorCategory: 'failure', reason: 'refused', recommendedAction: null } : null,
    steps: [],
    modifiedProperties: [],
  };
}
const ROWS = Array.from({ length: 400 }, (_, i) => entry(i));

/** Cycles and directory changes the time to provision reads (cycles' app ids need no application here). */
function seedCyclesAndChanges(client: Database.Database): void {
  client.pragma('foreign_keys = OFF');
  const cycle = client.prepare(
    `INSERT INTO cycles (id, app_id, job_id, type, status, initiated_by, started_at, watermark_from)
     VALUES (?, ?, 'scim.job', ?, 'succeeded', 'system', ?, ?)`,
  );
  cycle.run('cyc-initial', 'app-a', 'initial', T0, 0);
  cycle.run('cyc-inc-a', 'app-a', 'incremental', T0, 10);
  cycle.run('cyc-inc-b', 'app-b', 'incremental', T0, 0);
  const change = client.prepare(
    "INSERT INTO directory_changes (seq, object_type, object_id, kind, at) VALUES (?, 'user', ?, 'update', ?)",
  );
  // A change every ~6 minutes over the rows' 30 hours, round-robin over the 23 objects: latencies from
  // seconds to hours, so most buckets get rows. Seqs ≤ 10 are before cyc-inc-a's watermark.
  for (let s = 1; s <= 300; s++) change.run(s, `u${s % 23}`, T0 - HOUR + s * 379_000 + ((s * 7919) % 120_000));
}

/** The pre-0027 triggers, exactly as migrations 0012 and 0014 created them. */
function createOldTriggers(client: Database.Database): void {
  for (const file of ['0012_report_rollup_triggers.sql', '0014_report_rollup_daily_trigger.sql']) {
    const text = fs.readFileSync(path.join(MIGRATIONS, file), 'utf8');
    client.exec(text.split('--> statement-breakpoint')[0] ?? '');
  }
}

function rawInsert(client: Database.Database, rows: readonly LogEntry[]): void {
  const insert = client.prepare(INSERT_LOG_ROW_SQL);
  client.transaction(() => {
    for (const e of rows) insert.run(...logRowParams(e));
  })();
}

function rollups(client: Database.Database) {
  const all = (sql: string) => client.prepare(sql).all();
  return {
    hourly: all('SELECT * FROM log_rollup_hourly ORDER BY hour, app_id, action, status, error_code'),
    daily: all('SELECT * FROM log_rollup_daily ORDER BY day, app_id, action, status, error_code'),
    ttp: all('SELECT * FROM log_ttp_hourly ORDER BY hour, app_id, bucket'),
  };
}

/** What the triggers would have produced for `rows`: a scratch database with the old triggers. */
function viaTriggers(rows: readonly LogEntry[]) {
  const db = openDb(':memory:');
  seedCyclesAndChanges(db.$client);
  createOldTriggers(db.$client);
  rawInsert(db.$client, rows);
  const out = rollups(db.$client);
  db.$client.close();
  return out;
}

/** Every writer entry point: single rows in and out of transactions, batches, the inbound (source) rows. */
function mixedWorkload(db: Db): void {
  ROWS.slice(0, 40).forEach((e) => {
    writeLog(db, e);
  });
  db.transaction((tx) => {
    for (const e of ROWS.slice(40, 100)) writeLog(tx, e);
  });
  writeLogs(db, ROWS.slice(100, 250));
  db.transaction((tx) => {
    writeLogs(tx, ROWS.slice(250, 330));
    writeLogs(tx, ROWS.slice(330, 331));
  });
  for (let i = 331; i < ROWS.length; i += 23) writeLogs(db, ROWS.slice(i, i + 23));
}

const groupBy = (client: Database.Database, unit: number, col: string) =>
  client
    .prepare(
      `SELECT activity_date_time / ${unit} AS ${col}, app_id, provisioning_action AS action, status,
              coalesce(error_code, '') AS error_code, count(*) AS n, sum(duration_ms) AS duration_sum,
              max(activity_date_time) AS last_at
       FROM provisioning_log GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`,
    )
    .all();

describe('report rollups kept by the log writer', () => {
  it('equal what the old triggers produced and a GROUP BY over the log, after a mixed workload', () => {
    const db = openDb(':memory:');
    const triggers = db.$client.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").pluck().all();
    expect(triggers).not.toContain('plog_report_rollup');
    expect(triggers).not.toContain('plog_report_rollup_daily');
    seedCyclesAndChanges(db.$client);
    mixedWorkload(db);
    const got = rollups(db.$client);
    expect(got).toEqual(viaTriggers(ROWS));
    expect(got.hourly).toEqual(groupBy(db.$client, HOUR, 'hour'));
    expect(got.daily).toEqual(groupBy(db.$client, 86_400_000, 'day'));
    // The workload reaches several hours, days and time-to-provision buckets, so the comparison means something.
    expect(got.hourly.length).toBeGreaterThan(50);
    expect(got.daily.length).toBeGreaterThan(1);
    expect(new Set(got.ttp.map((r) => (r as { bucket: number }).bucket)).size).toBeGreaterThan(3);
  });

  it('counts inbound (source) rows too', () => {
    const db = openDb(':memory:');
    db.transaction((tx) =>
      writeInboundLog(tx, T0, {
        source: { id: 's1', name: 'HR feed' } as Parameters<typeof writeInboundLog>[2]['source'],
        action: 'create',
        objectType: 'user',
        objectId: 'u1',
        displayName: 'Ann',
        externalId: null,
        request: 'POST /Users',
      }),
    );
    expect(rollups(db.$client).hourly).toEqual(groupBy(db.$client, HOUR, 'hour'));
    expect(rollups(db.$client).hourly).toHaveLength(1);
  });

  it('a failed batch leaves neither rows nor counts', () => {
    const db = openDb(':memory:');
    const dup = [entry(1), entry(2), entry(1)];
    expect(() => writeLogs(db, dup)).toThrow(/UNIQUE|PRIMARY/);
    expect(db.$client.prepare('SELECT count(*) FROM provisioning_log').pluck().get()).toBe(0);
    expect(rollups(db.$client)).toEqual({ hourly: [], daily: [], ttp: [] });
  });

  it('retention purges leave the rollups as they were (reports keep their history)', async () => {
    const db = openDb(':memory:');
    seedCyclesAndChanges(db.$client);
    mixedWorkload(db);
    const before = rollups(db.$client);
    const newest = Math.max(...ROWS.map((e) => e.activityDateTime));
    const purged = await purgeExpiredLogs(db, newest + 86_400_000 - 2 * HOUR, { days: 1, batchSize: 50 });
    expect(purged).toBeGreaterThan(0);
    expect(purged).toBeLessThan(ROWS.length);
    expect(rollups(db.$client)).toEqual(before);
    // New rows after the purge are added on top of the kept counts.
    writeLogs(db, [{ ...entry(7), id: 'after-purge' }]);
    expect(rollups(db.$client)).toEqual(viaTriggers([...ROWS, { ...entry(7), id: 'after-purge' }]));
  });

  it('a database written under the triggers keeps its counts across migration 0027, and the writer adds to them', () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'provisio-0027-'));
    const file = path.join(dir, 'old.db');
    const old = new Database(file);
    migrate(drizzle({ client: old }), { migrationsFolder: migrationsBefore(dir, 27) });
    seedCyclesAndChanges(old);
    rawInsert(old, ROWS.slice(0, 200)); // the old triggers count these
    old.close();

    const db = openDb(file);
    const triggers = db.$client.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").pluck().all();
    expect(triggers).toEqual(expect.not.arrayContaining(['plog_report_rollup', 'plog_report_rollup_daily']));
    db.$client.pragma('foreign_keys = OFF');
    writeLogs(db, ROWS.slice(200));
    expect(rollups(db.$client)).toEqual(viaTriggers(ROWS));
    db.$client.close();
  });

  it('numbers time-to-provision buckets as migration 0012 did', () => {
    const cases: [number, number][] = [
      [0, 0],
      [999, 0],
      [1000, 1],
      [4999, 1],
      [5000, 2],
      [59_999, 3],
      [60_000, 4],
      [299_999, 4],
      [300_000, 5],
      [900_000, 6],
      [3_599_999, 6],
      [3_600_000, 7],
      [86_400_000, 7],
    ];
    for (const [ms, bucket] of cases) expect([ms, ttpBucket(ms)]).toEqual([ms, bucket]);
  });
});
