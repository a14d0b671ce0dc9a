/**
 * Overview and "Current status" figures (issue 8): attention order, failures in 24 h linking to the
 * filtered logs, escrow and throttles, the sparkline data, a running cycle's rate and ETA, statistics to
 * date, steady state and the next scheduled cycle.
 */
import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { applications, cycles, jobs } from '../../db/schema';
import { createApplication } from '../../src/apps/applications';
import { escrowObject } from '../../src/engine/escrow';
import { CLI_ACTOR } from '../../src/kernel/actor';
import type { LogEntry } from '../../src/log/types';
import { writeLog } from '../../src/log/write';
import { cycleProgress, nextScheduled } from '../../src/reports/app-facts';
import { type PagesHarness, pagesHarness, type Session } from './pages-harness';

let h: PagesHarness;
let s: Session;

function app(name: string) {
  const a = createApplication({ db: h.db, clock: h.deps.clock, secrets: h.secrets }, CLI_ACTOR, {
    name,
    template: 'scim',
    tenantUrl: 'https://scim.example.test/scim/v2',
    secretToken: 'token-1234567890',
  });
  h.db.update(applications).set({ provisioningEnabled: true }).where(eq(applications.id, a.id)).run();
  h.db.update(jobs).set({ initialCycleDone: true }).where(eq(jobs.appId, a.id)).run();
  return a;
}

function failure(appId: string, jobId: string, id: string, at: number) {
  const e: LogEntry = {
    id,
    appId,
    activityDateTime: at,
    jobId,
    cycleId: 'c-x',
    provisioningAction: 'update',
    status: 'failure',
    durationMs: 10,
    initiatedBy: { type: 'system', name: 'Provisio provisioning service' },
    source: { id: `u-${id}`, displayName: `User ${id}`, type: 'user' },
    target: { id: null, displayName: null },
    sourceSystem: 'Provisio directory',
    targetSystem: 'X',
    error: { errorCode: 'Timeout', errorCategory: 'failure', reason: 'slow', recommendedAction: null },
    steps: [],
    modifiedProperties: [],
  };
  h.db.transaction((tx) => writeLog(tx, e));
}

beforeEach(async () => {
  h = await pagesHarness();
  s = await h.signIn('viewer');
});

describe('overview cards', () => {
  it('puts quarantined, then failing apps first, with failures, escrow, throttles and a 24-hour sparkline', async () => {
    const calm = app('Aaa calm');
    const failing = app('Bbb failing');
    const quarantined = app('Ccc quarantined');
    h.db
      .update(jobs)
      .set({
        quarantineReason: 'EncounteredQuarantineException',
        quarantineSince: Date.now(),
        quarantineNextAttempt: Date.now() + 3_600_000,
      })
      .where(eq(jobs.appId, quarantined.id))
      .run();
    const recent = Date.now() - 60_000;
    failure(failing.id, failing.jobId, 'f1', recent);
    failure(failing.id, failing.jobId, 'f2', Date.now() - 5 * 3_600_000);
    failure(failing.id, failing.jobId, 'old', Date.now() - 3 * 86_400_000);
    escrowObject(
      h.db,
      {
        appId: failing.id,
        sourceId: 'u-f1',
        kind: 'failure',
        action: 'update',
        sourceDisplayName: 'User f1',
        errorCode: 'Timeout',
        errorReason: 'slow',
        cycleId: 'c-x',
      },
      Date.now(),
    );
    h.db
      .insert(cycles)
      .values({
        id: 'c-t',
        appId: calm.id,
        jobId: calm.jobId,
        type: 'incremental',
        status: 'succeeded',
        initiatedBy: 'system',
        startedAt: Date.now() - 60_000,
        endedAt: Date.now(),
        throttled: 4,
      })
      .run();

    const html = await (await h.get('/', s)).text();
    const order = [quarantined.id, failing.id, calm.id].map((id) => html.indexOf(`id="status-${id}"`));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);

    const card = html.slice(order[1], order[2]);
    expect(html).toMatch(new RegExp(`class="card status-card state-active failing" id="status-${failing.id}"`));
    expect(html).toMatch(new RegExp(`class="card status-card state-active" id="status-${calm.id}"`));
    expect(card).toContain(`href="/logs?appId=${failing.id}&amp;status=failure&amp;range=24h">2</a>`);
    expect(card).toContain(`href="/logs?appId=${failing.id}&amp;status=failure&amp;range=7d"`);
    expect(card).toMatch(/class="escrow-size">1</);
    const spark = JSON.parse(
      (/data-sparkline="([^"]*)"/.exec(card)?.[1] ?? '').replaceAll('&quot;', '"'),
    ) as number[][];
    expect(spark).toHaveLength(24);
    expect(spark.reduce((n, p) => n + (p[1] ?? 0), 0)).toBe(2);
    // In the first minute of an hour the recent failure is in the previous hour's bucket.
    const sameHour = Math.floor(recent / 3_600_000) === Math.floor(Date.now() / 3_600_000);
    expect(spark.at(sameHour ? -1 : -2)?.[1]).toBe(1);
    expect(html.slice(order[2])).toMatch(/class="throttles-24h">4</);
    expect(html).toContain('href="/logs?status=failure&amp;range=7d"');
  });
});

describe('current status', () => {
  it('shows statistics to date, steady state and the next scheduled cycle; a running cycle has rate and ETA', async () => {
    const a = app('Target');
    const ended = Date.now() - 120_000;
    h.db
      .insert(cycles)
      .values([
        {
          id: 'c-1',
          appId: a.id,
          jobId: a.jobId,
          type: 'initial',
          status: 'succeeded',
          initiatedBy: 'system',
          startedAt: ended - 5000,
          endedAt: ended,
          deleted: 2,
        },
        {
          id: 'c-2',
          appId: a.id,
          jobId: a.jobId,
          type: 'incremental',
          status: 'entry_errors',
          initiatedBy: 'system',
          startedAt: ended,
          endedAt: ended + 1000,
          deleted: 1,
        },
        {
          id: 'c-3',
          appId: a.id,
          jobId: a.jobId,
          type: 'incremental',
          status: 'running',
          initiatedBy: 'system',
          startedAt: Date.now() - 10_000,
          total: 400,
          processed: 100,
        },
      ])
      .run();
    const html = await (await h.get(`/apps/${a.id}`, s)).text();
    expect(html).toMatch(/Deleted to date<\/dt><dd>3</);
    expect(html).toContain(`Steady state first achieved</dt><dd><time datetime="${new Date(ended).toISOString()}"`);
    const next = nextScheduled('*/5 * * * *', Date.now());
    expect(html).toContain(`class="next-cycle"><time datetime="${new Date(next ?? 0).toISOString()}"`);
    expect(html).toMatch(/class="rate">10(\.0)? objects\/s</);
    expect(html).toMatch(/class="eta">about 3\d\.\d s left</);
    expect(html).toContain(`/logs?appId=${a.id}&amp;cycleId=c-3`);
  });

  it('computes progress, rate and ETA', () => {
    expect(cycleProgress(100, 400, 0, 10_000)).toEqual({ percent: 25, rate: 10, etaMs: 30_000 });
    expect(cycleProgress(0, 400, 0, 10_000)).toEqual({ percent: 0, rate: null, etaMs: null });
    expect(cycleProgress(5, 0, 0, 500)).toEqual({ percent: null, rate: null, etaMs: null });
    expect(cycleProgress(400, 400, 0, 10_000).etaMs).toBe(0);
    expect(nextScheduled('not a cron', 0)).toBeNull();
  });
});
