/**
 * The 5M-row database for bench/pages-5m.ts: 6 applications, their cycles (~2,000 events each), directory
 * changes for every tenth event (so time to provision has data), the provisioning log spread over 180 days
 * (85 % success, 6 % skipped, 6 % failure with six error codes, 3 % warning) and 100,000 audit rows.
 * Raw prepared statements, one transaction per 10,000 rows. Kept on disk: a second run reuses it.
 */
import { performance } from 'node:perf_hooks';
import type { Db } from '../db/client';
import { createApplication } from '../src/apps/applications';
import type { SecretBox } from '../src/auth/secret-box';
import { CLI_ACTOR } from '../src/kernel/actor';
import { systemClock } from '../src/kernel/clock';
import { REORDER_DURATIONS_SQL } from '../src/log/duration-order';
import { REINDEX_LOG_KEYS_SQL } from '../src/log/object-keys';
import { addToRollups, type RollupRow } from '../src/log/rollups';

const APPS = ['MindTickle', 'Salesforce', 'Slack', 'Zoom', 'GitHub', 'Workday'];
const ERRORS = [
  'EntryConflict',
  'TooManyRequests',
  'Timeout',
  'SchemaAttributeNotFound',
  'Unauthorized',
  'SystemForCrossDomainIdentityManagementBadResponse',
];
const ACTIONS = ['create', 'update', 'update', 'update', 'disable', 'delete'];
const SPAN = 180 * 86_400_000;
const PER_CYCLE = 2000;
const BATCH = 10_000;
const AUDIT_ROWS = 100_000;

const mix = (i: number, salt: number) => (Math.imul(i ^ salt, 2654435761) >>> 0) % 1000;

const LOG_SQL = `INSERT INTO provisioning_log (id, app_id, activity_date_time, job_id, cycle_id, provisioning_action, status,
  duration_ms, initiated_by_type, initiated_by_name, source_id, source_display_name, source_type, target_id,
  target_display_name, source_system, target_system, error_code, error_category, error_reason, recommended_action,
  steps, modified_properties) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'system', 'Provisio provisioning service', ?, ?, 'user', ?,
  NULL, 'Provisio directory', ?, ?, ?, ?, NULL, ?, ?)`;

