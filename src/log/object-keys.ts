/**
 * Finding log rows by source or target id (an object's history, the log page's identity filter, Graph
 * `$filter=sourceIdentity/id eq …`). These lookups go through `provisioning_log_keys`, a contentless FTS5 table
 * with one token per id (migration 0031), instead of b-tree indexes on source_id and target_id: those keys are
 * random, so each insert descended both trees to a random leaf, most of the writer's time under a search load
 * (2.0–2.3× the rows/s without them in bench/log-insert.ts, issue 16). FTS5 buffers new tokens in memory and
 * writes them as one sorted segment per commit, merging segments later, so the log's inserts stay appends.
 *
 * A token is `s` or `t` and the hex of the id's first KEY_BYTES bytes: letters and digits only, so FTS5's
 * `ascii` tokenizer keeps it whole, and the migration computes the same text in SQL for rows it backfills.
 * Two ids that share those bytes share a token, so every lookup also compares the column itself.
 */
import { type SQL, sql } from 'drizzle-orm';
import { provisioningLog } from '../../db/schema';

/** Bytes of an id that go into its token (SQL: `substr(CAST(id AS BLOB), 1, 200)`). */
export const KEY_BYTES = 200;

export type KeyKind = 'source' | 'target';
const PREFIX: Record<KeyKind, string> = { source: 's', target: 't' };

/** The token of an id: its kind's letter and the lowercase hex of its first KEY_BYTES UTF-8 bytes. */
export function keyToken(kind: KeyKind, id: string): string {
  return PREFIX[kind] + Buffer.from(id, 'utf8').subarray(0, KEY_BYTES).toString('hex');
}

/** The text indexed for a row: its source id's token, and its target id's when it has one. */
export function rowKeys(sourceId: string, targetId: string | null): string {
  const source = keyToken('source', sourceId);
  return targetId === null ? source : `${source} ${keyToken('target', targetId)}`;
}

/** An FTS5 query matching any of the given (kind, id) pairs; tokens are quoted, so none reads as an operator. */
export function keysMatch(pairs: readonly (readonly [KeyKind, string])[]): string {
  return [...new Set(pairs.map(([kind, id]) => `"${keyToken(kind, id)}"`))].join(' OR ');
}

/** `rowid IN (rows whose keys match)`: the candidate rows of these ids (callers still compare the columns). */
export function keyedRowids(pairs: readonly (readonly [KeyKind, string])[]): SQL {
  if (pairs.length === 0) return sql`0`;
  return sql`${provisioningLog}.rowid in (select rowid from provisioning_log_keys where provisioning_log_keys match ${keysMatch(pairs)})`;
}

const COLUMN = { source: provisioningLog.sourceId, target: provisioningLog.targetId } as const;

/** Rows whose source (or target) id is one of `ids` (exact); no ids match nothing. */
export function keyedIdIn(kind: KeyKind, ids: readonly string[]): SQL {
  if (ids.length === 0) return sql`0`;
  const column = COLUMN[kind];
  const exact = ids.length === 1 ? sql`${column} = ${ids[0]}` : sql`${column} in ${ids}`;
  return sql`(${keyedRowids(ids.map((id) => [kind, id] as const))} and ${exact})`;
}

/** Rows whose source id is one of `ids` (exact). */
export const sourceIdIn = (ids: readonly string[]): SQL => keyedIdIn('source', ids);

/** Rows whose target id is one of `ids` (exact). */
export const targetIdIn = (ids: readonly string[]): SQL => keyedIdIn('target', ids);

/** Rows whose source or target id is `id` (exact). */
export function sourceOrTargetIs(id: string): SQL {
  const keys = keyedRowids([
    ['source', id],
    ['target', id],
  ]);
  return sql`(${keys} and (${provisioningLog.sourceId} = ${id} or ${provisioningLog.targetId} = ${id}))`;
}

/** keyToken in SQL, for a column or expression (migration 0031 spells the same). */
const tokenSql = (prefix: string, column: string) =>
  `'${prefix}' || lower(hex(substr(CAST(${column} AS BLOB), 1, ${KEY_BYTES})))`;

/** Indexes every row's keys again (rebuildLogFts). hex(NULL) is '', not NULL: a missing target is tested, not coalesced. */
export const REINDEX_LOG_KEYS_SQL = `INSERT INTO provisioning_log_keys(rowid, keys) SELECT rowid, ${tokenSql('s', 'source_id')} || CASE WHEN target_id IS NULL THEN '' ELSE ' ' || ${tokenSql('t', 'target_id')} END FROM provisioning_log`;

/** Statement text for the writer: one keys entry per log row, rowid shared with the row. */
export const INDEX_LOG_KEYS_SQL = 'INSERT INTO provisioning_log_keys(rowid, keys) VALUES (?, ?)';
