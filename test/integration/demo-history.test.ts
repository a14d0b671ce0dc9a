/**
 * Issue 15 item 3: the demo seeds 30 days of past activity through the real log writer and rollups, and
 * leaves the live job as a fresh seed has it.
 */
import { stringify } from 'csv-stringify/sync';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, cycles, jobs } from '../../db/schema';
import { createApplication, getApplication } from '../../src/apps/applications';
import { createAccount } from '../../src/auth/accounts';
import { seedHistory } from '../../src/demo/history';
import { planHistory } from '../../src/demo/history-days';
import { demoPerson } from '../../src/demo/people';
import { importUsersCsv } from '../../src/directory/csv-import';
import { listUsers } from '../../src/directory/users';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { appStatus } from '../../src/operate/status';
import { activitySeries, cycleDurations, timeToProvision, topErrorCodes } from '../../src/reports/queries';
import { parseReportRange } from '../../src/reports/range';
import { freshDb } from '../support/db';

const DAY = 86_400_000;

async function seeded() {
  const env = freshDb();
  const { db, clock, secrets, dir } = env;
  const people = Array.from({ length: 500 }, (_, i) => demoPerson(i));
  await importUsersCsv(dir, CLI_ACTOR, stringify(people, { header: true }));
  const app = createApplication({ db, clock, secrets }, CLI_ACTOR, {
    name: 'MindTickle (sandbox)',
    template: 'mindtickle',
    tenantUrl: 'http://127.0.0.1:9/sandbox/scim/v2',
    secretToken: 'sandbox-token',
    allowHttp: true,
  });
  const { account } = await createAccount(db, clock, CLI_ACTOR, {
    email: 'admin@provisio.local',
    role: 'admin',
    password: 'a long demo password 1',
  });
  const users = listUsers(db, { limit: 400 }).items.map((u) => ({ ...u, displayName: u.displayName ?? u.id }));
  const now = clock.now();
  const started = performance.now();
  const summary = await seedHistory({
    db,
    now,
    appId: app.id,
    people: users,
    admin: { id: account.id, email: account.email },
  });
  return { ...env, app, now, summary, users, ms: performance.now() - started, account };
}

