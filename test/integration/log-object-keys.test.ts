/**
 * Log rows are found by source or target id through provisioning_log_keys (src/log/object-keys.ts, migration
 * 0031): one FTS5 token per id, `s`/`t` and the hex of the id's first 200 UTF-8 bytes. These tests pin that the
 * writer, the migration's backfill, rebuildLogFts and the update trigger all index the same tokens (read back
 * through fts5vocab), that every lookup path compares the column after the token match, that deletes take the
 * keys with them, and that the lookups start from the keys table rather than a scan of the log.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { desc, eq, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Db, openDb } from '../../db/client';
import { provisioningLog as t } from '../../db/schema';
import { createApplication } from '../../src/apps/applications';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { rebuildLogFts } from '../../src/log/fts';
import { parseFilter } from '../../src/log/graph-filter';
import { graphPageSql } from '../../src/log/graph-page';
import { graphList } from '../../src/log/graph-query';
import {
  KEY_BYTES,
  keysMatch,
  keyToken,
  REINDEX_LOG_KEYS_SQL,
  rowKeys,
  sourceIdIn,
  sourceOrTargetIs,
} from '../../src/log/object-keys';
import { logFilterWhere, parseLogQuery, planFts, searchLogs } from '../../src/log/query';
import { purgeBatch } from '../../src/log/retention';
import type { LogEntry } from '../../src/log/types';
import { INSERT_LOG_ROW_SQL, logRowParams, writeLogs } from '../../src/log/write';
import { userProvisioning } from '../../src/operate/user-provisioning';
import { freshDb } from '../support/db';

const T0 = Date.UTC(2026, 10, 1);
const SHARED = 'p'.repeat(KEY_BYTES);

/** Ids an admin's directory or a target app may hand us; each row of the log below uses one as source and target. */
const IDS: readonly (readonly [string, string])[] = [
  ['uuid', '3f2b8c1e-9a4d-4e6f-b1c2-7d8e9f0a1b2c'],
  ['upper-case uuid', '3F2B8C1E-9A4D-4E6F-B1C2-7D8E9F0A1B2D'],
  ['spaces', 'jane doe 42'],
  ['quotes', `o'brien "the" boss`],
  ['lone double quote', '"'],
  ['star', 'abc*'],
  ['FTS operators', 'a OR b AND NOT c NEAR(d)'],
  ['colon and parentheses', 'identity : (x)'],
  ['accented', 'émile.zola@contoso.example'],
  ['CJK', '日本語ユーザー'],
  ['emoji', 'party-🎉-👩‍💻'],
  ['long ASCII (> 200 bytes)', `L${'o'.repeat(230)}ng`],
  ['long multibyte, cut inside a character at byte 200', `a${'日'.repeat(80)}`],
  ['shared first 200 bytes, one', `${SHARED}-one`],
  ['shared first 200 bytes, two', `${SHARED}-two`],
];
const ID_VALUES = IDS.map(([, id]) => id);

type Row = { rowid: number; id: string; sourceId: string; targetId: string | null };

function entry(n: number, sourceId: string, targetId: string | null, appId = 'app-x', at = T0 + n * 1000): LogEntry {
  return {
    id: `k${String(n).padStart(5, '0')}`,
    appId,
    activityDateTime: at,
    jobId: 'scim.job',
    cycleId: 'cy1',
    provisioningAction: 'update',
    status: 'success',
    durationMs: 5,
    initiatedBy: { type: 'system', name: 'Provisio provisioning service' },
    // Display names share no word with any id, so an identity search can only find a row by its id.
    source: { id: sourceId, displayName: `Person ${n}`, type: 'user' },
    target: { id: targetId, displayName: null },
    sourceSystem: 'Provisio directory',
    targetSystem: 'Sandbox',
    error: null,
    steps: [],
    modifiedProperties: [],
  };
}

/** Each id twice as a source (target: the next id, then none) and once as a target, plus filler rows. */
function seed(db: Db): void {
  const entries: LogEntry[] = [];
  let n = 0;
  ID_VALUES.forEach((id, i) => {
    entries.push(entry(n++, id, ID_VALUES[(i + 1) % ID_VALUES.length] ?? null));
    entries.push(entry(n++, id, null));
  });
  for (let i = 0; i < 200; i++) entries.push(entry(n++, `filler-src-${i}`, `filler-tgt-${i}`));
  writeLogs(db, entries);
}

