/**
 * Issue 12: the SQLite files (database, its WAL and SHM, and the sandbox's database) were created 0644, so
 * any local user could read sessions, sealed secrets and the audit log. They are created 0600 like
 * secret.key, and files an older version left more open are tightened (and reported).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDb } from '../../db/client';
import type { Tightened } from '../../db/private-file';
import { openSandboxStore } from '../../src/sandbox/store';

let dir = '';
let umask = 0;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'provisio-modes-'));
  // The usual default: without the fix files come out 0644.
  umask = process.umask(0o022);
});
afterEach(() => {
  process.umask(umask);
  fs.rmSync(dir, { recursive: true, force: true });
});

const mode = (f: string) => (fs.statSync(f).mode & 0o777).toString(8);

describe('SQLite file modes', () => {
  it('creates the database, its -wal and -shm 0600', () => {
    const file = path.join(dir, 'data', 'provisio.db');
    const db = openDb(file);
    db.$client.exec('create table t (x); insert into t values (1)');
    expect([file, `${file}-wal`, `${file}-shm`].map(mode)).toEqual(['600', '600', '600']);
    db.$client.close();
  });

  it("creates the sandbox's sandbox.db, its -wal and -shm 0600", () => {
    const file = path.join(dir, 'sandbox.db');
    const store = openSandboxStore(file);
    store.rotateToken();
    expect([file, `${file}-wal`, `${file}-shm`].map(mode)).toEqual(['600', '600', '600']);
    store.close();
  });

  it('tightens existing files that are more open, and says so', () => {
    const file = path.join(dir, 'provisio.db');
    const sandbox = path.join(dir, 'sandbox.db');
    for (const f of [file, `${file}-wal`, sandbox]) fs.writeFileSync(f, '', { mode: 0o644 });
    fs.chmodSync(`${file}-wal`, 0o666);
    const seen: Tightened[] = [];
    const db = openDb(file, { onTightened: (t) => seen.push(...t) });
    const store = openSandboxStore(sandbox, { onTightened: (t) => seen.push(...t) });
    expect(seen).toEqual([
      { file, mode: 0o644 },
      { file: `${file}-wal`, mode: 0o666 },
      { file: sandbox, mode: 0o644 },
    ]);
    expect([file, `${file}-wal`, `${file}-shm`, sandbox].map(mode)).toEqual(['600', '600', '600', '600']);
    store.close();
    db.$client.close();
    // A second open finds nothing to tighten.
    const again: Tightened[] = [];
    openDb(file, { onTightened: (t) => again.push(...t) }).$client.close();
    expect(again).toEqual([]);
  });
});
