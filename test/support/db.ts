/** A fresh database with the committed migrations, plus a manual clock. */
import crypto from 'node:crypto';
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