const rows = (db: Db): Row[] =>
  db.$client
    .prepare('SELECT rowid, id, source_id AS sourceId, target_id AS targetId FROM provisioning_log ORDER BY rowid')
    .all() as Row[];

/** Every (rowid → sorted tokens) the keys table holds, read from its index through fts5vocab. */
function indexedTokens(db: Db): Map<number, string[]> {
  db.$client.exec(
    "CREATE VIRTUAL TABLE IF NOT EXISTS temp.plk_vocab USING fts5vocab(main, 'provisioning_log_keys', 'instance')",
  );
  const out = new Map<number, string[]>();
  for (const r of db.$client.prepare('SELECT doc, term FROM temp.plk_vocab ORDER BY doc, term').all() as {
    doc: number;
    term: string;
  }[])
    out.set(r.doc, [...(out.get(r.doc) ?? []), r.term]);
  return out;
}

/** What rowKeys gives for every row of the log, in the shape of indexedTokens. */
function expectedTokens(db: Db): Map<number, string[]> {
  return new Map(rows(db).map((r) => [r.rowid, rowKeys(r.sourceId, r.targetId).split(' ').sort()]));
}

const matchRowids = (db: Db, pairs: readonly (readonly ['source' | 'target', string])[]) =>
  (
    db.$client
      .prepare('SELECT rowid FROM provisioning_log_keys WHERE provisioning_log_keys MATCH ? ORDER BY rowid')
      .all(keysMatch(pairs)) as { rowid: number }[]
  ).map((r) => r.rowid);

const changeIds = (list: readonly Row[]) => list.map((r) => r.id).sort();
const bySource = (db: Db, id: string) => changeIds(rows(db).filter((r) => r.sourceId === id));
const byTarget = (db: Db, id: string) => changeIds(rows(db).filter((r) => r.targetId === id));

const MIGRATIONS = fileURLToPath(new URL('../../db/migrations', import.meta.url));

/** A copy of the migrations folder without `idx` and later: the schema a previous release left on disk. */
function migrationsBefore(to: string, idx: number): string {
  const folder = path.join(to, 'migrations');
  fs.cpSync(MIGRATIONS, folder, { recursive: true });
  const journalFile = path.join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as { entries: { idx: number; tag: string }[] };
  for (const e of journal.entries.filter((x) => x.idx >= idx)) fs.rmSync(path.join(folder, `${e.tag}.sql`));
  journal.entries = journal.entries.filter((x) => x.idx < idx);
  fs.writeFileSync(journalFile, JSON.stringify(journal));
  return folder;
}

/** A database file as the release before 0031 left it, holding `entries`; opened (migrated) by the caller. */
function preKeysDatabase(dir: string, entries: readonly LogEntry[]): string {
  const file = path.join(dir, 'old.db');
  const old = new Database(file);
  migrate(drizzle({ client: old }), { migrationsFolder: migrationsBefore(dir, 31) });
  const insert = old.prepare(INSERT_LOG_ROW_SQL);
  old.transaction(() => {
    for (const e of entries) insert.run(...logRowParams(e));
  })();
  old.close();
  return file;
}

function deleteAllKeys(db: Db): void {
  db.$client.exec(`INSERT INTO provisioning_log_keys(provisioning_log_keys) VALUES ('delete-all')`);
}

let db: Db;
let base: ReturnType<typeof freshDb>;
let dir = '';
beforeEach(() => {
  base = freshDb();
  db = base.db;
});
afterEach(() => {
  db.$client.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  dir = '';
});

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
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'provisio-0031-'));
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

  // KNOWN BUG (reported): the backfill's `coalesce(' t' || lower(hex(…target_id…)), '')` never falls back, since
  // hex(NULL) is '' and not NULL, so every row without a target gets a bare `t` token (the empty target id's).
  // Lookups stay right (the column compare drops them); fixing 0031's effect needs a migration. Flip to `it`.
  it.fails('migration 0031 gives a row without a target its source token only', () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'provisio-0031-'));
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

  // KNOWN BUG (reported): trigger provisioning_log_keys_au has the same coalesce as the 0031 backfill, so a
  // target set to NULL indexes a bare `t` (see above). Flip to `it` once a migration recreates the trigger.
  it.fails('UPDATE of target_id to NULL leaves the source token only (trigger provisioning_log_keys_au)', () => {
    seed(db);
    const row = rows(db).find((r) => r.targetId !== null) as Row;
    db.$client.prepare('UPDATE provisioning_log SET target_id = NULL WHERE id = ?').run(row.id);
    expect(indexedTokens(db).get(row.rowid)).toEqual([keyToken('source', row.sourceId)]);
  });
});

