import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startCheckpointer } from '../../db/checkpointer';
import { openDb } from '../../db/client';
import { createMetrics } from '../../src/metrics';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** The value of one series in a scrape, or undefined when it is absent. */
function series(text: string, name: string, labels: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}} `));
  return line === undefined ? undefined : Number(line.split(' ')[1]);
}

describe('Prometheus gauges of the WAL', () => {
  it('shows the WAL pages at the last checkpoint and how many it could not copy yet', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'provisio-wal-'));
    dirs.push(dir);
    const file = path.join(dir, 'p.db');
    const db = openDb(file);
    const checkpointer = startCheckpointer(db, file, { intervalMs: 20 });
    const metrics = createMetrics();
    metrics.watchWal(() => checkpointer?.stats() ?? null);
    try {
      db.$client.exec('CREATE TABLE filler (b BLOB)');
      const insert = db.$client.prepare('INSERT INTO filler VALUES (randomblob(3000))');
      db.$client.transaction(() => {
        for (let i = 0; i < 500; i++) insert.run();
      })();
      // The worker reports after each run; wait (bounded) for one that saw these pages.
      const deadline = Date.now() + 5000;
      while ((checkpointer?.stats().walFrames ?? 0) < 400 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 20));
      const text = await metrics.registry.metrics();
      expect(series(text, 'provisio_db_wal_frames', 'state="total"')).toBeGreaterThanOrEqual(400);
      // Nothing reads: the passive checkpoint copies every page.
      expect(series(text, 'provisio_db_wal_frames', 'state="behind"')).toBe(0);
    } finally {
      await checkpointer?.stop();
      db.$client.close();
    }
  });

  it('has no series when no checkpoint thread runs (an in-memory database)', async () => {
    const db = openDb(':memory:');
    const metrics = createMetrics();
    const checkpointer = startCheckpointer(db, ':memory:');
    metrics.watchWal(() => checkpointer?.stats() ?? null);
    expect(checkpointer).toBeNull();
    expect(await metrics.registry.metrics()).not.toMatch(/^provisio_db_wal_frames\{/m);
    db.$client.close();
  });
});
