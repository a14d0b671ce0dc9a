import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../db/client';
import { provisioningLog as t } from '../../db/schema';
import { rebuildLogFts } from '../../src/log/fts';
import { graphList } from '../../src/log/graph-query';
import { KEY_BYTES, keysMatch, keyToken, REINDEX_LOG_KEYS_SQL, rowKeys } from '../../src/log/object-keys';
import { parseLogQuery, searchLogs } from '../../src/log/query';
import { writeLogs } from '../../src/log/write';

import {
  bySource,
  byTarget,
  db,
  deleteAllKeys,
  entry,
  expectedTokens,
  ID_VALUES,
  IDS,
  indexedTokens,
  matchRowids,
  preKeysDatabase,
  type Row,
  rows,
  SHARED,
  seed,
  tempDir,
  useKeysDb,
} from '../support/log-keys';

useKeysDb();

describe('keyToken, rowKeys, keysMatch', () => {
  it.each(IDS)('%s: a token of one letter and lowercase hex of the first 200 UTF-8 bytes', (_name, id) => {
    const bytes = Buffer.from(id, 'utf8');
    const hex = bytes.subarray(0, KEY_BYTES).toString('hex');
    expect(keyToken('source', id)).toBe(`s${hex}`);
    expect(keyToken('target', id)).toBe(`t${hex}`);
    expect(keyToken('source', id)).toMatch(/^s[0-9a-f]+$/);
    expect(keyToken('source', id).length).toBe(1 + 2 * Math.min(bytes.length, KEY_BYTES));
    expect(rowKeys(id, null)).toBe(keyToken('source', id));
    expect(rowKeys(id, 'tgt-1')).toBe(`${keyToken('source', id)} ${keyToken('target', 'tgt-1')}`);
    // Quoted, and nothing inside the quotes but letters and digits: no id reads as an FTS5 operator.
    expect(keysMatch([['source', id]])).toBe(`"${keyToken('source', id)}"`);
  });

  it('ids sharing their first 200 bytes share a token; a byte later does not matter, a byte earlier does', () => {
    expect(keyToken('source', `${SHARED}-one`)).toBe(keyToken('source', `${SHARED}-two`));
    expect(keyToken('source', `${SHARED}-one`)).toBe(keyToken('source', SHARED));
    expect(keyToken('source', `x${SHARED}`)).not.toBe(keyToken('source', SHARED));
    expect(keyToken('source', `${'日'.repeat(70)}`).length).toBe(1 + 2 * KEY_BYTES);
  });

  it('the empty id has a bare letter; the source and target tokens of one id differ', () => {
    expect(keyToken('source', '')).toBe('s');
    expect(keyToken('target', '')).toBe('t');
    expect(rowKeys('u1', '')).toBe(`${keyToken('source', 'u1')} t`);
    expect(keyToken('source', 'x')).not.toBe(keyToken('target', 'x'));
  });

  it('keysMatch ORs distinct quoted tokens, dropping repeats', () => {
    expect(
      keysMatch([
        ['source', 'a'],
        ['target', 'a'],
        ['source', 'a'],
      ]),
    ).toBe(`"${keyToken('source', 'a')}" OR "${keyToken('target', 'a')}"`);
  });

  it.each(IDS)('%s: FTS5 accepts the match text and finds the id as source and as target', (_name, id) => {
    seed(db);
    const rowidsOf = (ids: string[]) =>
      rows(db)
        .filter((r) => ids.includes(r.id))
        .map((r) => r.rowid)
        .sort((a, b) => a - b);
    // Candidates share the first 200 bytes; the ids here that do are the two SHARED ones.
    const sameToken = ID_VALUES.filter((o) => keyToken('source', o) === keyToken('source', id));
    expect(matchRowids(db, [['source', id]])).toEqual(rowidsOf(sameToken.flatMap((o) => bySource(db, o))));
    expect(matchRowids(db, [['target', id]])).toEqual(rowidsOf(sameToken.flatMap((o) => byTarget(db, o))));
  });
});

