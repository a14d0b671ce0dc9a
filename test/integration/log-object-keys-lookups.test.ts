import { desc, sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { provisioningLog as t } from '../../db/schema';
import { createApplication } from '../../src/apps/applications';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { parseFilter } from '../../src/log/graph-filter';
import { graphPageSql } from '../../src/log/graph-page';
import { graphList } from '../../src/log/graph-query';
import { keysMatch, sourceIdIn, sourceOrTargetIs, targetIdIn } from '../../src/log/object-keys';
import { logFilterWhere, parseLogQuery, planFts, searchLogs } from '../../src/log/query';
import { purgeBatch } from '../../src/log/retention';
import type { LogEntry } from '../../src/log/types';
import { writeLogs } from '../../src/log/write';
import { userProvisioning } from '../../src/operate/user-provisioning';

import {
  base,
  bySource,
  byTarget,
  db,
  entry,
  expectedTokens,
  ID_VALUES,
  IDS,
  indexedTokens,
  matchRowids,
  SHARED,
  seed,
  T0,
  useKeysDb,
} from '../support/log-keys';

useKeysDb();

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
    // No ids: nothing, and still valid SQL.
    expect(idsWhere(sourceIdIn([]))).toEqual([]);
    expect(idsWhere(targetIdIn([]))).toEqual([]);
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

const KEYS_SCAN = /^SCAN provisioning_log_keys VIRTUAL TABLE/;
const FULL_SCAN = /^SCAN provisioning_log(\s|$)/;

/** A plan that starts from the keys table and never scans the log. */
function expectKeysPlan(lines: string[]): void {
  expect(
    lines.some((l) => KEYS_SCAN.test(l)),
    lines.join('\n'),
  ).toBe(true);
  expect(
    lines.filter((l) => FULL_SCAN.test(l)),
    lines.join('\n'),
  ).toEqual([]);
}

describe('identity lookups start from the keys table', () => {
  type PlanRow = { detail: string };
  const planOf = (q: { sql: string; params: unknown[] }) =>
    (db.$client.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...q.params) as PlanRow[]).map((r) => r.detail);

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
    expectKeysPlan(lines);
  });

  it.each([
    ["sourceIdentity/id eq 'src-17'"],
    ["targetIdentity/id eq 'tgt-17'"],
    ["sourceIdentity/id eq 'src-17' and provisioningStatusInfo/status eq 'success'"],
  ])('Graph %s', (filter) => {
    const q = graphPageSql(db, { filter: parseFilter(filter), sort: 'date-desc', top: 100, skiptoken: undefined });
    for (const stmt of [q.page, q.last]) {
      const lines = planOf(stmt);
      expectKeysPlan(lines);
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
    expectKeysPlan(lines);
  });
});
