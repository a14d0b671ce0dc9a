/**
 * Log search finds a user who was never created (issue 15): a failed create has no target name, so the
 * Identity filter and free text must find it by the source UPN and mail the import step recorded.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb } from '../../db/client';
import { rebuildLogFts } from '../../src/log/fts';
import { parseLogQuery, searchLogs } from '../../src/log/query';
import { migrationsBefore } from '../support/db';
import { type EngineHarness, engineHarness } from '../support/engine-harness';

let h: EngineHarness | undefined;
let dir = '';
afterEach(async () => {
  await h?.close();
  h = undefined;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  dir = '';
});

const need = (x: EngineHarness | undefined) => {
  if (!x) throw new Error('no harness');
  return x;
};
const found = (q: Record<string, string>) =>
  searchLogs(need(h).db, parseLogQuery({ limit: '100', appId: need(h).app.id, ...q })).items.map(
    (r) => `${r.status}:${r.sourceId}`,
  );

describe('log search by source identity', () => {
  it('finds a failed create by UPN and by mail, in the Identity filter and free text', async () => {
    h = await engineHarness();
    const xss = h.addUser({
      userPrincipalName: 'xss.test@contoso.example',
      mail: 'xss.mailbox@contoso.example',
      displayName: '<b>XSS</b> Test',
    });
    h.addUser({ userPrincipalName: 'other.person@contoso.example', displayName: 'Other Person' });
    h.scim.faults.add({ method: 'POST', path: '/Users', status: 400, times: 5 }); // both creates fail
    await h.cycle();

    const failed = `failure:${xss.id}`;
    expect(found({ identity: 'xss.test@contoso.example' })).toEqual([failed]);
    expect(found({ identity: 'xss.mailbox@contoso.example' })).toEqual([failed]);
    expect(found({ identity: 'xss.te' })).toEqual([failed]); // typing: the last word is a prefix
    expect(found({ q: 'xss.test@contoso.example' })).toEqual([failed]);
    expect(found({ q: 'xss.mailbox@contoso.example', status: 'failure' })).toEqual([failed]);

    // Rebuilding the index (after VACUUM) derives the same text from the stored row.
    rebuildLogFts(h.db);
    expect(found({ identity: 'xss.mailbox@contoso.example' })).toEqual([failed]);
  });

  it('finds a successful row by the source mail as well', async () => {
    h = await engineHarness();
    const u = h.addUser({ userPrincipalName: 'ok.user@contoso.example', mail: 'ok.mail@contoso.example' });
    await h.cycle();
    expect(found({ identity: 'ok.mail@contoso.example' })).toEqual([`success:${u.id}`]);
  });

  it('migration 0021 re-indexes rows written before it, so old failed creates are found too', () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'provisio-0021-'));
    const file = path.join(dir, 'old.db');
    const old = new Database(file);
    migrate(drizzle({ client: old }), { migrationsFolder: migrationsBefore(dir, 21) });
    const steps = JSON.stringify([
      {
        name: 'EntryImport',
        provisioningStepType: 'import',
        status: 'success',
        description: "Retrieved User 'Old Failure' from Provisio directory",
        details: { ObjectId: 'u-old', UPN: 'old.failure@contoso.example', mail: 'old.mail@contoso.example' },
      },
    ]);
    old
      .prepare(
        `INSERT INTO provisioning_log (id, app_id, activity_date_time, job_id, cycle_id, provisioning_action, status,
           duration_ms, initiated_by_type, initiated_by_name, source_id, source_display_name, source_type,
           source_system, target_system, steps, modified_properties)
         VALUES ('old-1', 'app', 1, 'job', 'cy', 'create', 'failure', 1, 'system', 'x', 'u-old', 'Old Failure', 'user',
           'Provisio directory', 'App', ?, '[]')`,
      )
      .run(steps);
    old
      .prepare(
        'INSERT INTO provisioning_log_fts(rowid, identity, body) SELECT log_rowid, identity, body FROM provisioning_log_search',
      )
      .run();
    old.close();

    const db = openDb(file);
    const search = (identity: string) => searchLogs(db, parseLogQuery({ identity })).items.map((r) => r.id);
    expect(search('old.failure@contoso.example')).toEqual(['old-1']);
    expect(search('old.mail@contoso.example')).toEqual(['old-1']);
    db.$client.close();
  });
});
