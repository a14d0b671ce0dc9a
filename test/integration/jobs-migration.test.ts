/**
 * Migration 0017 moves job state off `applications` into `jobs`: a database made by the previous schema
 * (migrations up to 0016), holding a quarantined job with a watermark, keeps that state, and a cycle runs on it.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb } from '../../db/client';
import { cycles, jobs } from '../../db/schema';
import { assignPrincipal } from '../../src/apps/assignments';
import { createSecretBox } from '../../src/auth/secret-box';
import { createUser } from '../../src/directory/users';
import { startCycle } from '../../src/engine/cycle/run';
import { getJob } from '../../src/engine/jobs';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { systemClock } from '../../src/kernel/clock';
import { wireEngine } from '../../src/wiring';
import { silentLogger } from '../support/engine-harness';
import { person } from '../support/people';
import { type ScimServerHandle, startScimServer } from '../support/scim-server';

const MIGRATIONS = fileURLToPath(new URL('../../db/migrations', import.meta.url));
const HOUR = 3_600_000;

let dir = '';
let scim: ScimServerHandle | undefined;
afterEach(async () => {
  await scim?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** A copy of the migrations folder without 0017 and later: the schema a previous release left on disk. */
function migrationsBefore0017(to: string): string {
  const folder = path.join(to, 'migrations');
  fs.cpSync(MIGRATIONS, folder, { recursive: true });
  const journalFile = path.join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as { entries: { idx: number; tag: string }[] };
  for (const e of journal.entries.filter((x) => x.idx >= 17)) fs.rmSync(path.join(folder, `${e.tag}.sql`));
  journal.entries = journal.entries.filter((x) => x.idx < 17);
  fs.writeFileSync(journalFile, JSON.stringify(journal));
  return folder;
}

describe('migration 0017: jobs table', () => {
  it("keeps a quarantined job's state and watermark, and a cycle runs on the migrated database", async () => {
    scim = await startScimServer();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'provisio-jobs-migration-'));
    const file = path.join(dir, 'old.db');
    const secrets = createSecretBox(crypto.randomBytes(32));
    const since = Date.now() - 2 * HOUR;
    const nextAttempt = Date.now() + 10 * HOUR;

    // The previous schema, with state on the applications row.
    const old = new Database(file);
    migrate(drizzle({ client: old }), { migrationsFolder: migrationsBefore0017(dir) });
    const appColumns = old.prepare(`SELECT name FROM pragma_table_info('applications')`).all() as { name: string }[];
    expect(appColumns.map((c) => c.name)).toContain('quarantine_reason');
    const insertChange = old.prepare(
      `INSERT INTO directory_changes (object_type, object_id, kind, at) VALUES ('user', ?, 'update', ?)`,
    );
    for (let i = 0; i < 7; i++) insertChange.run(`gone-${i}`, since);
    old
      .prepare(
        `INSERT INTO applications (id, name, template, tenant_url, secret_token_enc, allow_http, provisioning_enabled,
           job_id, watermark, initial_cycle_done, quarantine_reason, quarantine_detail, quarantine_since,
           quarantine_next_attempt, quarantine_series_count, quarantine_notified, force_deletes,
           token_expiry_notified, created_at, updated_at)
         VALUES ('app-q', 'Quarantined', 'scim', ?, ?, 1, 1, 'scim.q.job', 7, 1, 'EncounteredEscrowProportionThreshold',
           '3 of 5 objects failed (60 %), over the 40 % threshold', ?, ?, 2, 'EncounteredEscrowProportionThreshold', 1,
           '14d', ?, ?)`,
      )
      .run(scim.baseUrl, secrets.seal(scim.token), since, nextAttempt, since, since);
    old
      .prepare(
        `INSERT INTO applications (id, name, template, job_id, created_at, updated_at)
         VALUES ('app-new', 'Never run', 'scim', 'scim.new.job', ?, ?)`,
      )
      .run(since, since);
    old
      .prepare(
        `INSERT INTO app_roles (id, app_id, display_name, is_default_access) VALUES ('r-user', 'app-q', 'User', 0)`,
      )
      .run();
    old.close();

    // The current schema: openDb applies 0017.
    const db = openDb(file);
    try {
      expect(getJob(db, 'app-q')).toEqual({
        id: 'scim.q.job',
        appId: 'app-q',
        watermark: 7,
        initialCycleDone: true,
        quarantineReason: 'EncounteredEscrowProportionThreshold',
        quarantineDetail: '3 of 5 objects failed (60 %), over the 40 % threshold',
        quarantineSince: since,
        quarantineNextAttempt: nextAttempt,
        quarantineSeriesCount: 2,
        quarantineNotified: 'EncounteredEscrowProportionThreshold',
        forceDeletes: true,
        tokenExpiryNotified: '14d',
      });
      expect(getJob(db, 'app-new')).toMatchObject({
        id: 'scim.new.job',
        watermark: 0,
        initialCycleDone: false,
        quarantineReason: null,
        quarantineSeriesCount: 0,
        forceDeletes: false,
      });
      // applications keeps configuration only; its foreign keys still hold.
      const columns = (
        db.$client.prepare(`SELECT name FROM pragma_table_info('applications')`).all() as { name: string }[]
      ).map((c) => c.name);
      for (const moved of ['job_id', 'watermark', 'initial_cycle_done', 'quarantine_reason', 'force_deletes']) {
        expect(columns).not.toContain(moved);
      }
      expect(db.$client.prepare('PRAGMA foreign_key_check').all()).toEqual([]);

      // A cycle on the migrated database: incremental from the kept watermark, then out of quarantine.
      const { engine } = wireEngine({
        db,
        clock: systemClock,
        logger: silentLogger,
        secrets,
        timeoutMs: 5000,
        retry: { baseBackoffMs: 1, maxBackoffMs: 5 },
      });
      const dirDeps = { db, clock: systemClock, onChange: () => {} };
      const alice = createUser(dirDeps, CLI_ACTOR, person('alice'));
      assignPrincipal(dirDeps, CLI_ACTOR, 'app-q', { principalId: alice.id, role: 'User' });
      const started = startCycle(engine, 'app-q', { type: 'user', name: 'test' });
      await started.done;
      const cycle = db.select().from(cycles).where(eq(cycles.id, started.cycleId)).get();
      expect(cycle).toMatchObject({ jobId: 'scim.q.job', type: 'incremental', watermarkFrom: 7, status: 'succeeded' });
      expect(scim.store.listUsers().map((u) => u.userName)).toEqual([alice.userPrincipalName]);
      const head = db.$client.prepare('SELECT max(seq) AS head FROM directory_changes').get() as { head: number };
      expect(db.select().from(jobs).where(eq(jobs.appId, 'app-q')).get()).toMatchObject({
        watermark: head.head,
        quarantineReason: null,
        forceDeletes: false,
      });
    } finally {
      db.$client.close();
    }
  });
});