describe('demo history (30 days of past activity)', () => {
  let s: Awaited<ReturnType<typeof seeded>>;
  beforeAll(async () => {
    s = await seeded();
  }, 60_000);

  it('the 30-day report shows activity on at least 28 days, through the rollups', () => {
    const range = parseReportRange({ range: '30d', appId: s.app.id }, s.now);
    const series = activitySeries(s.db, range);
    const active = series.filter((p) => Object.values(p.byAction).some((n) => n > 0));
    expect(active.length).toBeGreaterThanOrEqual(28);
    const daily = s.db.$client
      .prepare('SELECT count(DISTINCT day) AS n FROM log_rollup_daily WHERE app_id = ?')
      .get(s.app.id) as { n: number };
    expect(daily.n).toBeGreaterThanOrEqual(28);
    const rows = s.db.$client.prepare('SELECT count(*) AS n FROM provisioning_log').get() as { n: number };
    expect(rows.n).toBe(s.summary.rows);
    // The 30-day range starts at the hour 720 h ago, so a cycle early on the first day may fall before it.
    expect(cycleDurations(s.db, range).length).toBeGreaterThanOrEqual(s.summary.cycles - 5);
  });

  it('gives time to provision its past: the directory changes behind the actions are in the journal', () => {
    const range = parseReportRange({ range: '30d', appId: s.app.id }, s.now);
    const ttp = timeToProvision(s.db, range);
    const total = ttp.reduce((n, b) => n + b.count, 0);
    expect(total).toBeGreaterThan(500);
    // Most within seconds (nudged), a tail on the schedule, and the quarantine backlog over an hour.
    expect(ttp.filter((b) => b.count > 0).length).toBeGreaterThanOrEqual(5);
    const past = s.db.$client
      .prepare('SELECT max(at) AS at FROM directory_changes WHERE at < ?')
      .get(s.now - 60_000) as {
      at: number;
    };
    expect(past.at).toBeLessThan(s.now);
  });

  it('has failures with the engine error codes, and throttling', () => {
    const range = parseReportRange({ range: '30d', appId: s.app.id }, s.now);
    const codes = topErrorCodes(s.db, range).map((r) => r.errorCode);
    expect(codes).toEqual(expect.arrayContaining(['EntryConflict', 'TooManyRequests', 'Unauthorized']));
    const throttled = s.db.$client.prepare('SELECT sum(throttled) AS n FROM cycles').get() as { n: number };
    expect(throttled.n).toBeGreaterThan(0);
    const failed = s.db.$client
      .prepare("SELECT error_reason AS reason FROM provisioning_log WHERE error_code = 'EntryConflict' LIMIT 1")
      .get() as { reason: string };
    expect(failed.reason).toContain('(HTTP 409 uniqueness)');
  });

  it('shows one quarantine episode: refused retries, entered once, cleared by the admin', () => {
    const refused = s.db
      .select()
      .from(cycles)
      .all()
      .filter((c) => c.error?.startsWith('Quarantined'));
    expect(refused.length).toBeGreaterThanOrEqual(3);
    expect(refused.every((c) => c.status === 'failed')).toBe(true);
    const span = Math.max(...refused.map((c) => c.startedAt)) - Math.min(...refused.map((c) => c.startedAt));
    expect(span).toBeGreaterThan(DAY);
    expect(span).toBeLessThan(4 * DAY);
    const acts = s.db
      .select()
      .from(auditLog)
      .all()
      .map((a) => a.activity);
    expect(acts.filter((a) => a === 'quarantine.enter')).toHaveLength(1);
    expect(acts.filter((a) => a === 'quarantine.clear')).toHaveLength(1);
  });

  it("sets the app's token expiry within 14 days, and keeps the live job healthy", () => {
    const app = getApplication(s.db, s.app.id);
    expect(app.tokenExpiresAt).toBeGreaterThan(s.now);
    expect((app.tokenExpiresAt ?? 0) - s.now).toBeLessThanOrEqual(14 * DAY);
    const job = s.db.select().from(jobs).where(eq(jobs.appId, s.app.id)).get();
    expect(job).toMatchObject({
      watermark: 0,
      initialCycleDone: false,
      quarantineReason: null,
      quarantineSeriesCount: 0,
    });
    const status = appStatus(s.db, s.app.id, s.now);
    expect(status.quarantine).toBeNull();
    expect(status.currentCycle).toBeNull();
    const all = s.db.select().from(cycles).all();
    expect(all.every((c) => c.status !== 'running' && (c.endedAt ?? Infinity) < s.now - 0)).toBe(true);
  });

  it('spreads audit rows over the range: sign-ins, a mapping change, a manual run', () => {
    const rows = s.db
      .select()
      .from(auditLog)
      .all()
      .filter((a) => a.at < s.now - 3_600_000);
    const days = new Set(rows.map((a) => Math.floor(a.at / DAY)));
    expect(days.size).toBeGreaterThanOrEqual(15);
    expect(Math.min(...rows.map((a) => a.at))).toBeGreaterThanOrEqual(s.now - 31 * DAY);
    const acts = rows.map((a) => a.activity);
    expect(acts).toEqual(expect.arrayContaining(['auth.sign_in', 'mappings.update', 'cycle.run_now']));
    expect(rows.some((a) => a.after?.includes('[redacted]'))).toBe(true);
    expect(JSON.stringify(rows)).not.toContain('"new"');
    // Listed by id, newest first (the audit pages' order): ids follow time, so the past sorts before today.
    const all = s.db.select().from(auditLog).orderBy(auditLog.id).all();
    expect(all.map((a) => a.at)).toEqual([...all.map((a) => a.at)].sort((x, y) => x - y));
    expect(all.some((a) => a.activity === 'application.create' && a.at === s.now)).toBe(true);
  });

  it('whatever weekday the demo starts on, the past has every ingredient and activity every day', () => {
    for (let k = 0; k < 7; k++) {
      const now = s.now + k * DAY;
      const plan = planHistory(now, s.users, 'admin@provisio.local');
      const rows = plan.cycles.flatMap((c) => c.rows);
      const codes = new Set(rows.map((r) => r.failure?.status));
      expect([...codes]).toEqual(expect.arrayContaining([409, 429, 401]));
      expect(plan.cycles.some((c) => c.throttled > 0)).toBe(true);
      const days = new Set(rows.map((r) => Math.floor(r.at / DAY)));
      expect(days.size).toBe(30);
    }
  });

  it('is deterministic and fast', () => {
    const a = planHistory(s.now, s.users, 'admin@provisio.local');
    const b = planHistory(s.now, s.users, 'admin@provisio.local');
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a.cycles.length).toBe(s.summary.cycles);
    expect(s.ms).toBeLessThan(5000);
  });
});