describe('lookups through the real query paths find their rows and only them', () => {
  it.each(IDS)('%s: log search Identity filter, by exact source id and by exact target id', (_name, id) => {
    seed(db);
    const found = (identity: string) =>
      searchLogs(db, parseLogQuery({ limit: '1000', identity }))
        .items.map((r) => r.id)
        .sort();
    // An id is both some rows' source and another row's target: the filter finds either.
    expect(found(id)).toEqual([...new Set([...bySource(db, id), ...byTarget(db, id)])].sort());
    expect(found(id).length).toBe(3);
    expect(found('filler-tgt-7')).toEqual(byTarget(db, 'filler-tgt-7'));
    expect(found('filler-src-7')).toEqual(bySource(db, 'filler-src-7'));
  });

  it.each(IDS)("%s: Graph $filter=sourceIdentity/id eq '…' and targetIdentity/id eq '…'", (_name, id) => {
    seed(db);
    const literal = `'${id.replaceAll("'", "''")}'`;
    const graph = (filter: string) =>
      graphList(db, { $filter: filter, $top: '1000' }, new Map())
        .value.map((r) => r.id)
        .sort();
    expect(graph(`sourceIdentity/id eq ${literal}`)).toEqual(bySource(db, id));
    expect(graph(`targetIdentity/id eq ${literal}`)).toEqual(byTarget(db, id));
    expect(graph(`sourceIdentity/id eq ${literal} or targetIdentity/id eq ${literal}`)).toEqual(
      [...bySource(db, id), ...byTarget(db, id)].sort(),
    );
  });

  it("a user's last log row per app (user-provisioning), not another id's sharing the first 200 bytes", () => {
    const deps = { db, clock: base.clock, secrets: base.secrets };
    const a = createApplication(deps, CLI_ACTOR, { name: 'Alpha', template: 'mindtickle' });
    const b = createApplication(deps, CLI_ACTOR, { name: 'Beta', template: 'mindtickle' });
    const one = `${SHARED}-one`;
    const two = `${SHARED}-two`;
    writeLogs(db, [
      entry(1, one, 't1', a.id, T0 + 1000),
      entry(2, one, 't1', a.id, T0 + 2000),
      entry(3, one, 't1', b.id, T0 + 3000),
      // Later rows of the id sharing the token, and a row where `one` is only the target.
      entry(4, two, 't2', a.id, T0 + 9000),
      entry(5, two, 't2', b.id, T0 + 9000),
      entry(6, 'someone-else', one, a.id, T0 + 9500),
    ]);
    const last = (userId: string) =>
      Object.fromEntries(userProvisioning(db, userId).map((s) => [s.appName, s.lastLog?.id ?? null]));
    expect(last(one)).toEqual({ Alpha: 'k00002', Beta: 'k00003' });
    expect(last(two)).toEqual({ Alpha: 'k00004', Beta: 'k00005' });
    expect(last(SHARED)).toEqual({});
  });

  it('ids sharing their first 200 bytes: each lookup returns only its own rows', () => {
    seed(db);
    const one = `${SHARED}-one`;
    const two = `${SHARED}-two`;
    // Same token, so the keys alone would return both ids' rows.
    expect(matchRowids(db, [['source', one]])).toEqual(matchRowids(db, [['source', two]]));
    const idsWhere = (w: ReturnType<typeof sourceIdIn>) =>
      db
        .select({ id: t.id })
        .from(t)
        .where(w)
        .all()
        .map((r) => r.id)
        .sort();
    expect(idsWhere(sourceIdIn([one]))).toEqual(bySource(db, one));
    expect(idsWhere(sourceIdIn([one, two]))).toEqual([...bySource(db, one), ...bySource(db, two)].sort());
    expect(idsWhere(sourceOrTargetIs(two))).toEqual([...bySource(db, two), ...byTarget(db, two)].sort());
    expect(idsWhere(sourceIdIn([SHARED]))).toEqual([]);
    const graph = graphList(db, { $filter: `sourceIdentity/id eq '${two}'` }, new Map()).value.map((r) => r.id);
    expect(graph.sort()).toEqual(bySource(db, two));
  });
});