describe('every writer of the keys indexes the same tokens', () => {
  it('writeLogs indexes exactly rowKeys of each row (null target: the source token only)', () => {
    seed(db);
    const got = indexedTokens(db);
    expect(got.size).toBe(rows(db).length);
    expect(got).toEqual(expectedTokens(db));
    const noTarget = rows(db).find((r) => r.targetId === null);
    expect(got.get(noTarget?.rowid ?? -1)).toEqual([keyToken('source', noTarget?.sourceId ?? '')]);
  });

  it('migration 0031 backfills the ids of rows logged before it, and they are found', () => {
    const dir = tempDir('provisio-0031-');
    const file = preKeysDatabase(
      dir,
      ID_VALUES.map((id, i) => entry(i, id, `tgt ${id}`)),
    );
    const migrated = openDb(file);
    try {
      expect(indexedTokens(migrated)).toEqual(expectedTokens(migrated));
      for (const id of ID_VALUES) {
        const found = searchLogs(migrated, parseLogQuery({ limit: '100', identity: `tgt ${id}` })).items;
        expect(found.map((r) => r.sourceId)).toEqual([id]);
      }
    } finally {
      migrated.$client.close();
    }
  });

  // hex(NULL) is '' and not NULL: the backfill must test for a missing target, not coalesce it.
  it('migration 0031 gives a row without a target its source token only', () => {
    const dir = tempDir('provisio-0031-');
    const file = preKeysDatabase(dir, [entry(1, 'no-target-1', null), entry(2, 'with-target', 'tgt-2')]);
    const migrated = openDb(file);
    try {
      expect(indexedTokens(migrated)).toEqual(expectedTokens(migrated));
    } finally {
      migrated.$client.close();
    }
  });

  it('REINDEX_LOG_KEYS_SQL and rebuildLogFts compute the same tokens, and lookups still find every row', () => {
    seed(db);
    deleteAllKeys(db);
    db.$client.exec(REINDEX_LOG_KEYS_SQL);
    expect(indexedTokens(db)).toEqual(expectedTokens(db));
    rebuildLogFts(db);
    expect(indexedTokens(db)).toEqual(expectedTokens(db));
    for (const id of ID_VALUES) {
      const found = searchLogs(db, parseLogQuery({ limit: '1000', identity: id })).items.map((r) => r.id);
      expect(found.sort(), id).toEqual([...new Set([...bySource(db, id), ...byTarget(db, id)])].sort());
    }
  });

  it('the empty target id and a NUL inside an id index alike in JS and SQL', () => {
    writeLogs(db, [entry(1, 'u-empty-target', ''), entry(2, 'nul\u0000inside', 'x\u0000y')]);
    const written = indexedTokens(db);
    expect(written).toEqual(expectedTokens(db));
    deleteAllKeys(db);
    db.$client.exec(REINDEX_LOG_KEYS_SQL);
    expect(indexedTokens(db)).toEqual(written);
    expect(matchRowids(db, [['target', '']])).toHaveLength(1);
  });

  it('UPDATE of source_id or target_id re-indexes the row (trigger provisioning_log_keys_au)', () => {
    seed(db);
    const [first] = bySource(db, ID_VALUES[0] ?? '');
    const row = rows(db).find((r) => r.id === first) as Row;
    const oldTarget = row.targetId as string;
    const newSource = 'renamed 🎉 "source" OR *';
    db.update(t).set({ sourceId: newSource }).where(eq(t.id, row.id)).run();
    expect(indexedTokens(db)).toEqual(expectedTokens(db));
    expect(matchRowids(db, [['source', ID_VALUES[0] ?? '']])).not.toContain(row.rowid);
    expect(matchRowids(db, [['source', newSource]])).toEqual([row.rowid]);
    expect(searchLogs(db, parseLogQuery({ identity: newSource })).items.map((r) => r.id)).toEqual([row.id]);
    expect(
      searchLogs(db, parseLogQuery({ limit: '100', identity: ID_VALUES[0] })).items.map((r) => r.id),
    ).not.toContain(row.id);

    const newTarget = 'tgt \u00e9 "x"';
    db.update(t).set({ targetId: newTarget }).where(eq(t.id, row.id)).run();
    expect(indexedTokens(db)).toEqual(expectedTokens(db));
    expect(matchRowids(db, [['target', oldTarget]])).not.toContain(row.rowid);
    expect(matchRowids(db, [['target', newTarget]])).toEqual([row.rowid]);
    // An update of another column leaves the keys as they are.
    db.$client.prepare("UPDATE provisioning_log SET status = 'failure' WHERE id = ?").run(row.id);
    expect(indexedTokens(db)).toEqual(expectedTokens(db));
  });

  it('UPDATE of target_id to NULL: the old target no longer finds the row', () => {
    seed(db);
    const row = rows(db).find((r) => r.targetId !== null) as Row;
    db.$client.prepare('UPDATE provisioning_log SET target_id = NULL WHERE id = ?').run(row.id);
    expect(matchRowids(db, [['target', row.targetId as string]])).not.toContain(row.rowid);
    expect(matchRowids(db, [['source', row.sourceId]])).toContain(row.rowid);
    expect(graphList(db, { $filter: `targetIdentity/id eq ''` }, new Map()).value).toEqual([]);
  });

  // The update trigger tests for a missing target as the backfill does (hex(NULL) is an empty string).
  it('UPDATE of target_id to NULL leaves the source token only (trigger provisioning_log_keys_au)', () => {
    seed(db);
    const row = rows(db).find((r) => r.targetId !== null) as Row;
    db.$client.prepare('UPDATE provisioning_log SET target_id = NULL WHERE id = ?').run(row.id);
    expect(indexedTokens(db).get(row.rowid)).toEqual([keyToken('source', row.sourceId)]);
  });
});
