/**
 * The report rollups (log_rollup_hourly, log_rollup_daily, log_ttp_hourly), kept by the log writer in the
 * transaction that inserts the rows: one upsert per (hour or day, app, action, status, error code) group of a
 * batch instead of two AFTER INSERT triggers firing per row (migrations 0012 and 0014, dropped by
 * 0027_log_rollups_in_writer: they were about half of an insert's time, issue 16). Keys, buckets and the time
 * to provision follow those triggers' SQL exactly, so reports read the same numbers. Rollups outlive log
 * retention on purpose (reports keep their history): purges do not touch them.
 */
import type Database from 'better-sqlite3';
import type { LogEntry, LogError } from './types';

const HOUR = 3_600_000;
const DAY = 86_400_000;

/** Time-to-provision bucket of a latency, as migration 0012 numbered them (upper bounds in ms). */
const TTP_BOUNDS = [1000, 5000, 15_000, 60_000, 300_000, 900_000, 3_600_000];
export function ttpBucket(latencyMs: number): number {
  const i = TTP_BOUNDS.findIndex((b) => latencyMs < b);
  return i === -1 ? TTP_BOUNDS.length : i;
}

// Only writes that reached the target have a time to provision (0012).
const TTP_ACTIONS = new Set(['create', 'update', 'disable', 'delete']);

const UPSERT_HOURLY = `INSERT INTO log_rollup_hourly (hour, app_id, action, status, error_code, n, duration_sum, last_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (hour, app_id, action, status, error_code) DO UPDATE SET
  n = n + excluded.n, duration_sum = duration_sum + excluded.duration_sum, last_at = max(last_at, excluded.last_at)`;
const UPSERT_DAILY = UPSERT_HOURLY.replace('log_rollup_hourly (hour', 'log_rollup_daily (day').replace(
  'CONFLICT (hour',
  'CONFLICT (day',
);
const UPSERT_TTP = `INSERT INTO log_ttp_hourly (hour, app_id, bucket, n, sum_ms) VALUES (?, ?, ?, ?, ?)
  ON CONFLICT (hour, app_id, bucket) DO UPDATE SET n = n + excluded.n, sum_ms = sum_ms + excluded.sum_ms`;
// Time to provision: the write minus the object's latest directory change read by the incremental cycle that
// wrote it (changes after the cycle's watermark_from, not after the write); initial cycles have none.
const CYCLE = `SELECT type, watermark_from AS "from" FROM cycles WHERE id = ?`;
const LAST_CHANGE = 'SELECT max(at) FROM directory_changes WHERE object_id = ? AND seq > ? AND at <= ?';

interface RollupStatements {
  hourly: Database.Statement<unknown[]>;
  daily: Database.Statement<unknown[]>;
  ttp: Database.Statement<unknown[]>;
  cycle: Database.Statement<unknown[], { type: string; from: number } | undefined>;
  lastChange: Database.Statement<unknown[], number | null>;
}

/** What the rollups read of a row (a LogEntry is one; bulk loaders in bench/ pass just this). */
export type RollupRow = Pick<
  LogEntry,
  'appId' | 'activityDateTime' | 'cycleId' | 'provisioningAction' | 'status' | 'durationMs'
> & { source: Pick<LogEntry['source'], 'id'>; error: Pick<LogError, 'errorCode'> | null };

const prepared = new WeakMap<Database.Database, RollupStatements>();

function statementsOf(client: Database.Database): RollupStatements {
  let s = prepared.get(client);
  if (!s) {
    s = {
      hourly: client.prepare<unknown[]>(UPSERT_HOURLY),
      daily: client.prepare<unknown[]>(UPSERT_DAILY),
      ttp: client.prepare<unknown[]>(UPSERT_TTP),
      cycle: client.prepare<unknown[], { type: string; from: number } | undefined>(CYCLE),
      lastChange: client.prepare<unknown[], number | null>(LAST_CHANGE).pluck(),
    };
    prepared.set(client, s);
  }
  return s;
}

/** One group's running totals: [unit (hour or day), app, action, status, error code, n, duration sum, last at]. */
type Group = [number, string, string, string, string, number, number, number];

function add(groups: Map<string, Group>, unit: number, e: RollupRow): void {
  const code = e.error?.errorCode ?? '';
  // \u0000 cannot occur in the parts, so distinct groups never share a key.
  const key = `${unit}\u0000${e.appId}\u0000${e.provisioningAction}\u0000${e.status}\u0000${code}`;
  const g = groups.get(key);
  if (g) {
    g[5] += 1;
    g[6] += e.durationMs;
    if (e.activityDateTime > g[7]) g[7] = e.activityDateTime;
  } else {
    groups.set(key, [unit, e.appId, e.provisioningAction, e.status, code, 1, e.durationMs, e.activityDateTime]);
  }
}

/** Time-to-provision groups of the batch: hour + app + bucket → [n, sum of latencies]. */
function ttpGroups(
  s: RollupStatements,
  entries: readonly RollupRow[],
): Map<string, [number, string, number, number, number]> {
  const out = new Map<string, [number, string, number, number, number]>();
  const cycles = new Map<string, number | null>(); // cycle id → watermark_from when incremental, else null
  for (const e of entries) {
    if (e.status !== 'success' || !TTP_ACTIONS.has(e.provisioningAction)) continue;
    let from = cycles.get(e.cycleId);
    if (from === undefined) {
      const c = s.cycle.get(e.cycleId);
      from = c?.type === 'incremental' ? c.from : null;
      cycles.set(e.cycleId, from);
    }
    if (from === null) continue;
    const last = s.lastChange.get(e.source.id, from, e.activityDateTime);
    if (last === null || last === undefined) continue;
    const lat = e.activityDateTime - last;
    const hour = Math.trunc(e.activityDateTime / HOUR);
    const bucket = ttpBucket(lat);
    const key = `${hour}\u0000${e.appId}\u0000${bucket}`;
    const g = out.get(key);
    if (g) {
      g[3] += 1;
      g[4] += lat;
    } else out.set(key, [hour, e.appId, bucket, 1, lat]);
  }
  return out;
}

/**
 * Add a batch of just-inserted rows to the rollups. Call it inside the transaction that inserted them, so a
 * report never sees rows without their counts (write.ts does).
 */
export function addToRollups(client: Database.Database, entries: readonly RollupRow[]): void {
  if (entries.length === 0) return;
  const s = statementsOf(client);
  const hourly = new Map<string, Group>();
  const daily = new Map<string, Group>();
  for (const e of entries) {
    add(hourly, Math.trunc(e.activityDateTime / HOUR), e);
    add(daily, Math.trunc(e.activityDateTime / DAY), e);
  }
  for (const g of hourly.values()) s.hourly.run(...g);
  for (const g of daily.values()) s.daily.run(...g);
  for (const g of ttpGroups(s, entries).values()) s.ttp.run(...g);
}
