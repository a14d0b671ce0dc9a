/**
 * WAL checkpoints on a worker thread (db/checkpointer.ts, db/checkpoint-worker.cjs), on a real database file:
 * the writer's own automatic checkpoint moves to FALLBACK_PAGES while the worker runs and back to SQLite's
 * default when it stops or fails; the worker copies the WAL into the database file; nothing written is lost.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FALLBACK_PAGES, startCheckpointer } from '../../db/checkpointer';
import { type Db, openDb } from '../../db/client';
import { until } from '../support/poll';

const ROWS_PER_BATCH = 200;
const BATCHES = 10;

let dir = '';
let file = '';
let db: Db | undefined;
let extra: Database.Database | undefined;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'provisio-checkpointer-'));
  file = path.join(dir, 'provisio.db');
});
afterEach(() => {
  extra?.close();
  extra = undefined;
  if (db?.$client.open) db.$client.close();
  db = undefined;
  fs.rmSync(dir, { recursive: true, force: true });
});

function open(): Db {
  db = openDb(file);
  db.$client.exec('CREATE TABLE cp_rows (i INTEGER PRIMARY KEY, v BLOB NOT NULL)');
  return db;
}

/** About 2.5 MB in separate commits: several hundred WAL frames, far below FALLBACK_PAGES. */
function writeBatches(d: Db, from = 0): number {
  const insert = d.$client.prepare('INSERT INTO cp_rows (i, v) VALUES (?, randomblob(1200))');
  let i = from;
  for (let b = 0; b < BATCHES; b++)
    d.$client.transaction(() => {
      for (let r = 0; r < ROWS_PER_BATCH; r++) insert.run(i++);
    })();
  return i - from;
}

const autocheckpoint = (d: Db) => d.$client.pragma('wal_autocheckpoint', { simple: true });
const pages = (d: Db) =>
  (d.$client.pragma('page_count', { simple: true }) as number) *
  (d.$client.pragma('page_size', { simple: true }) as number);

describe('WAL checkpointer', () => {
  it('moves the writer to the fallback threshold and checkpoints the WAL from its own thread', async () => {
    const d = open();
    expect(autocheckpoint(d)).toBe(1000);
    const errors: Error[] = [];
    const cp = startCheckpointer(d, file, { intervalMs: 20, onError: (e) => errors.push(e) });
    if (!cp) throw new Error('no checkpointer for a file database');
    try {
      expect(autocheckpoint(d)).toBe(FALLBACK_PAGES);
      const runsBefore = (await until(cp.stats, (s) => s.runs > 0, { timeoutMs: 5000 })).runs;

      // The writer never reaches FALLBACK_PAGES here: any copy into the database file is the worker's.
      const written = writeBatches(d);
      // Every page reaches the database file itself, not only the WAL: only the worker copies them here.
      await until(
        () => ({ runs: cp.stats().runs, fileBytes: fs.statSync(file).size }),
        (x) => x.fileBytes === pages(d) && x.runs > runsBefore,
        { timeoutMs: 5000 },
      );
      // A second connection's checkpoint finds nothing left to copy (retried while the worker's own one runs).
      const other = new Database(file);
      extra = other;
      type Result = { busy: number; log: number; checkpointed: number };
      const left = await until(
        () => (other.pragma('wal_checkpoint(PASSIVE)') as Result[])[0],
        (r) => r?.busy === 0,
        { timeoutMs: 5000 },
      );
      expect(left?.log).toBeGreaterThan(0);
      expect(left?.checkpointed).toBe(left?.log);
      // And the worker's next report says the same: every frame of the WAL checkpointed.
      const s = await until(cp.stats, (x) => x.walFrames === left?.log && x.checkpointed === x.walFrames, {
        timeoutMs: 5000,
      });
      expect(s.walFrames).toBeLessThan(FALLBACK_PAGES);
      expect(s.ms).toBeGreaterThanOrEqual(0);
      extra.close();
      extra = undefined;
      expect(written).toBe(ROWS_PER_BATCH * BATCHES);
      expect(errors).toEqual([]);
    } finally {
      await cp.stop();
    }
    expect(autocheckpoint(d)).toBe(1000);
  });

  it('keeps checkpointing while the writer goes on, and loses nothing across stop()', async () => {
    const d = open();
    const cp = startCheckpointer(d, file, { intervalMs: 10 });
    if (!cp) throw new Error('no checkpointer for a file database');
    let written = 0;
    for (let round = 0; round < 3; round++) {
      const runs = cp.stats().runs;
      written += writeBatches(d, written);
      await until(
        () => ({ ...cp.stats(), fileBytes: fs.statSync(file).size }),
        (s) => s.fileBytes === pages(d) && s.runs > runs && s.checkpointed === s.walFrames && s.walFrames > 0,
        { timeoutMs: 5000 },
      );
    }
    // Rows committed after the last checkpoint are in the WAL only; stop() must not lose them either.
    written += writeBatches(d, written);
    await cp.stop();
    expect(autocheckpoint(d)).toBe(1000);
    d.$client.close();
    // The last connection to close removes the WAL: the worker's connection is closed too.
    expect(fs.existsSync(`${file}-wal`)).toBe(false);

    extra = new Database(file, { readonly: true, fileMustExist: true });
    const got = extra.prepare('SELECT count(*) AS n, sum(length(v)) AS bytes, max(i) AS last FROM cp_rows').get() as {
      n: number;
      bytes: number;
      last: number;
    };
    expect(got).toEqual({ n: written, bytes: written * 1200, last: written - 1 });
  });

  it('stop() resolves at once when called twice, and stats stay readable', async () => {
    const d = open();
    const cp = startCheckpointer(d, file, { intervalMs: 10 });
    if (!cp) throw new Error('no checkpointer for a file database');
    await until(cp.stats, (s) => s.runs > 0, { timeoutMs: 5000 });
    await cp.stop();
    await cp.stop();
    expect(cp.stats().runs).toBeGreaterThan(0);
    expect(autocheckpoint(d)).toBe(1000);
  });

  it('has nothing to do for an in-memory database', () => {
    const mem = openDb(':memory:');
    try {
      expect(startCheckpointer(mem, ':memory:')).toBeNull();
      expect(startCheckpointer(mem, '')).toBeNull();
      expect(mem.$client.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    } finally {
      mem.$client.close();
    }
  });

  it('a worker that cannot open the database reports it and gives the writer back its own checkpoints', async () => {
    const d = open();
    const errors: Error[] = [];
    const missing = path.join(dir, 'no-such.db');
    const cp = startCheckpointer(d, missing, { intervalMs: 10, onError: (e) => errors.push(e) });
    if (!cp) throw new Error('no checkpointer for a file database');
    await until(
      () => errors.length,
      (n) => n > 0,
      { timeoutMs: 5000 },
    );
    expect(errors[0]).toBeInstanceOf(Error);
    expect(errors[0]?.message).toMatch(/SQLITE_CANTOPEN|unable to open/);
    expect(autocheckpoint(d)).toBe(1000);
    expect(fs.existsSync(missing)).toBe(false);
    await cp.stop();
    expect(cp.stats().runs).toBe(0);
    // The writer works on, checkpointing itself.
    expect(writeBatches(d)).toBe(ROWS_PER_BATCH * BATCHES);
  });
});
