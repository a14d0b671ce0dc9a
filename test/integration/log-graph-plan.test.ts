/**
 * Every $filter the Graph endpoint accepts reads a bounded number of log rows per page (issue 12): the
 * EXPLAIN QUERY PLAN of each accepted filter shape starts from an index (the driver's, or the time index
 * under a LIMIT) and reads rows only by rowid from that window; a filter no index can answer pages through
 * the log window by window instead of scanning it in one request.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createApplication } from '../../src/apps/applications';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { FilterSyntaxError, parseFilter } from '../../src/log/graph-filter';
import { graphPageSql, WINDOW_ROWS } from '../../src/log/graph-page';
import { graphList } from '../../src/log/graph-query';
import { FILTER_PROPERTIES, filterToSql } from '../../src/log/graph-sql';
import type { LogEntry } from '../../src/log/types';
import { writeLog } from '../../src/log/write';
import { freshDb } from '../support/db';

const T0 = Date.UTC(2026, 10, 1);
const ROWS = WINDOW_ROWS * 2 + 1000;
let base: ReturnType<typeof freshDb>;

function entry(i: number): LogEntry {
  return {
    id: `c${String(i).padStart(6, '0')}`,
    appId: `app-${i % 3}`,
    activityDateTime: T0 + i * 1000,
    jobId: `scim.job${i % 3}`,
    cycleId: `cy${Math.floor(i / 500)}`,
    provisioningAction: i % 2 ? 'create' : 'update',
    status: i % 97 === 0 ? 'failure' : 'success',
    durationMs: i % 700,
    initiatedBy: { type: 'system', name: 'Provisio provisioning service' },
    source: { id: `src-${i % 4000}`, displayName: `User ${i}`, type: 'user' },
    target: { id: `t-${i}`, displayName: null },
    // One row, the oldest, comes from another source system: nothing indexes that column.
    sourceSystem: i === 0 ? 'Needle HR' : 'Provisio directory',
    targetSystem: 'MindTickle',
    error:
      i % 97 === 0
        ? { errorCode: 'EntryConflict', errorCategory: 'nonServiceFailure', reason: 'dup', recommendedAction: null }
        : null,
    steps: [],
    modifiedProperties: [],
  };
}

beforeAll(() => {
  base = freshDb();
  createApplication({ db: base.db, clock: base.clock, secrets: base.secrets }, CLI_ACTOR, {
    name: 'MindTickle',
    template: 'mindtickle',
  });
  base.db.$client.transaction(() => {
    for (let i = 0; i < ROWS; i++) writeLog(base.db, entry(i));
  })();
  base.db.$client.exec('ANALYZE');
});

/** A literal of the right type for a property, so the shape compiles. */
function literal(prop: string): string {
  if (prop === 'activitydatetime') return '2026-11-01T01:00:00Z';
  if (prop === 'durationinmilliseconds') return '250';
  if (prop.endsWith('status')) return "'failure'";
  if (prop === 'provisioningaction') return "'create'";
  if (prop.endsWith('identitytype')) return "'user'";
  if (prop.endsWith('errorcode')) return "'EntryConflict'";
  if (prop === 'jobid') return "'scim.job1'";
  if (prop === 'cycleid') return "'cy3'";
  if (prop === 'sourceidentity/id') return "'src-17'";
  if (prop.startsWith('serviceprincipal/') && prop !== 'serviceprincipal/id') return "'MindTickle'";
  return "'c000042'";
}

/** Every single-term shape the grammar accepts for every property, then and/or combinations of them. */
function acceptedFilters(): string[] {
  const single: string[] = [];
  for (const prop of FILTER_PROPERTIES) {
    for (const op of ['eq', 'ne', 'gt', 'ge', 'lt', 'le']) single.push(`${prop} ${op} ${literal(prop)}`);
    single.push(`${prop} eq null`);
    for (const fn of ['contains', 'startswith', 'endswith']) single.push(`${fn}(${prop}, 'e')`);
  }
  const compiles = (f: string) => {
    try {
      filterToSql(parseFilter(f));
      return true;
    } catch (err) {
      if (err instanceof FilterSyntaxError) return false;
      throw err;
    }
  };
  const ok = single.filter(compiles);
  const combos: string[] = [];
  for (const a of ok) {
    combos.push(`${a} and contains(sourceSystem/displayName, 'needle')`);
    combos.push(`(${a} or contains(targetIdentity/displayName, 'x')) and activityDateTime gt 2026-11-01`);
  }
  combos.push(
    "((contains(tolower(servicePrincipal/id), 'app') or contains(tolower(servicePrincipal/displayName), 'mind')) and activityDateTime gt 2023-07-30 and activityDateTime lt 2030-01-01)",
    "jobId eq 'SCIM.JOB1' and provisioningStatusInfo/status eq 'failure'",
    "jobId eq 'scim.job1' or jobId eq 'scim.job2'",
    "id eq 'C000042' or changeId eq 'c000043'",
  );
  return [...ok, ...combos];
}

type PlanRow = { id: number; parent: number; detail: string };

