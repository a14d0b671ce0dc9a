/**
 * The sandbox database holds the sandbox's bearer token and provisioned people, so it is private to the
 * service's user, like `secret.key`. A copy of db/private-file.ts on purpose: the sandbox stands for another
 * app and shares no code with Provisio (dependency-cruiser rule `sandbox-apart`). SQLite creates `-wal` and `-shm` with the database file's mode,
 * so creating the database 0600 before SQLite opens it is enough for new files; files left more open by an
 * older version are tightened (and reported, so the operator knows it happened).
 */
import fs from 'node:fs';

/** A file whose mode was tightened to 0600, with the mode it had. */
export interface Tightened {
  file: string;
  mode: number;
}

/** Create `file` 0600 if missing; chmod it and its `-wal`/`-shm` to 0600 when group or others may read them. */
export function ensurePrivateSqliteFile(file: string): Tightened[] {
  if (file === ':memory:' || file === '' || file.startsWith('file:')) return [];
  try {
    fs.closeSync(fs.openSync(file, 'wx', 0o600));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const tightened: Tightened[] = [];
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    let mode: number;
    try {
      mode = fs.statSync(f).mode & 0o777;
    } catch {
      continue;
    }
    if ((mode & 0o077) === 0) continue;
    fs.chmodSync(f, 0o600);
    tightened.push({ file: f, mode });
  }
  return tightened;
}