describe('deleted log rows take their keys with them', () => {
  const count = (match: string) =>
    (
      db.$client
        .prepare('SELECT count(*) AS n FROM provisioning_log_keys WHERE provisioning_log_keys MATCH ?')
        .get(match) as { n: number }
    ).n;

  it('a plain DELETE', () => {
    seed(db);
    const id = 'jane doe 42';
    const match = keysMatch([
      ['source', id],
      ['target', id],
    ]);
    expect(count(match)).toBe(3);
    db.$client.prepare('DELETE FROM provisioning_log WHERE source_id = ? OR target_id = ?').run(id, id);
    expect(count(match)).toBe(0);
    expect(indexedTokens(db)).toEqual(expectedTokens(db));
  });

  it('the retention purge', () => {
    seed(db);
    const old = ID_VALUES.slice(0, 3);
    // The first six rows (three ids as sources) are the oldest; purge everything before the seventh.
    const cutoff = T0 + 6 * 1000;
    const before = indexedTokens(db).size;
    expect(purgeBatch(db, cutoff, 1000)).toBe(6);
    for (const id of old) expect(count(keysMatch([['source', id]])), id).toBe(0);
    expect(indexedTokens(db).size).toBe(before - 6);
    expect(indexedTokens(db)).toEqual(expectedTokens(db));
  });
});

describe('identity lookups start from the keys table', () => {
  type PlanRow = { detail: string };
  const planOf = (q: { sql: string; params: unknown[] }) =>
    (db.$client.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...q.params) as PlanRow[]).map((r) => r.detail);
  const KEYS_SCAN = /^SCAN provisioning_log_keys VIRTUAL TABLE/;
  const FULL_SCAN = /^SCAN provisioning_log(\s|$)/;

  beforeEach(() => {
    const many: LogEntry[] = [];
    for (let i = 0; i < 3000; i++) many.push(entry(i, `src-${i % 500}`, `tgt-${i}`, `app-${i % 3}`));
    writeLogs(db, many);
    db.$client.exec('ANALYZE');
  });

  it.each([
    ['log search, exact source id', { identity: 'src-17' }],
    ['log search, exact target id', { identity: 'tgt-17' }],
    ['log search, exact id and an app', { identity: 'src-17', appId: 'app-2' }],
    ['log search by duration', { identity: 'src-17', sort: 'duration-desc' }],
  ])('%s', (_name, params) => {
    const q = parseLogQuery({ limit: '50', ...params });
    const stmt = db
      .select({ id: t.id })
      .from(t)
      .where(logFilterWhere(q, planFts(db, q)))
      .orderBy(desc(t.activityDateTime), desc(t.id))
      .limit(51)
      .toSQL();
    const lines = planOf(stmt);
    expect(
      lines.some((l) => KEYS_SCAN.test(l)),
      lines.join('\n'),
    ).toBe(true);
    expect(
      lines.filter((l) => FULL_SCAN.test(l)),
      lines.join('\n'),
    ).toEqual([]);
  });

  it.each([
    ["sourceIdentity/id eq 'src-17'"],
    ["targetIdentity/id eq 'tgt-17'"],
    ["sourceIdentity/id eq 'src-17' and provisioningStatusInfo/status eq 'success'"],
  ])('Graph %s', (filter) => {
    const q = graphPageSql(db, { filter: parseFilter(filter), sort: 'date-desc', top: 100, skiptoken: undefined });
    for (const stmt of [q.page, q.last]) {
      const lines = planOf(stmt);
      expect(
        lines.some((l) => KEYS_SCAN.test(l)),
        lines.join('\n'),
      ).toBe(true);
      expect(
        lines.filter((l) => FULL_SCAN.test(l)),
        lines.join('\n'),
      ).toEqual([]);
    }
  });

  it("a user's last row in an app (user-provisioning's query)", () => {
    const stmt = db
      .select({ id: t.id })
      .from(t)
      .where(sql`${sourceIdIn(['src-17'])} and ${t.appId} = ${'app-2'}`)
      .orderBy(desc(t.activityDateTime), desc(t.id))
      .limit(1)
      .toSQL();
    const lines = planOf(stmt);
    expect(
      lines.some((l) => KEYS_SCAN.test(l)),
      lines.join('\n'),
    ).toBe(true);
    expect(
      lines.filter((l) => FULL_SCAN.test(l)),
      lines.join('\n'),
    ).toEqual([]);
  });
});
