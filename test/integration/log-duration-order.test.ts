/**
 * The log's duration order (migration 0032, src/log/duration-order.ts): duration-sorted pages and exports are
 * exactly the rows in (duration, id) order whether a row is ordered or still in the tail, under both plans;
 * the job, the triggers (delete, update, reused rowids), the rebuild and the migration's backfill keep the
 * order equal to the log.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { SQL } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Db, openDb } from '../../db/client';
import * as schema from '../../db/schema';
import {
  type DurationPlan,
  durationPage,
  durationTail,
  NARROW_ROWS,
  orderDurations,
  planDurationSort,
} from '../../src/log/duration-order';
import { startDurationOrder } from '../../src/log/duration-order-job';
import { exportRowPages } from '../../src/log/export-rows';
import { rebuildLogFts } from '../../src/log/fts';
import { LOG_COLUMNS, type LogQuery, logFilterWhere, parseLogQuery, planFts, searchLogs } from '../../src/log/query';
import { purgeBatch } from '../../src/log/retention';
import type { LogEntry } from '../../src/log/types';
import { writeLogs } from '../../src/log/write';
import { MIGRATIONS, migrationsBefore } from '../support/db';
import { until } from '../support/poll';

const T0 = Date.UTC(2026, 10, 1);
let db: Db;
let n = 0;

/** Durations with many ties (17 values), ids not in insertion order, two apps, every fifth row a failure. */
function entry(over: Partial<LogEntry> = {}): LogEntry {
  const i = n++;
  return {
    id: `c${String((i * 7919) % 100_003).padStart(6, '0')}-${i}`,
    appId: i % 2 ? 'app-a' : 'app-b',
    activityDateTime: T0 + i * 1000,
    jobId: 'scim.job',
    cycleId: `cy${Math.floor(i / 50)}`,
    provisioningAction: i % 3 ? 'create' : 'update',
    status: i % 5 ? 'success' : 'failure',
    durationMs: (i * 13) % 17,
    initiatedBy: { type: 'system', name: 'Provisio provisioning service' },
    source: { id: `src-${i}`, displayName: i % 4 ? `Person ${i}` : `Engineer ${i}`, type: 'user' },
    target: { id: `tgt-${i}`, displayName: null },
    sourceSystem: 'Provisio directory',
    targetSystem: 'Sandbox',
    error: null,
    steps: [],
    modifiedProperties: [],
    ...over,
  };
}
const write = (count: number) =>
  writeLogs(
    db,
    Array.from({ length: count }, () => entry()),
  );

type Key = { id: string; durationMs: number };
/** Every row of the log, as the duration sort must return it (the reference: sorted here, not by SQLite). */
function reference(descending: boolean, keep: (r: Record<string, unknown>) => boolean = () => true): Key[] {
  const rows = db.$client.prepare('SELECT * FROM provisioning_log').all() as Record<string, unknown>[];
  const keys = rows.filter(keep).map((r) => ({ id: String(r.id), durationMs: Number(r.duration_ms) }));
  const cmp = (a: Key, b: Key) => a.durationMs - b.durationMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return keys.sort((a, b) => (descending ? -cmp(a, b) : cmp(a, b)));
}

