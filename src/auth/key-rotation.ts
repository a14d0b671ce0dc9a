/**
 * Re-encrypt every stored secret with a new key, in one transaction: all or nothing. Secrets are found by
 * convention rather than a hand-kept list: any `*_enc` column of any table, and any `...Enc` field inside
 * a JSON value of the `settings` table (the SMTP password). Every one must open with the old key, otherwise
 * nothing is changed and the error names where the unreadable secret is.
 */
import type { Db } from '../../db/client';
import { writeAudit } from '../audit/audit-log';
import type { Actor } from '../kernel/actor';
import type { Clock } from '../kernel/clock';
import { AppError } from '../kernel/errors';
import type { SecretBox } from './secret-box';

interface EncColumn {
  table: string;
  column: string;
}

/** Every text column named `*_enc` in the database. */
export function encryptedColumns(db: Db): EncColumn[] {
  const sqlite = db.$client;
  const tables = sqlite
    .prepare(
      "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '%fts%'",
    )
    .pluck()
    .all() as string[];
  const out: EncColumn[] = [];
  for (const table of tables) {
    const cols = sqlite.prepare(`select name from pragma_table_info(?)`).pluck().all(table) as string[];
    for (const column of cols) if (column.endsWith('_enc')) out.push({ table, column });
  }
  return out;
}

function resealJson(value: unknown, swap: (envelope: string) => string): unknown {
  if (Array.isArray(value)) return value.map((v) => resealJson(v, swap));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        k.endsWith('Enc') && typeof v === 'string' ? swap(v) : resealJson(v, swap),
      ]),
    );
  }
  return value;
}

/** Re-seal everything from `oldBox` to `newBox`; returns how many secrets were re-encrypted. */
export function rotateSecrets(db: Db, clock: Clock, actor: Actor, oldBox: SecretBox, newBox: SecretBox): number {
  const sqlite = db.$client;
  const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
  let count = 0;
  const run = sqlite.transaction(() => {
    for (const { table, column } of encryptedColumns(db)) {
      const rows = sqlite
        .prepare(`select rowid as id, ${quote(column)} as v from ${quote(table)} where ${quote(column)} is not null`)
        .all() as { id: number; v: string }[];
      const update = sqlite.prepare(`update ${quote(table)} set ${quote(column)} = ? where rowid = ?`);
      for (const r of rows) {
        update.run(swapOrExplain(r.v, oldBox, newBox, `${table}.${column} row ${r.id}`), r.id);
        count++;
      }
    }
    const settingsRows = sqlite.prepare('select key, value from settings').all() as { key: string; value: string }[];
    for (const s of settingsRows) {
      let changed = 0;
      const next = resealJson(JSON.parse(s.value), (envelope) => {
        changed++;
        return swapOrExplain(envelope, oldBox, newBox, `settings "${s.key}"`);
      });
      if (changed) sqlite.prepare('update settings set value = ? where key = ?').run(JSON.stringify(next), s.key);
      count += changed;
    }
    writeAudit(
      db,
      actor,
      { activity: 'secrets.rotate_key', targetType: 'secret_key', after: { reencrypted: count } },
      clock.now(),
    );
  });
  run();
  return count;
}

function swapOrExplain(envelope: string, oldBox: SecretBox, newBox: SecretBox, where: string): string {
  try {
    return newBox.seal(oldBox.open(envelope));
  } catch (cause) {
    throw new AppError(
      'secret_unreadable',
      `The secret in ${where} does not open with the current key; nothing was changed`,
      {
        cause,
      },
    );
  }
}

/** Whether `box` opens the first stored secret (true when there is none): tells which key is current. */
export function keyOpensSecrets(db: Db, box: SecretBox): boolean {
  for (const { table, column } of encryptedColumns(db)) {
    const v = db.$client
      .prepare(`select "${column}" from "${table}" where "${column}" is not null limit 1`)
      .pluck()
      .get() as string | undefined;
    if (v === undefined) continue;
    try {
      box.open(v);
      return true;
    } catch {
      return false;
    }
  }
  return true;
}
