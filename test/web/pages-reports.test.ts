/**
 * Reports and audit pages over the real app and real SQLite: the rollup trigger feeds every report, the chart
 * JSON, the table view and the CSV carry the same rows, error codes link to the filtered logs, time to
 * provision is measured from the directory change, and the audit page filters, pages and exports.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { cycles, directoryChanges } from '../../db/schema';
import { createApplication } from '../../src/apps/applications';
import { writeAudit } from '../../src/audit/audit-log';
import { CLI_ACTOR } from '../../src/kernel/actor';
import type { LogEntry } from '../../src/log/types';
import { writeLog } from '../../src/log/write';
import { cspViolations, type PagesHarness, pagesHarness, type Session } from './pages-harness';

const HOUR = 3_600_000;
let h: PagesHarness;
let s: Session;
let appId: string;
let jobId: string;
let n = 0;

function log(over: Partial<LogEntry>): void {
  n += 1;
  const e: LogEntry = {
    id: `chg-${n}`,
    appId,
    activityDateTime: Date.now() - HOUR,
    jobId,
    cycleId: 'cycle-init',
    provisioningAction: 'create',
    status: 'success',
    durationMs: 100,
    initiatedBy: { type: 'system', name: 'Provisio provisioning service' },
    source: { id: `u-${n}`, displayName: `User ${n}`, type: 'user' },
    target: { id: null, displayName: null },
    sourceSystem: 'Provisio directory',
    targetSystem: 'MindTickle',
    error: null,
    steps: [],
    modifiedProperties: [],
    ...over,
  };
  h.db.transaction((tx) => writeLog(tx, e));
}

function cycle(id: string, type: 'initial' | 'incremental', startedAt: number, ms: number, watermarkFrom = 0) {
  h.db
    .insert(cycles)
    .values({
      id,
      appId,
      jobId,
      type,
      status: 'succeeded',
      initiatedBy: 'system',
      startedAt,
      endedAt: startedAt + ms,
      watermarkFrom,
      processed: 3,
    })
    .run();
}

function chartOf(html: string, key: string): { labels: string[]; datasets: { label: string; data: number[] }[] } {
  const section = html.slice(html.indexOf(`id="report-${key}"`));
  const m = /data-chart="([^"]*)"/.exec(section);
  if (!m?.[1]) throw new Error(`no chart for ${key}`);
  return JSON.parse(m[1].replaceAll('&quot;', '"').replaceAll('&amp;', '&').replaceAll('&#39;', "'"));
}

beforeEach(async () => {
  h = await pagesHarness();
  const app = createApplication({ db: h.db, clock: h.deps.clock, secrets: h.secrets }, CLI_ACTOR, {
    name: 'MindTickle',
    template: 'mindtickle',
  });
  appId = app.id;
  jobId = app.jobId;
  n = 0;
  s = await h.signIn('viewer');
});

describe('reports', () => {
  it('aggregates actions, results, errors and cycles from the rollup, and the CSV matches the chart', async () => {
    const now = Date.now();
    cycle('cycle-init', 'initial', now - 2 * HOUR, 42_000);
    log({ provisioningAction: 'create', status: 'success', activityDateTime: now - 2 * HOUR });
    log({ provisioningAction: 'create', status: 'success', activityDateTime: now - 2 * HOUR });
    log({
      provisioningAction: 'update',
      status: 'failure',
      activityDateTime: now - HOUR,
      error: {
        errorCode: 'SystemForCrossDomainIdentityManagementBadRequest',
        errorCategory: 'failure',
        reason: 'bad',
        recommendedAction: null,
      },
    });
    log({
      provisioningAction: 'disable',
      status: 'failure',
      activityDateTime: now - 3 * 24 * HOUR,
      error: { errorCode: 'Timeout', errorCategory: 'failure', reason: 'slow', recommendedAction: null },
    });
    log({ provisioningAction: 'other', status: 'skipped', activityDateTime: now - 40 * 24 * HOUR });

    const res = await h.get('/reports?range=24h', s);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(cspViolations(html)).toEqual([]);
    const actions = chartOf(html, 'actions');
    expect(actions.labels).toHaveLength(24);
    const sum = (label: string) => actions.datasets.find((d) => d.label === label)?.data.reduce((a, b) => a + b, 0);
    expect(sum('Create')).toBe(2);
    expect(sum('Update')).toBe(1);
    expect(sum('Disable')).toBe(0); // three days ago: outside 24 h
    const results = chartOf(html, 'statuses');
    expect(results.datasets.find((d) => d.label === 'Failure')?.data.reduce((a, b) => a + b, 0)).toBe(1);
    expect(html).toContain('SystemForCrossDomainIdentityManagementBadRequest');
    const link =
      'href="/logs?status=failure&amp;errorCode=SystemForCrossDomainIdentityManagementBadRequest&amp;range=24h"';
    expect(html.includes(link)).toBe(true);
    expect(chartOf(html, 'cycles').datasets[0]?.data).toEqual([42]);

    const week = await (await h.get(`/reports?range=7d&appId=${appId}`, s)).text();
    expect(
      chartOf(week, 'actions')
        .datasets.find((d) => d.label === 'Disable')
        ?.data.reduce((a, b) => a + b, 0),
    ).toBe(1);
    const ninety = await (await h.get('/reports?range=90d', s)).text();
    // 90 days holding 40 days of history: days, from the first activity (the page says so).
    expect(chartOf(ninety, 'statuses').labels).toHaveLength(41);
    expect(ninety).toContain('so the chart starts there');
    expect(
      chartOf(ninety, 'statuses')
        .datasets.find((d) => d.label === 'Skipped')
        ?.data.reduce((a, b) => a + b, 0),
    ).toBe(1);

    const csv = await h.get('/reports/export/errors?range=7d', s);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toContain('provisio-errors-7d');
    const lines = (await csv.text()).trim().split('\n');
    expect(lines[0]).toBe('error code,failures (rows),last seen');
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 2).join(','))).toEqual([
      'SystemForCrossDomainIdentityManagementBadRequest,1',
      'Timeout,1',
    ]);
    const apps = (await (await h.get('/reports/export/apps?range=7d', s)).text()).trim().split('\n');
    expect(apps[1]).toMatch(/^MindTickle,2,2,0,0,50,1,42,0$/);
  });

  it('measures time to provision from the directory change read by an incremental cycle', async () => {
    const now = Date.now();
    h.db
      .insert(directoryChanges)
      .values({ objectType: 'user', objectId: 'u-late', kind: 'update', at: now - 90_000 })
      .run();
    cycle('cycle-inc', 'incremental', now - 60_000, 1000, 0);
    cycle('cycle-init', 'initial', now - 60_000, 1000, 0);
    log({
      cycleId: 'cycle-inc',
      source: { id: 'u-late', displayName: 'Late', type: 'user' },
      provisioningAction: 'update',
      activityDateTime: now - 30_000,
    });
    // The same object written by an initial cycle, and a failure, do not count.
    log({
      cycleId: 'cycle-init',
      source: { id: 'u-late', displayName: 'Late', type: 'user' },
      activityDateTime: now - 20_000,
    });
    log({
      cycleId: 'cycle-inc',
      source: { id: 'u-late', displayName: 'Late', type: 'user' },
      status: 'failure',
      activityDateTime: now - 10_000,
    });
    const csv = (await (await h.get('/reports/export/time-to-provision?range=24h', s)).text()).trim().split('\n');
    expect(csv).toContain('1–5 min,1,60');
    expect(csv.filter((l) => /,0,$/.test(l))).toHaveLength(7);
  });

  it('names the application beside its id in the cycle CSV and on the bars, with units and whole-number axes', async () => {
    const now = Date.now();
    cycle('cycle-a', 'initial', now - 2 * HOUR, 42_000);
    log({ provisioningAction: 'create', status: 'success', activityDateTime: now - 2 * HOUR });
    const csv = (await (await h.get('/reports/export/cycles?range=24h', s)).text()).trim().split('\n');
    expect(csv[0]).toBe('started,application,type,status,duration (s),objects processed,application id,cycle id');
    expect(csv[1]).toMatch(new RegExp(`^[^,]+,MindTickle,initial,succeeded,42,3,${appId},cycle-a$`));
    const html = await (await h.get('/reports?range=24h', s)).text();
    const bars = chartOf(html, 'cycles') as ReturnType<typeof chartOf> & { notes: string[]; yTitle: string };
    expect(bars.notes).toEqual(['MindTickle · initial · succeeded · 3 objects']);
    expect(bars.yTitle).toBe('Duration (seconds)');
    const actions = chartOf(html, 'actions') as ReturnType<typeof chartOf> & { integer: boolean; yTitle: string };
    expect(actions.integer).toBe(true);
    expect(actions.yTitle).toBe('Objects (log rows)');
    // Headers with units wrap in the table view instead of being cut off.
    expect(html).toContain('<th scope="col">hour starting (UTC)</th>');
  });

  it('refuses a bad range and guards CSV cells against formulas', async () => {
    expect((await h.get('/reports?range=custom', s)).status).toBe(400);
    expect((await h.get('/reports?range=custom&from=2026-01-01&to=2025-01-01', s)).status).toBe(400);
    expect((await h.get('/reports/export/nope', s)).status).toBe(400);
    log({
      status: 'failure',
      error: { errorCode: '=HYPERLINK("x")', errorCategory: 'failure', reason: 'r', recommendedAction: null },
    });
    const csv = await (await h.get('/reports/export/errors?range=24h', s)).text();
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
  });
});

describe('audit', () => {
  it('lists, filters, diffs, pages and exports audit rows; nothing edits them', async () => {
    const admin = {
      type: 'account' as const,
      id: 'acc-1',
      name: 'alice@example.test',
      role: 'admin' as const,
      ip: '203.0.113.7',
    };
    const t0 = Date.now() - 10_000;
    writeAudit(
      h.db,
      admin,
      {
        activity: 'application.update',
        targetType: 'application',
        targetId: appId,
        before: { scope: 'assigned', secretToken: 'x' },
        after: { scope: 'all', secretToken: 'y' },
      },
      t0,
    );
    for (let i = 0; i < 60; i++)
      writeAudit(h.db, admin, { activity: 'cycle.run_now', targetType: 'application', targetId: appId }, t0 + i);
    const res = await h.get('/audit?activity=application.update', s);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(cspViolations(html)).toEqual([]);
    expect(html).toContain('alice@example.test');
    expect(html).toContain('203.0.113.7');
    expect(html).toMatch(
      /<th scope="row" class="diff-path">scope<\/th><td class="diff-value diff-before">assigned<\/td><td class="diff-value diff-after">all<\/td>/,
    );
    expect(html).not.toContain('cycle.<wbr/>run_now</code>');
    expect(html).not.toMatch(/diff-after">y</); // secrets were redacted at write time: no change to show

    const page1 = await (await h.get('/audit?actor=alice', s)).text();
    const next = /href="\/audit\?actor=alice&amp;cursor=(\d+)"/.exec(page1)?.[1];
    expect(next).toBeDefined();
    const page2 = await (await h.get(`/audit?actor=alice&cursor=${next}`, s)).text();
    expect(page2).toContain('application.<wbr/>update</code>');
    expect(page2).not.toContain('Older entries');

    // Sign-ins (success and failure) are there, from the real login route.
    await h.post('/login', { email: h.emails.viewer, password: 'wrong password here', next: '/' });
    const auth = await (await h.get('/audit?activity=auth.', s)).text();
    expect(auth).toContain('auth.sign_in');
    expect(auth).toMatch(/badge-[a-z]+">Failure|>failure</i);

    const csv = (await (await h.get('/audit/export?activity=application.update', s)).text()).trim().split('\n');
    expect(csv[0]).toBe('id,time,actor,actorType,activity,result,targetType,target,targetId,ip,changes');
    expect(csv[1]).toContain(`,application,MindTickle,${appId},`);
    expect(csv).toHaveLength(2);
    expect(csv[1]).toContain('scope: assigned -> all');

    for (const method of ['POST', 'PUT', 'DELETE']) {
      const r = await h.app.request('/audit', { method, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } });
      expect([403, 404, 405]).toContain(r.status);
    }
    expect((await h.get('/audit?from=2026-02-01&to=2026-01-01', s)).status).toBe(400);
  });
});
