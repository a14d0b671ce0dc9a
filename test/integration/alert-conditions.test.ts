/**
 * Each alert condition against what Provisio stores (cycles, escrow, jobs, token expiry, source syncs), and
 * the evaluator's rules around it: a muted rule opens nothing, a deleted application's alert resolves.
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { applications, cycles, sourceSyncs } from '../../db/schema';
import { findings, type Subject } from '../../src/alerts/conditions';
import { evaluateRules } from '../../src/alerts/evaluate';
import { createRule } from '../../src/alerts/rules';
import { createApplication } from '../../src/apps/applications';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { writeLog } from '../../src/log/write';
import { freshDb } from '../support/db';

const MIN = 60_000;

function setup() {
  const base = freshDb();
  const app = createApplication({ db: base.db, clock: base.clock, secrets: base.secrets }, CLI_ACTOR, {
    name: 'HR',
    template: 'scim',
  });
  const row = base.db.select().from(applications).where(eq(applications.id, app.id)).get();
  const subject = (): Subject => {
    const a = base.db.select().from(applications).where(eq(applications.id, app.id)).get();
    return {
      id: app.id,
      name: 'HR',
      provisioningEnabled: true,
      createdAt: a?.createdAt ?? 0,
      tokenExpiresAt: a?.tokenExpiresAt ?? null,
    };
  };
  const cycle = (
    id: string,
    startedAt: number,
    endedAt: number | null,
    status: 'succeeded' | 'failed' | 'running',
    throttled = 0,
  ) =>
    base.db
      .insert(cycles)
      .values({
        id,
        appId: app.id,
        jobId: app.jobId,
        type: 'incremental',
        status,
        initiatedBy: 'system',
        startedAt,
        endedAt,
        throttled,
      })
      .run();
  return { ...base, app, row, subject, cycle };
}

describe('failures as a share of the window', () => {
  it('fires above the percentage of failed rows, never on an idle window; the rule keeps its measure', () => {
    const s = setup();
    const rate = { kind: 'failures' as const, measure: 'percent' as const, threshold: 20, windowMinutes: 10 };
    const now = s.clock.now();
    expect(findings(s.db, rate, [s.subject()], now).size).toBe(0);
    const row = (i: number, status: 'success' | 'failure') =>
      writeLog(s.db, {
        id: `r${i}`,
        appId: s.app.id,
        activityDateTime: now - MIN,
        jobId: 'j',
        cycleId: 'c',
        provisioningAction: 'create',
        status,
        durationMs: 1,
        initiatedBy: { type: 'system', name: 's' },
        source: { id: `u${i}`, displayName: null, type: 'user' },
        target: { id: null, displayName: null },
        sourceSystem: 'd',
        targetSystem: 't',
        error: null,
        steps: [],
        modifiedProperties: [],
      });
    for (let i = 0; i < 8; i++) row(i, i < 1 ? 'failure' : 'success');
    expect(findings(s.db, rate, [s.subject()], now).size).toBe(0); // 1 of 8: 12.5 %
    row(8, 'failure');
    row(9, 'failure');
    const found = findings(s.db, rate, [s.subject()], now).get(s.app.id);
    expect(found?.summary).toBe('HR: 30.0 % of 10 rows failed in the last 10 minutes (threshold 20 %)');
    // The same rows as a count: 3 failures is not above 5.
    expect(findings(s.db, { ...rate, measure: 'count' }, [s.subject()], now).size).toBe(0);

    const deps = { db: s.db, clock: s.clock, secrets: s.secrets };
    const channels = [{ type: 'email', to: ['ops@example.com'] }];
    const rule = createRule(deps, CLI_ACTOR, { name: 'Rate', condition: rate, channels });
    expect(rule.condition).toEqual(rate);
    expect(() =>
      createRule(deps, CLI_ACTOR, { name: 'Bad', condition: { kind: 'quarantine', measure: 'percent' }, channels }),
    ).toThrow(/measure applies to the failures condition only/);
  });
});

describe('alert conditions', () => {
  it('reads cycles for noSuccessfulCycle, slowCycle and throttles', () => {
    const s = setup();
    const now = s.clock.now();
    s.cycle('c1', now - 30 * 3_600_000, now - 30 * 3_600_000 + MIN, 'succeeded');
    s.cycle('c2', now - 90 * MIN, null, 'running', 0);
    s.cycle('c3', now - 20 * MIN, now - 19 * MIN, 'failed', 7);
    const at = (kind: Parameters<typeof findings>[1]['kind'], threshold?: number, windowMinutes?: number) =>
      findings(s.db, { kind, threshold, windowMinutes }, [s.subject()], now).get(s.app.id)?.summary ?? null;
    expect(at('noSuccessfulCycle', 24)).toContain('no successful cycle for more than 24 hours');
    expect(at('noSuccessfulCycle', 48)).toBeNull();
    expect(at('slowCycle', 60)).toBeNull(); // the latest (c3) took a minute
    expect(at('throttles', 5, 60)).toContain('7 throttled answers');
    expect(at('throttles', 7, 60)).toBeNull();
    expect(at('throttles', 5, 10)).toBeNull(); // c3 started 20 minutes ago
    s.cycle('c4', now - 5 * MIN, null, 'running'); // the latest now: a cycle still running counts to now
    expect(at('slowCycle', 3)).toBe('HR: cycle running for 5 minutes (threshold 3)');
  });

  it('reads token expiry, quarantine and failing LDAP sources', () => {
    const s = setup();
    const now = s.clock.now();
    s.db
      .update(applications)
      .set({ tokenExpiresAt: now + 3 * 86_400_000 })
      .run();
    const one = (kind: Parameters<typeof findings>[1]['kind'], subjects: Subject[], threshold?: number) =>
      findings(s.db, { kind, threshold }, subjects, now);
    expect(one('tokenExpiry', [s.subject()], 14).get(s.app.id)?.summary).toContain('the Secret Token expires');
    expect(one('tokenExpiry', [s.subject()], 2).size).toBe(0);
    expect(one('quarantine', [s.subject()]).size).toBe(0);
    s.db.$client.prepare("UPDATE jobs SET quarantine_reason = 'EncounteredQuarantineException'").run();
    expect(one('quarantine', [s.subject()]).get(s.app.id)?.summary).toBe(
      'HR: provisioning quarantined (EncounteredQuarantineException)',
    );

    s.db.$client
      .prepare(
        "INSERT INTO sources (id, type, name, created_at, updated_at) VALUES ('src1', 'ldap', 'Corp LDAP', 0, 0)",
      )
      .run();
    const src: Subject = { id: 'source:src1', name: 'Corp LDAP' };
    const sync = (id: string, state: 'failed' | 'succeeded', startedAt: number) =>
      s.db
        .insert(sourceSyncs)
        .values({
          id,
          sourceId: 'src1',
          type: 'incremental',
          trigger: 'schedule',
          state,
          startedAt,
          error: 'invalid credentials',
        })
        .run();
    sync('y1', 'failed', now - 2 * MIN);
    expect(one('sourceFailing', [src]).get(src.id)?.summary).toBe(
      'Corp LDAP: the last sync failed (invalid credentials)',
    );
    sync('y2', 'succeeded', now - MIN);
    expect(one('sourceFailing', [src]).size).toBe(0);
  });

  it('opens nothing while muted, and resolves the alert of a deleted application', () => {
    const s = setup();
    s.db.$client.prepare("UPDATE jobs SET quarantine_reason = 'EncounteredQuarantineException'").run();
    const deps = { db: s.db, clock: s.clock, secrets: s.secrets, publicUrl: 'https://p.example' };
    const rule = createRule(deps, CLI_ACTOR, {
      name: 'Q',
      condition: { kind: 'quarantine' },
      muteUntil: new Date(s.clock.now() + 60 * MIN).toISOString(),
      channels: [{ type: 'email', to: ['a@contoso.example'] }],
    });
    expect(evaluateRules(deps)).toEqual({ fired: [], resolved: [] });
    s.clock.advance(61 * MIN);
    const { fired } = evaluateRules(deps);
    expect(fired).toHaveLength(1);
    expect(evaluateRules(deps).fired).toEqual([]);
    s.db.delete(applications).where(eq(applications.id, s.app.id)).run();
    expect(evaluateRules(deps).resolved).toEqual(fired);
    expect(rule.muteUntil).not.toBeNull();
  });
});
