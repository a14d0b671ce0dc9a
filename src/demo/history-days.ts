/**
 * planHistory: 30 days of a lived-in deployment, day by day (pure, seeded). Days ago 30 … 1: scheduled
 * incremental cycles (busier on working days); a mapping change (day 20) that re-evaluates everyone in an
 * initial cycle; the Secret Token rotated in the target (day 12), so the job sits in quarantine on Entra's
 * retry schedule (entra.md §3.2) until the admin pastes the new token and presses Test Connection.
 */
import { GENERIC_SCIM_USER_MAPPINGS } from '../mapping/default-mappings';
import { logErrorOf } from './history-errors';
import {
  DAY_MS,
  type HistoryPerson,
  type HistoryPlan,
  type PlannedAudit,
  type PlannedCycle,
  quarantineTimes,
  rngOf,
} from './history-plan';
import { type Ctx, initialCycle, refusedCycle, scheduledCycle } from './history-schedule';

const HOUR_MS = 3_600_000;
const MIN_MS = 60_000;
export const HISTORY_DAYS = 30;
export const MAPPING_DAY = 20;
export const QUARANTINE_DAY = 12;
export const DEFAULT_SEED = 20_261_205;
/** Days on which a new hire's account already exists in the target, whatever the random draw. */
const DUPLICATE_DAYS = [17, 5];

/** Start hours of a day's scheduled cycles that had work (the ones that found nothing leave no trace here). */
function cycleHours(c: Ctx, weekday: boolean): number[] {
  const n = weekday ? c.rng.int(4, 6) : c.rng.int(1, 2);
  const hours = new Set<number>();
  while (hours.size < n) hours.add(weekday ? c.rng.int(7, 18) : c.rng.int(9, 16));
  return [...hours].sort((a, b) => a - b);
}

const at = (dayStart: number, h: number, m: number) => dayStart + h * HOUR_MS + m * MIN_MS;

/** The quarantine episode: refused retries, the admin's failed then successful test, the manual run. */
function quarantineEpisode(c: Ctx, dayStart: number, cycles: PlannedCycle[], audit: PlannedAudit[]): number {
  const times = quarantineTimes(dayStart);
  for (const t of times) cycles.push(refusedCycle(c, t));
  const first = cycles[cycles.length - times.length] as PlannedCycle;
  const since = first.startedAt;
  audit.push({
    at: first.endedAt,
    by: 'system',
    activity: 'quarantine.enter',
    before: { reason: null },
    after: {
      reason: 'EncounteredQuarantineException',
      detail: first.quarantined,
      nextAttempt: new Date(times[1] ?? since).toISOString(),
    },
  });
  const tested = at(dayStart + DAY_MS, 10, 12);
  const refused = logErrorOf({ status: 401, scimType: null, operation: 'list', method: 'GET', detail: null });
  audit.push({
    at: tested,
    by: 'admin',
    activity: 'application.test_connection',
    result: 'failure',
    after: { ok: false, detail: refused.reason },
  });
  const fixed = (times[times.length - 1] ?? since) + 5 * HOUR_MS + 35 * MIN_MS;
  audit.push({
    at: fixed,
    by: 'admin',
    activity: 'application.update',
    before: { secretToken: 'old' },
    after: { secretToken: 'new' },
  });
  audit.push({
    at: fixed + 40_000,
    by: 'admin',
    activity: 'application.test_connection',
    after: { ok: true, detail: 'authorized' },
  });
  audit.push({
    at: fixed + 41_000,
    by: 'admin',
    activity: 'quarantine.clear',
    before: { reason: 'EncounteredQuarantineException', since, seriesCount: times.length },
    after: { why: 'Test Connection succeeded' },
  });
  // The backlog of three days goes out in one manual run.
  const run = scheduledCycle(c, fixed + 95_000, true);
  run.initiatedBy = { type: 'user', name: c.admin };
  // Its changes waited out the quarantine: hours, not seconds, from the directory to the target.
  for (const r of run.rows) r.changeLagMs = c.rng.int(2 * 60, 60 * 60) * MIN_MS;
  cycles.push(run);
  audit.push({ at: fixed + 95_000, by: 'admin', activity: 'cycle.run_now', after: { cycleId: run.id } });
  return fixed;
}

/** The past `HISTORY_DAYS` days before `now`'s UTC day, as cycles and audit entries. Deterministic per seed. */
export function planHistory(
  now: number,
  people: readonly HistoryPerson[],
  admin: string,
  seed = DEFAULT_SEED,
): HistoryPlan {
  const rng = rngOf(seed);
  const hires = [...people];
  for (let i = hires.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [hires[i], hires[j]] = [hires[j] as HistoryPerson, hires[i] as HistoryPerson];
  }
  const c: Ctx = { rng, people, hires: hires.slice(0, 60), admin, targets: new Map() };
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  const cycles: PlannedCycle[] = [];
  const audit: PlannedAudit[] = [];
  let quietUntil = 0;
  for (let d = HISTORY_DAYS; d >= 1; d--) {
    const dayStart = today - d * DAY_MS;
    const weekday = ![0, 6].includes(new Date(dayStart).getUTCDay());
    if (weekday && rng.chance(0.8))
      audit.push({ at: at(dayStart, 8, rng.int(2, 55)) + rng.int(0, 59_999), by: 'admin', activity: 'auth.sign_in' });
    if (d === 26 || d === 7)
      audit.push({
        at: at(dayStart, 8, 1) + rng.int(0, 59_999),
        by: 'admin',
        activity: 'auth.sign_in',
        result: 'failure',
      });
    const qStart = d === QUARANTINE_DAY ? (quarantineTimes(dayStart)[0] ?? dayStart) : Number.POSITIVE_INFINITY;
    let first = true;
    for (const h of cycleHours(c, weekday)) {
      const start = at(dayStart, h, rng.int(0, 11) * 5) + rng.int(0, 3000);
      if (start < quietUntil || start >= qStart) continue;
      cycles.push(scheduledCycle(c, start, weekday, first && DUPLICATE_DAYS.includes(d)));
      first = false;
    }
    if (d === MAPPING_DAY) {
      const change = at(dayStart, 14, 10);
      const before = GENERIC_SCIM_USER_MAPPINGS.map((m) => (m.target === 'title' ? { ...m, apply: 'create' } : m));
      audit.push({ at: change, by: 'admin', activity: 'mappings.update', before, after: GENERIC_SCIM_USER_MAPPINGS });
      cycles.push(initialCycle(c, change + 62_000));
    }
    if (d === QUARANTINE_DAY) quietUntil = quarantineEpisode(c, dayStart, cycles, audit);
    if (d === 4)
      audit.push({
        at: at(dayStart, 16, 20) + rng.int(0, 59_999),
        by: 'admin',
        activity: 'logs.export',
        after: { format: 'csv', range: '7d' },
      });
  }
  cycles.sort((a, b) => a.startedAt - b.startedAt);
  audit.sort((a, b) => a.at - b.at);
  return { cycles, audit };
}