function plan(q: { sql: string; params: unknown[] }): PlanRow[] {
  return base.db.$client.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...q.params) as PlanRow[];
}

/** The rows under a CO-ROUTINE node (the candidate window) and the rest. */
function split(rows: PlanRow[]) {
  const inWindow = new Set<number>();
  for (const r of rows) {
    const parent = rows.find((p) => p.id === r.parent);
    if (inWindow.has(r.parent) || (parent && /^CO-ROUTINE/.test(parent.detail))) inWindow.add(r.id);
  }
  return { window: rows.filter((r) => inWindow.has(r.id)), outer: rows.filter((r) => !inWindow.has(r.id)) };
}

// One object's rows: by change id (the primary key), or by source/target id through their FTS keys, whose
// matches are read by rowid (object-keys.ts).
const ONE_OBJECT_INDEX = /USING INDEX sqlite_autoindex_provisioning_log_1 |USING INTEGER PRIMARY KEY \(rowid=\?\)$/;
const KEYS_MATCH = /^SCAN provisioning_log_keys VIRTUAL TABLE INDEX 0:M/;

describe('Graph $filter plans are bounded', () => {
  const filters = acceptedFilters();

  it('covers every property with several shapes', () => {
    expect(filters.length).toBeGreaterThan(150);
    for (const prop of FILTER_PROPERTIES) expect(filters.some((f) => f.toLowerCase().startsWith(prop))).toBe(true);
  });

  it.each(filters)('%s: window from an index under a LIMIT, rows only by rowid', (filter) => {
    for (const skiptoken of [undefined, Buffer.from(`${T0 + 9_000_000}|c009000`).toString('base64url')]) {
      for (const sort of ['date-desc', 'date-asc'] as const) {
        const q = graphPageSql(base.db, { filter: parseFilter(filter), sort, top: 100, skiptoken });
        expect(q.page.sql).toMatch(/ limit \?\) as w cross join "provisioning_log"/);
        expect(q.page.params).toContain(WINDOW_ROWS);
        for (const stmt of [q.page, q.last]) {
          const rows = plan(stmt);
          const { window, outer } = split(rows);
          const lines = rows.map((r) => r.detail).join('\n');
          // No statement reads the log table without an index or a rowid.
          expect(lines).not.toMatch(/^SCAN provisioning_log\s*$/m);
          for (const r of outer.filter((o) => /provisioning_log\b/.test(o.detail)))
            expect(r.detail, lines).toBe('SEARCH provisioning_log USING INTEGER PRIMARY KEY (rowid=?)');
          const access = window.filter((w) => /provisioning_log\b/.test(w.detail));
          expect(access, lines).toHaveLength(1);
          const how = access[0]?.detail ?? '';
          // The time walk reads only index entries (every one counts towards the LIMIT); a driver index is
          // searched by its equality, in time order unless it indexes one object (whose rows are few); a source
          // or target id reads its keys' matches by rowid.
          const byKeys = window.some((w) => KEYS_MATCH.test(w.detail));
          expect(how, lines).toMatch(
            byKeys
              ? /^SEARCH provisioning_log USING INTEGER PRIMARY KEY \(rowid=\?\)$/
              : /^(SCAN|SEARCH) provisioning_log USING COVERING INDEX plog_time_idx|^SEARCH provisioning_log USING (COVERING )?INDEX \w+ \(\w+=\?/,
          );
          if (window.some((w) => w.detail === 'USE TEMP B-TREE FOR ORDER BY'))
            expect(how, lines).toMatch(ONE_OBJECT_INDEX);
        }
      }
    }
  });
});

describe('a filter no index answers pages through the log window by window', () => {
  it('answers short pages with a $skiptoken until the window walk reaches the match', () => {
    const names = new Map<string, string>();
    const pages: string[][] = [];
    let token: string | undefined;
    do {
      const params: Record<string, string> = { $filter: "contains(sourceSystem/displayName, 'needle')" };
      if (token) params.$skiptoken = token;
      const page = graphList(base.db, params, names);
      pages.push(page.value.map((v) => v.id));
      token = page.nextSkiptoken ?? undefined;
    } while (token && pages.length < 10);
    expect(pages).toEqual([[], [], ['c000000']]);
  });

  it('fills pages as before when the window holds enough matches, and ids match case-insensitively', () => {
    const names = new Map<string, string>();
    const first = graphList(base.db, { $filter: "jobId eq 'SCIM.JOB1'", $top: '3' }, names);
    expect(first.value.map((v) => v.id)).toEqual(['c010999', 'c010996', 'c010993']);
    const failures = graphList(base.db, { $filter: "provisioningStatusInfo/status eq 'FAILURE'", $top: '1000' }, names);
    expect(failures.value).toHaveLength(Math.floor((ROWS - 1) / 97) + 1);
    expect(failures.nextSkiptoken).toBeNull();
    expect(graphList(base.db, { $filter: "id eq 'C000042'" }, names).value.map((v) => v.id)).toEqual(['c000042']);
  });
});
