/**
 * Dry runs and drift reports in the background (issue 16 item 5): started at once with the row running, progress
 * that grows while they work, the same result as planning inline, cancel keeping the partial results, one per
 * app at a time, and a restart marking the ones it cut off as failed.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, driftItems, dryRunItems } from '../../db/schema';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { ConflictError } from '../../src/kernel/errors';
import { BackgroundJobs, INTERRUPTED } from '../../src/operate/background-jobs';
import { cancelDriftReport, startDriftReport } from '../../src/operate/drift/report';
import { getDriftReport } from '../../src/operate/drift/store';
import { applyPlan } from '../../src/operate/dry-run/apply';
import { cancelDryRun, startDryRun } from '../../src/operate/dry-run/run';
import { getPlan, planItems } from '../../src/operate/dry-run/store';
import { wireOperateJobs } from '../../src/wiring';
import { type EngineHarness, engineHarness } from '../support/engine-harness';
import { person } from '../support/people';
import { until } from '../support/poll';
import { scimFetch } from '../support/scim-server';

let h: EngineHarness;
let jobs: BackgroundJobs;
beforeEach(async () => {
  h = await engineHarness();
  jobs = new BackgroundJobs();
});
afterEach(async () => {
  await jobs.idle();
  await h.close();
});

const people = (n: number) => {
  for (let i = 0; i < n; i += 1) h.addUser(person(`u${String(i).padStart(5, '0')}`));
};
const audits = (activity: string) =>
  h.db
    .select()
    .from(auditLog)
    .all()
    .filter((a) => a.activity === activity);

describe('background dry run', () => {
  it('plans 2,000 users in the background: running at once, progress grows, same counts as inline', async () => {
    people(2000);
    const { plan, done } = startDryRun(h.engine, jobs, CLI_ACTOR, h.app.id, 'next');
    expect(plan).toMatchObject({ status: 'running', progressDone: 0, progressTotal: 2000 });
    expect(() => startDryRun(h.engine, jobs, CLI_ACTOR, h.app.id, 'full')).toThrow(ConflictError);
    await expect(applyPlan(h.engine, CLI_ACTOR, h.app.id, plan.id, { type: 'user', name: 'op' })).rejects.toThrow(
      /still planning/,
    );
    const seen = new Set<number>();
    while (getPlan(h.db, h.app.id, plan.id).status === 'running') {
      seen.add(getPlan(h.db, h.app.id, plan.id).progressDone);
      await new Promise((r) => setTimeout(r, 5));
    }
    await done;
    // Progress was seen strictly between the start and the end: items are written as they are planned.
    expect([...seen].some((d) => d > 0 && d < 2000)).toBe(true);
    const ended = getPlan(h.db, h.app.id, plan.id);
    expect(ended).toMatchObject({ status: 'ready', progressDone: 2000, progressTotal: 2000, error: null });
    expect(ended.finishedAt).not.toBeNull();
    expect(JSON.parse(ended.counts)).toEqual({ create: 2000, update: 0, disable: 0, delete: 0, skip: 0, failed: 0 });
    const page = planItems(h.db, plan.id, { limit: 10, offset: 1990 });
    expect(page.total).toBe(2000);
    expect(page.items.map((i) => i.seq)).toEqual([...Array(10).keys()].map((i) => 1990 + i));
    expect(h.scim.writes()).toHaveLength(0);
    expect(JSON.parse(audits('dry_run.create')[0]?.after ?? '{}')).toMatchObject({ planId: plan.id, users: 2000 });
  }, 180_000);

  it('cancels mid-way: status cancelled, the users planned so far kept, not appliable, audited', async () => {
    people(400);
    // Each match query takes a while, so the cancel lands mid-way.
    h.scim.faults.setLatency(20);
    const { plan, done } = startDryRun(h.engine, jobs, CLI_ACTOR, h.app.id, 'next');
    await until(
      () => getPlan(h.db, h.app.id, plan.id).progressDone,
      (d) => d > 0,
    );
    cancelDryRun(h.engine, jobs, CLI_ACTOR, h.app.id, plan.id);
    await done;
    const ended = getPlan(h.db, h.app.id, plan.id);
    expect(ended.status).toBe('cancelled');
    const stored = h.db.select().from(dryRunItems).all().length;
    expect(stored).toBeGreaterThan(0);
    expect(stored).toBeLessThan(400);
    expect(ended.progressDone).toBe(stored);
    expect(JSON.parse(ended.counts).create).toBe(stored);
    expect(() => cancelDryRun(h.engine, jobs, CLI_ACTOR, h.app.id, plan.id)).toThrow(/cancelled already/);
    await expect(applyPlan(h.engine, CLI_ACTOR, h.app.id, plan.id, { type: 'user', name: 'op' })).rejects.toThrow(
      /partial/,
    );
    expect(JSON.parse(audits('dry_run.cancel')[0]?.after ?? '{}')).toMatchObject({ planId: plan.id, of: 400 });
    // The app is free again.
    const next = startDryRun(h.engine, jobs, CLI_ACTOR, h.app.id, 'next');
    h.scim.faults.setLatency(0);
    await next.done;
    expect(getPlan(h.db, h.app.id, next.plan.id).status).toBe('ready');
  });
});

describe('background drift report', () => {
  /** Users in the target that no directory user links to: each is an orphan finding. */
  async function targetUsers(n: number) {
    for (let i = 0; i < n; i += 50)
      await Promise.all(
        Array.from({ length: Math.min(50, n - i) }, (_, j) =>
          scimFetch(h.scim, 'POST', '/Users', {
            body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: `t${i + j}@target.example` },
          }),
        ),
      );
  }

  it('reads the target in the background, then is done with every finding', async () => {
    await targetUsers(450);
    const { reportId, done } = startDriftReport(h.engine, jobs, CLI_ACTOR, h.app.id);
    expect(getDriftReport(h.db, h.app.id, reportId).status).toBe('running');
    expect(() => startDriftReport(h.engine, jobs, CLI_ACTOR, h.app.id)).toThrow(ConflictError);
    await done;
    const r = getDriftReport(h.db, h.app.id, reportId);
    expect(r).toMatchObject({ status: 'done', progressDone: 450 });
    expect(JSON.parse(r.counts)).toMatchObject({ targetUsers: 450, linked: 0, orphan: 450, missing: 0 });
    expect(h.db.select().from(driftItems).all()).toHaveLength(450);
  });

  it('cancels mid-way: partial findings kept, no user reported missing for not being read', async () => {
    await targetUsers(600);
    h.scim.faults.setLatency(60);
    const { reportId, done } = startDriftReport(h.engine, jobs, CLI_ACTOR, h.app.id);
    await until(
      () => getDriftReport(h.db, h.app.id, reportId).progressDone,
      (d) => d > 0,
      { timeoutMs: 30_000 },
    );
    cancelDriftReport(h.engine, jobs, CLI_ACTOR, h.app.id, reportId);
    await done;
    const r = getDriftReport(h.db, h.app.id, reportId);
    expect(r.status).toBe('cancelled');
    expect(r.progressDone).toBeGreaterThan(0);
    expect(r.progressDone).toBeLessThan(600);
    const found = h.db.select().from(driftItems).all();
    expect(found.length).toBe(r.progressDone);
    expect(found.every((f) => f.kind === 'orphan')).toBe(true);
    expect(audits('drift.cancel')).toHaveLength(1);
  });
});

describe('restart', () => {
  it('marks the dry runs and drift reports a restart cut off as failed', async () => {
    people(300);
    h.scim.faults.setLatency(20);
    const plan = startDryRun(h.engine, jobs, CLI_ACTOR, h.app.id, 'next');
    const report = startDriftReport(h.engine, jobs, CLI_ACTOR, h.app.id);
    // What the next process does at start-up, while this one's rows still say running.
    wireOperateJobs(h.engine);
    const p = getPlan(h.db, h.app.id, plan.plan.id);
    const r = getDriftReport(h.db, h.app.id, report.reportId);
    expect(p).toMatchObject({ status: 'failed', error: INTERRUPTED });
    expect(r).toMatchObject({ status: 'failed', error: INTERRUPTED });
    expect(p.finishedAt).not.toBeNull();
    // The old work ending later does not overwrite the verdict.
    h.scim.faults.setLatency(0);
    jobs.cancel('dry-run', h.app.id, plan.plan.id);
    await Promise.all([plan.done, report.done]);
    expect(getPlan(h.db, h.app.id, plan.plan.id).status).toBe('failed');
    expect(getDriftReport(h.db, h.app.id, report.reportId).status).toBe('failed');
  });
});
