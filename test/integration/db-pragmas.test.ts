import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb, PAGE_CACHE_KIB } from '../../db/client';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('openDb pragmas', () => {
  it('gives every connection a 32 MiB page cache, WAL and the other pragmas', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'provisio-pragmas-'));
    dirs.push(dir);
    const file = path.join(dir, 'p.db');
    // Two connections to one file: cache_size is per connection, so each open sets it.
    for (const db of [openDb(file), openDb(file)]) {
      const get = (p: string) => db.$client.pragma(p, { simple: true });
      expect(PAGE_CACHE_KIB).toBe(32 * 1024);
      expect(get('cache_size')).toBe(-PAGE_CACHE_KIB);
      expect(get('journal_mode')).toBe('wal');
      expect(get('synchronous')).toBe(1); // NORMAL
      expect(get('foreign_keys')).toBe(1);
      expect(get('temp_store')).toBe(2); // MEMORY
      db.$client.close();
    }
  });

  it('sets the page cache on an in-memory database too', () => {
    const db = openDb(':memory:');
    expect(db.$client.pragma('cache_size', { simple: true })).toBe(-PAGE_CACHE_KIB);
  });
});
