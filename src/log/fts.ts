/**
 * Full-text search over the provisioning log (contentless FTS5 table `provisioning_log_fts`, migration 0006).
 * User input never reaches FTS5 as syntax: it is cut into terms that are each emitted as a quoted string,
 * so `AND`, `NEAR(`, `col:`, stray quotes or `^` are searched for as text instead of raising a syntax error.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { provisioningLog } from '../../db/schema';
import { REORDER_DURATIONS_SQL } from './duration-order';
import { REINDEX_LOG_KEYS_SQL } from './object-keys';

// A term with no letter or digit has no tokens: an empty FTS5 string would match nothing or fail, so it is dropped.
const HAS_TOKEN = /[\p{L}\p{N}]/u;

function quote(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}

/**
 * A safe FTS5 query for what a user typed: `"exact phrase"`, `prefix*` and plain words (all must match).
 * Returns null when nothing searchable is left (the filter is then ignored).
 */
export function toFtsQuery(input: string): string | null {
  const terms: string[] = [];
  for (const m of input.matchAll(/"([^"]*)"?(\*?)|(\S+)/g)) {
    const phrase = m[1];
    const bare = m[3];
    if (phrase !== undefined) {
      if (HAS_TOKEN.test(phrase)) terms.push(`${quote(phrase)}${m[2] ? '*' : ''}`);
    } else if (bare !== undefined) {
      const prefix = bare.endsWith('*');
      const text = bare.replace(/\*+$/, '');
      if (HAS_TOKEN.test(text)) terms.push(`${quote(text)}${prefix ? '*' : ''}`);
    }
  }
  return terms.length > 0 ? terms.join(' AND ') : null;
}

/** Identity search: the input as one phrase whose last word is a prefix ("user 1" finds "User 12"), names and ids. */
export function toIdentityFtsQuery(input: string): string | null {
  const text = input.replaceAll('*', ' ').trim();
  return HAS_TOKEN.test(text) ? `identity : ${quote(text)}*` : null;
}

/** Up to this many matches, a search starts from the FTS matches; above it, from the sort order's index. */
export const FTS_DRIVE_LIMIT = 2000;

/** True when the FTS query matches more rows than FTS_DRIVE_LIMIT (counting stops there, so it stays cheap). */
export function ftsIsDense(db: Db, query: string): boolean {
  const row = db.$client
    .prepare(
      'SELECT count(*) AS n FROM (SELECT rowid FROM provisioning_log_fts WHERE provisioning_log_fts MATCH ? LIMIT ?)',
    )
    .get(query, FTS_DRIVE_LIMIT + 1) as { n: number } | undefined;
  return (row?.n ?? 0) > FTS_DRIVE_LIMIT;
}

/**
 * `rowid IN (rows whose FTS entry matches)`. A few matches are best fetched and sorted (SQLite drives from the
 * IN list); many matches are best probed while walking the sort order's index, which stops after one page.
 * `probe` writes `+rowid`, which keeps SQLite from driving from the list (each fetched match costs a row read
 * and a sort slot, so 100,000 matches took seconds where the probe takes milliseconds).
 */
export function rowidIn(subquery: SQL, probe: boolean, rowid: SQL = LOG_ROWID): SQL {
  return probe ? sql`+${rowid} in (${subquery})` : sql`${rowid} in (${subquery})`;
}

/** A log row's rowid; a query that reaches rows through another table's copy of it passes that column instead. */
export const LOG_ROWID = sql`${provisioningLog}.rowid`;

/** The FTS rows matching a query, as a subquery for rowidIn. */
export function ftsRows(query: string): SQL {
  return sql`select rowid from provisioning_log_fts where provisioning_log_fts match ${query}`;
}

/**
 * Re-index every row (after a VACUUM, which may renumber the implicit rowids the indexes point at): the FTS
 * text, the id keys and the duration order.
 */
export function rebuildLogFts(db: Db): void {
  db.$client.transaction(() => {
    db.$client.exec(`INSERT INTO provisioning_log_keys(provisioning_log_keys) VALUES ('delete-all')`);
    db.$client.exec(REINDEX_LOG_KEYS_SQL);
    db.$client.exec(`INSERT INTO provisioning_log_fts(provisioning_log_fts) VALUES ('delete-all')`);
    db.$client.exec(
      'INSERT INTO provisioning_log_fts(rowid, identity, body) SELECT log_rowid, identity, body FROM provisioning_log_search',
    );
    db.$client.exec(REORDER_DURATIONS_SQL);
  })();
}
