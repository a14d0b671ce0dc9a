/** A fresh database with the committed migrations, plus a manual clock. */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDb } from '../../db/client';
import { createSecretBox } from '../../src/auth/secret-box';
import type { DirectoryChange } from '../../src/directory/journal';

/** A clock tests move by hand; starts at a fixed instant. */
export function manualClock(start = Date.UTC(2026, 10, 28, 9, 0, 0)) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

/** Fresh in-memory database, secret box and a recorder for directory change notifications. */
export function freshDb() {
  const db = openDb(':memory:');
  const clock = manualClock();
  const secrets = createSecretBox(crypto.randomBytes(32));
  const changes: DirectoryChange[] = [];
  const onChange = (c: DirectoryChange[]) => changes.push(...c);
  return { db, clock, secrets, changes, dir: { db, clock, onChange } };
}

/** The committed migrations folder. */
export const MIGRATIONS = fileURLToPath(new URL('../../db/migrations', import.meta.url));

/** A copy of the migrations folder without `idx` and later: the schema a previous release left on disk. */
export function migrationsBefore(to: string, idx: number): string {
  const folder = path.join(to, 'migrations');
  fs.cpSync(MIGRATIONS, folder, { recursive: true });
  const journalFile = path.join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as { entries: { idx: number; tag: string }[] };
  for (const e of journal.entries.filter((x) => x.idx >= idx)) fs.rmSync(path.join(folder, `${e.tag}.sql`));
  journal.entries = journal.entries.filter((x) => x.idx < idx);
  fs.writeFileSync(journalFile, JSON.stringify(journal));
  return folder;
}
