/** The demo past's cycle kinds (pure): a scheduled cycle with work, the initial cycle after a mapping change, a refused retry. */
import { FAILURES, type PlannedFailure } from './history-errors';
import {
  type HistoryPerson,
  type PlannedCycle,
  type PlannedRow,
  type Rng,
  SCHEDULED,
  targetIdOf,
} from './history-plan';

export interface Ctx {
  rng: Rng;
  people: readonly HistoryPerson[];
  hires: HistoryPerson[];
  admin: string;
  /** One target id per person, so every row of the same user names the same target object. */
  targets: Map<string, string>;
}

function targetOf(c: Ctx, p: HistoryPerson): string {
  const known = c.targets.get(p.id);
  if (known) return known;
  const id = targetIdOf(c.rng);
  c.targets.set(p.id, id);
  return id;
}

/** Most changes go out within seconds (the directory nudges the job); some wait for the 5-minute schedule. */
function lagOf(rng: Rng): number {
  const p = rng.next();
  if (p < 0.55) return rng.int(1500, 14_000);
  if (p < 0.85) return rng.int(15_000, 290_000);
  return rng.int(300_000, 2_400_000);
}

function row(c: Ctx, at: number, p: HistoryPerson, action: PlannedRow['action']): PlannedRow {
  return {
    at,
    durationMs: c.rng.int(120, 650),
    action,
    status: 'success',
    person: p,
    targetId: targetOf(c, p),
    changeLagMs: lagOf(c.rng),
    change: null,
    failure: null,
  };
}

/** What a day's update changed: a promotion, a move, a new mobile number. */
function updateOf(c: Ctx, r: PlannedRow): PlannedRow {
  const p = r.person;
  const kind = c.rng.int(0, 2);
  if (kind === 0 && p.jobTitle) return { ...r, change: { attribute: 'title', from: 'Associate', to: p.jobTitle } };
  if (kind === 1 && p.department)
    return {
      ...r,
      change: { attribute: 'department', from: c.rng.pick(['Sales', 'Support', 'Finance']), to: p.department },
    };
  const phone = () => `+1 555 ${String(c.rng.int(100, 999))} ${String(c.rng.int(1000, 9999))}`;
  return { ...r, change: { attribute: 'phoneNumbers[type eq "mobile"].value', from: phone(), to: phone() } };
}

function fail(r: PlannedRow, f: PlannedFailure): PlannedRow {
  return { ...r, status: 'failure', failure: f, durationMs: r.durationMs + 200 };
}

/** One scheduled cycle with work: creates for new hires, updates, sometimes a leaver; rare failures, 429s. */
/** `duplicate`: the cycle's first new hire already has an account in the target (a 409 on create). */
export function scheduledCycle(c: Ctx, startedAt: number, weekday: boolean, duplicate = false): PlannedCycle {
  const { rng } = c;
  const rows: PlannedRow[] = [];
  let at = startedAt + rng.int(800, 2500);
  const next = () => (at += rng.int(150, 900));
  const creates = duplicate ? 1 : weekday && rng.chance(0.5) ? rng.int(1, 3) : 0;
  for (let i = 0; i < creates; i++) {
    const hire = c.hires.pop();
    if (hire) rows.push(row(c, next(), hire, 'create'));
  }
  for (let i = rng.int(weekday ? 4 : 0, weekday ? 16 : 4); i > 0; i--)
    rows.push(updateOf(c, row(c, next(), rng.pick(c.people), 'update')));
  if (weekday && rng.chance(0.3)) rows.push(row(c, next(), rng.pick(c.people), 'disable'));
  if (rows.length === 0) rows.push(updateOf(c, row(c, next(), rng.pick(c.people), 'update')));
  if (duplicate && rows[0]?.action === 'create') rows[0] = fail(rows[0], FAILURES.duplicate);
  const i = rng.int(0, rows.length - 1);
  const target = rows[i] as PlannedRow;
  if (target.action === 'create' && rng.chance(0.2)) rows[i] = fail(target, FAILURES.duplicate);
  else if (target.action === 'update' && rng.chance(0.06)) rows[i] = fail(target, FAILURES.goneInTarget);
  else if (target.action === 'update' && rng.chance(0.04)) rows[i] = fail(target, FAILURES.badValue);
  let throttled = 0;
  let waitedMs = 0;
  if (weekday && rng.chance(0.18)) {
    throttled = rng.int(2, 9);
    waitedMs = throttled * rng.int(800, 2500);
    for (const r of rows) r.durationMs += Math.round(waitedMs / rows.length);
    const j = rows.findIndex((r) => r.action === 'update' && r.status === 'success');
    if (j >= 0 && rng.chance(0.35)) rows[j] = fail(rows[j] as PlannedRow, FAILURES.throttled);
  }
  const last = rows[rows.length - 1] as PlannedRow;
  const endedAt = last.at + last.durationMs + rng.int(200, 1500);
  return {
    id: targetIdOf(rng),
    type: 'incremental',
    initiatedBy: SCHEDULED,
    startedAt,
    endedAt,
    rows,
    throttled,
    waitedMs,
    quarantined: null,
  };
}

/** After the mapping change: everyone is re-evaluated in one initial cycle (a few 429s on the way). */
export function initialCycle(c: Ctx, startedAt: number): PlannedCycle {
  let at = startedAt + 4000;
  const rows: PlannedRow[] = [];
  // The title mapping went from "on create only" to "always": only titles changed since creation are sent.
  for (const p of c.people) {
    if (!p.jobTitle || !c.rng.chance(0.2)) continue;
    at += c.rng.int(20, 60);
    rows.push({ ...row(c, at, p, 'update'), change: { attribute: 'title', from: 'Associate', to: p.jobTitle } });
  }
  const last = rows[rows.length - 1] as PlannedRow;
  return {
    id: targetIdOf(c.rng),
    type: 'initial',
    initiatedBy: SCHEDULED,
    startedAt,
    endedAt: (last?.at ?? at) + 900,
    rows,
    throttled: 6,
    waitedMs: 7_400,
    quarantined: null,
  };
}

/** A retry the target refused: one 401, and the cycle stops (engine/sync/process-user.ts watchAuth). */
export function refusedCycle(c: Ctx, startedAt: number): PlannedCycle {
  const r = fail(updateOf(c, row(c, startedAt + 1200, c.rng.pick(c.people), 'update')), FAILURES.unauthorized);
  const detail = `the target rejected the secret token (HTTP 401 on PATCH /Users/${r.targetId})`;
  return {
    id: targetIdOf(c.rng),
    type: 'incremental',
    initiatedBy: SCHEDULED,
    startedAt,
    endedAt: r.at + r.durationMs + 300,
    rows: [r],
    throttled: 0,
    waitedMs: 0,
    quarantined: detail,
  };
}