export function buildDatabase(db: Db, secrets: SecretBox, n: number, now: number) {
  const sql = db.$client;
  const count = () => (sql.prepare('SELECT count(*) AS n FROM provisioning_log').get() as { n: number }).n;
  const existing = count();
  let inserted = false;
  let ms = 0;
  if (existing !== n) {
    if (existing > 0) throw new Error(`the database holds ${existing} rows, not ${n}: delete it first`);
    inserted = true;
    // A large page cache for the build: the indexes on provisioning_log take random inserts.
    sql.pragma('cache_size = -1048576');
    const apps = APPS.map((name) =>
      createApplication({ db, clock: systemClock, secrets }, CLI_ACTOR, {
        name,
        template: 'scim',
        tenantUrl: `https://${name.toLowerCase()}.example.test/scim/v2`,
        secretToken: 'bench-token-0123456789',
      }),
    );
    const start = now - SPAN;
    const at = (i: number) => Math.round(start + (i * SPAN) / n);
    const cycleOf = (i: number) => Math.floor(i / (PER_CYCLE * APPS.length));
    const cycles =
      sql.prepare(`INSERT INTO cycles (id, app_id, job_id, type, status, initiated_by, started_at, ended_at,
      total, processed, created, updated, failed, throttled) VALUES (?, ?, ?, ?, ?, 'system', ?, ?, ?, ?, ?, ?, ?, ?)`);
    sql.transaction(() => {
      for (let k = 0; k <= cycleOf(n - 1); k++) {
        const first = k * PER_CYCLE * APPS.length;
        const last = Math.min(n - 1, first + PER_CYCLE * APPS.length - 1);
        apps.forEach((a, ai) => {
          const status = mix(k, ai) % 10 === 0 ? 'entry_errors' : 'succeeded';
          cycles.run(
            `cyc-${ai}-${k}`,
            a.id,
            a.jobId,
            k === 0 ? 'initial' : 'incremental',
            status,
            at(first),
            at(last),
            PER_CYCLE,
            PER_CYCLE,
            300,
            1600,
            100,
            mix(k, ai + 3) % 4,
          );
        });
      }
    })();
    const log = sql.prepare(LOG_SQL);
    const change = sql.prepare(
      `INSERT INTO directory_changes (object_type, object_id, kind, at) VALUES ('user', ?, 'update', ?)`,
    );
    const batch = sql.transaction((from: number, to: number) => {
      // The report rollups, as the log writer keeps them: one upsert per group of the batch (src/log/rollups.ts).
      // Counted at the batch's end, so a row's time to provision may see a directory change of a later row in
      // the same batch that the writer, called per row, would not have: immaterial for these figures.
      const counted: RollupRow[] = [];
      for (let i = from; i < to; i++) {
        const ai = i % APPS.length;
        const a = apps[ai];
        if (!a) continue;
        const u = mix(i, 17) * 50 + (mix(i, 23) % 50);
        const sourceId = `00000000-0000-4000-8000-${u.toString(16).padStart(12, '0')}`;
        const t = at(i);
        if (i % 10 === 0) change.run(sourceId, t - 500 - mix(i, 31) * 300);
        const r = mix(i, 5) % 100;
        const status = r < 85 ? 'success' : r < 91 ? 'skipped' : r < 97 ? 'failure' : 'warning';
        const action = status === 'skipped' ? 'other' : (ACTIONS[mix(i, 7) % ACTIONS.length] ?? 'update');
        const err = status === 'failure' ? (ERRORS[mix(i, 11) % ERRORS.length] ?? null) : null;
        const name = `Person ${u}`;
        const durationMs = 20 + (mix(i, 29) % 900);
        const cycleId = `cyc-${ai}-${cycleOf(i)}`;
        counted.push({
          appId: a.id,
          activityDateTime: t,
          cycleId,
          provisioningAction: action as RollupRow['provisioningAction'],
          status,
          durationMs,
          source: { id: sourceId },
          error: err ? { errorCode: err } : null,
        });
        const steps = `[{"name":"EntryImport","provisioningStepType":"import","status":"success","description":"Retrieved User '${name}' from Provisio directory","details":{}},{"name":"EntryExportUpdate","provisioningStepType":"export","status":"${status}","description":"User '${name}' ${action}","details":{}}]`;
        log.run(
          `chg-${i.toString(36).padStart(8, '0')}`,
          a.id,
          t,
          a.jobId,
          cycleId,
          action,
          status,
          durationMs,
          sourceId,
          name,
          err && action === 'create' ? null : `${APPS[ai]}-${u}`,
          APPS[ai],
          err,
          err ? 'nonServiceFailure' : null,
          err ? `${err}: the target refused the request` : null,
          steps,
          '[]',
        );
      }
      addToRollups(sql, counted);
    });
    // Secondary indexes go while the rows go in and are rebuilt after (a sorted build instead of millions of
    // random b-tree inserts that outgrow the page cache); the rollups are counted per batch, as the writer does.
    const indexes = sql
      .prepare(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'provisioning_log' AND sql IS NOT NULL",
      )
      .all() as { name: string; sql: string }[];
    for (const ix of indexes) sql.exec(`DROP INDEX ${ix.name}`);
    const t0 = performance.now();
    const secs = () => ((performance.now() - t0) / 1000).toFixed(0);
    for (let i = 0; i < n; i += BATCH) {
      batch(i, Math.min(n, i + BATCH));
      if ((i / BATCH) % 50 === 0) process.stdout.write(`  ${i.toLocaleString('en-US')} rows, ${secs()} s\n`);
    }
    process.stdout.write(`  rows in ${secs()} s; rebuilding ${indexes.length} indexes\n`);
    for (const ix of indexes) sql.exec(ix.sql);
    // Source and target ids are found through their FTS keys (src/log/object-keys.ts), indexed in one pass.
    sql.exec(REINDEX_LOG_KEYS_SQL);
    // The duration sort's order (src/log/duration-order.ts), built in one sorted pass as the server's job would.
    sql.exec(REORDER_DURATIONS_SQL);
    ms = performance.now() - t0;
    process.stdout.write(`  done in ${secs()} s\n`);
    const audit =
      sql.prepare(`INSERT INTO audit_log (at, actor_type, actor_id, actor_name, activity, target_type, target_id,
      ip, result, before, after) VALUES (?, 'account', ?, ?, ?, 'application', ?, ?, ?, ?, ?)`);
    const activities = [
      'application.update',
      'cycle.run_now',
      'provisioning.start',
      'provisioning.stop',
      'escrow.retry',
      'auth.sign_in',
    ];
    sql.transaction(() => {
      for (let i = 0; i < AUDIT_ROWS; i++) {
        const act = activities[mix(i, 3) % activities.length] ?? 'cycle.run_now';
        const upd = act === 'application.update';
        audit.run(
          now - SPAN + Math.round((i * SPAN) / AUDIT_ROWS),
          `acc-${i % 10}`,
          `operator${i % 10}@contoso.test`,
          act,
          apps[i % apps.length]?.id ?? null,
          `10.0.${i % 255}.${(i * 7) % 255}`,
          mix(i, 9) % 20 === 0 ? 'failure' : 'success',
          upd ? '{"scope":"assigned","maxConcurrency":4}' : null,
          upd ? '{"scope":"all","maxConcurrency":8}' : null,
        );
      }
    })();
    sql.pragma('wal_checkpoint(TRUNCATE)');
    sql.exec('ANALYZE');
  }
  const one = (q: string) => (sql.prepare(q).get() as { n: number }).n;
  return {
    inserted,
    ms,
    rate: inserted ? (n / ms) * 1000 : 0,
    rows: inserted ? n : existing,
    hourly: one('SELECT count(*) AS n FROM log_rollup_hourly'),
    daily: one('SELECT count(*) AS n FROM log_rollup_daily'),
    audit: one('SELECT count(*) AS n FROM audit_log'),
    appIds: (sql.prepare('SELECT id FROM applications ORDER BY name').all() as { id: string }[]).map((r) => r.id),
  };
}