/** Page through searchLogs (the log page and the API) with small pages. */
function searched(params: Record<string, string>): Key[] {
  const out: Key[] = [];
  let cursor: string | undefined;
  do {
    const page = searchLogs(db, { ...parseLogQuery({ ...params, limit: '7' }), cursor });
    out.push(...page.items.map((r) => ({ id: r.id, durationMs: r.durationMs })));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return out;
}

/** Page through durationPage itself with a given plan, continuing after the last row of each page. */
function paged(q: LogQuery, plan: DurationPlan): Key[] {
  const fts = planFts(db, q);
  const where = (rowid?: SQL) => logFilterWhere(q, fts, rowid);
  const descending = q.sort.endsWith('desc');
  const out: Key[] = [];
  const idAt = LOG_COLUMNS.findIndex((c) => c.name === 'id');
  const msAt = LOG_COLUMNS.findIndex((c) => c.name === 'duration_ms');
  for (let after: Key | undefined; ; ) {
    const select = Object.fromEntries(LOG_COLUMNS.map((c) => [c.name, c]));
    const built = durationPage(db, select, where, {
      descending,
      limit: 5,
      plan,
      after: after ? { key: after.durationMs, id: after.id } : undefined,
    });
    const rows = db.$client
      .prepare(built.sql)
      .raw()
      .all(...built.params) as unknown[][];
    out.push(...rows.map((r) => ({ id: String(r[idAt]), durationMs: Number(r[msAt]) })));
    if (rows.length < 5) return out;
    after = out.at(-1);
  }
}

const ordered = () =>
  db.$client.prepare('SELECT duration_ms, id, log_rowid FROM provisioning_log_durations ORDER BY 1, 2').all();
const fromLog = () =>
  db.$client.prepare('SELECT duration_ms, id, rowid AS log_rowid FROM provisioning_log ORDER BY 1, 2').all();
const mark = () =>
  Number(db.$client.prepare('SELECT through_rowid FROM provisioning_log_durations_mark').pluck().get());
const maxRowid = () => Number(db.$client.prepare('SELECT coalesce(max(rowid), 0) FROM provisioning_log').pluck().get());

beforeEach(() => {
  db = openDb(':memory:');
  n = 0;
});

describe('duration-sorted pages', () => {
  beforeEach(() => {
    write(120);
    expect(orderDurations(db.$client, 70)).toBe(70); // 70 ordered, 50 in the tail
    write(50);
    expect(durationTail(db.$client)).toBe(100);
  });

  for (const sort of ['duration-asc', 'duration-desc'] as const) {
    const descending = sort === 'duration-desc';
    it(`${sort}: every row once, in (duration, id) order, across the mark`, () => {
      expect(searched({ sort })).toEqual(reference(descending));
    });

    const filters: [string, Record<string, string>, (r: Record<string, unknown>) => boolean][] = [
      ['status', { status: 'failure' }, (r) => r.status === 'failure'],
      [
        'app and action',
        { appId: 'app-a', action: 'update' },
        (r) => r.app_id === 'app-a' && r.provisioning_action === 'update',
      ],
      ['text', { q: 'engineer' }, (r) => String(r.source_display_name).startsWith('Engineer')],
      ['no match', { status: 'warning' }, () => false],
    ];
    for (const [name, params, keep] of filters)
      for (const plan of ['filter', 'order'] as const)
        it(`${sort}, ${name} filter, ${plan} plan: the same rows in the same order`, () => {
          expect(paged(parseLogQuery({ ...params, sort }), plan)).toEqual(reference(descending, keep));
        });

    it(`${sort}: an export by duration streams the same order`, () => {
      const pages = [...exportRowPages(db, parseLogQuery({ sort }), 9)];
      expect(pages.length).toBeGreaterThan(10);
      expect(pages.flat().map((r) => r[0])).toEqual(reference(descending).map((k) => k.id));
    });
  }

  it('walks the order in key order: only the tail is sorted, and the order is joined by rowid', () => {
    const { id, durationMs } = schema.provisioningLog;
    const built = durationPage(db, { id, durationMs }, () => undefined, { descending: true, limit: 51, plan: 'order' });
    const plan = (db.$client.prepare(`EXPLAIN QUERY PLAN ${built.sql}`).all(...built.params) as { detail: string }[])
      .map((r) => r.detail)
      .join(' | ');
    expect(plan).toContain('SCAN provisioning_log_durations');
    expect(plan).toContain('SEARCH provisioning_log USING INTEGER PRIMARY KEY (rowid=?)');
    expect(plan.split('USE TEMP B-TREE FOR ORDER BY')).toHaveLength(2);
    expect(plan.indexOf('USE TEMP B-TREE')).toBeGreaterThan(plan.indexOf('RIGHT'));
  });

  it("walks the tail by rowid, not through a filter's index", () => {
    const q = parseLogQuery({ sort: 'duration-desc', status: 'failure' });
    const { id, durationMs } = schema.provisioningLog;
    const built = durationPage(db, { id, durationMs }, (rowid) => logFilterWhere(q, planFts(db, q), rowid), {
      descending: true,
      limit: 51,
      plan: 'order',
    });
    const plan = (db.$client.prepare(`EXPLAIN QUERY PLAN ${built.sql}`).all(...built.params) as { detail: string }[])
      .map((r) => r.detail)
      .join(' | ');
    const tailArm = plan.slice(plan.indexOf('RIGHT'));
    expect(tailArm).toContain('SEARCH provisioning_log USING INTEGER PRIMARY KEY (rowid>?)');
    expect(tailArm).not.toContain('plog_status_time_idx');
  });

  it('tests a text filter on the order before reading the row', () => {
    const q = parseLogQuery({ sort: 'duration-desc', q: 'engineer' });
    const fts = { ...planFts(db, q), denseText: true }; // as when the text matches thousands of rows
    const { id, durationMs } = schema.provisioningLog;
    const built = durationPage(db, { id, durationMs }, (rowid) => logFilterWhere(q, fts, rowid), {
      descending: true,
      limit: 51,
      plan: 'order',
    });
    expect(built.sql).toContain('+"provisioning_log_durations"."log_rowid" in (select rowid from provisioning_log_fts');
    const rows = db.$client
      .prepare(built.sql)
      .raw()
      .all(...built.params) as unknown[][];
    expect(rows.map((r) => r[0])).toEqual(
      reference(true, (r) => String(r.source_display_name).startsWith('Engineer')).map((k) => k.id),
    );
  });
});

describe('the plan', () => {
  it('walks the order with no filter, sorts a narrow filter, walks the order for a broad one', () => {
    write(30);
    const where = (p: Record<string, string>) => logFilterWhere(parseLogQuery(p));
    expect(planDurationSort(db, undefined)).toBe('order');
    expect(planDurationSort(db, where({ status: 'failure' }))).toBe('filter');
    writeLogs(
      db,
      Array.from({ length: NARROW_ROWS + 1 }, () => entry({ status: 'warning' })),
    );
    expect(planDurationSort(db, where({ status: 'warning' }))).toBe('order');
    expect(planDurationSort(db, where({ status: 'failure' }))).toBe('filter');
  });
});

describe('keeping the order equal to the log', () => {
  it('orders the oldest rows first, at most the batch, and moves the mark', () => {
    write(40);
    expect(orderDurations(db.$client, 15)).toBe(15);
    expect(mark()).toBe(15);
    expect(orderDurations(db.$client, 100)).toBe(25);
    expect(orderDurations(db.$client, 100)).toBe(0);
    expect(mark()).toBe(40);
    expect(ordered()).toEqual(fromLog());
  });

  it('a deleted row leaves the order, and the retention purge takes its entries with it', () => {
    write(40);
    orderDurations(db.$client, 100);
    db.$client.prepare('DELETE FROM provisioning_log WHERE rowid IN (3, 17)').run();
    expect(ordered()).toEqual(fromLog());
    expect(purgeBatch(db, T0 + 20_000)).toBeGreaterThan(0);
    expect(ordered()).toEqual(fromLog());
    expect(searched({ sort: 'duration-asc' })).toEqual(reference(false));
  });

  it('when the newest rows go, the mark moves back, so a row that reuses their rowid is found once', () => {
    write(40);
    orderDurations(db.$client, 100);
    db.$client.prepare('DELETE FROM provisioning_log WHERE rowid > 30').run();
    expect(mark()).toBe(30);
    write(5); // SQLite hands out rowids 31-35 again
    expect(maxRowid()).toBe(35);
    expect(durationTail(db.$client)).toBe(5);
    expect(searched({ sort: 'duration-desc' })).toEqual(reference(true));
    orderDurations(db.$client, 100);
    expect(ordered()).toEqual(fromLog());
  });

  it('an updated duration or id moves its entry; a row in the tail gets none until it is ordered', () => {
    write(20);
    orderDurations(db.$client, 10);
    db.$client.prepare('UPDATE provisioning_log SET duration_ms = 999 WHERE rowid = 4').run();
    db.$client.prepare("UPDATE provisioning_log SET id = 'renamed' WHERE rowid = 5").run();
    db.$client.prepare('UPDATE provisioning_log SET duration_ms = 998 WHERE rowid = 15').run();
    expect(ordered()).toEqual(fromLog().filter((r) => (r as { log_rowid: number }).log_rowid <= 10));
    expect(searched({ sort: 'duration-desc' }).slice(0, 2)).toEqual([
      { id: expect.any(String), durationMs: 999 },
      { id: expect.any(String), durationMs: 998 },
    ]);
    orderDurations(db.$client, 100);
    expect(ordered()).toEqual(fromLog());
  });

  it('rebuildLogFts builds the order again (a VACUUM may renumber rowids)', () => {
    write(30);
    orderDurations(db.$client, 20);
    db.$client.exec(
      'DELETE FROM provisioning_log_durations; UPDATE provisioning_log_durations_mark SET through_rowid = 7',
    );
    rebuildLogFts(db);
    expect(ordered()).toEqual(fromLog());
    expect(mark()).toBe(30);
  });
});

describe('the job', () => {
  it('orders what was written, in batches, and stops', async () => {
    write(25);
    const job = startDurationOrder(db, { error: () => undefined }, { intervalMs: 60_000, batch: 10 });
    expect(await job.runOnce()).toBe(25);
    expect(durationTail(db.$client)).toBe(0);
    write(3);
    await job.stop();
    expect(await job.runOnce()).toBe(0); // stopped: no more batches
    expect(durationTail(db.$client)).toBe(3);
  });

  it('its timer keeps the tail short while rows arrive', async () => {
    const job = startDurationOrder(db, { error: () => undefined }, { intervalMs: 10 });
    try {
      write(12);
      await until(
        () => durationTail(db.$client),
        (t) => t === 0,
        { timeoutMs: 5000 },
      );
      expect(ordered()).toEqual(fromLog());
    } finally {
      await job.stop();
    }
  });

  it('logs a lasting failure once (not every tick) and goes on once it passes', async () => {
    const errors: { failures: number }[] = [];
    write(5);
    db.$client.exec('ALTER TABLE provisioning_log_durations_mark RENAME TO mark_away');
    const job = startDurationOrder(db, { error: (o) => errors.push(o as { failures: number }) }, { intervalMs: 5 });
    try {
      await until(
        () => errors.length,
        (k) => k > 0,
        { timeoutMs: 5000 },
      );
      await new Promise((r) => setTimeout(r, 100)); // about 20 more failing ticks
      expect(errors).toEqual([expect.objectContaining({ failures: 1 })]);
      db.$client.exec('ALTER TABLE mark_away RENAME TO provisioning_log_durations_mark');
      await until(
        () => durationTail(db.$client),
        (t) => t === 0,
        { timeoutMs: 5000 },
      );
    } finally {
      await job.stop();
    }
  });
});

describe('migration 0032', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'provisio-durations-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('orders every existing row, sets the mark, and drops the duration index', () => {
    const client = new Database(path.join(dir, 'log.db'));
    const before = drizzle(client, { schema });
    migrate(before, { migrationsFolder: migrationsBefore(dir, 32) });
    db = before as unknown as Db;
    write(60);
    migrate(before, { migrationsFolder: MIGRATIONS });
    expect(ordered()).toEqual(fromLog());
    expect(mark()).toBe(60);
    expect(client.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'plog_duration_idx'").pluck().get()).toBe(0);
    expect(searched({ sort: 'duration-asc' })).toEqual(reference(false));
    client.close();
  });
});
