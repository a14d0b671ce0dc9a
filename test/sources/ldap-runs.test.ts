/** The record of LDAP import runs: idle polls do not pile up, a source keeps its newest runs; poll backoff. */
import { describe, expect, it } from 'vitest';
import { sourceSyncs, sources } from '../../db/schema';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { mappingEnvOf } from '../../src/mapping/env';
import type { LdapSession } from '../../src/sources/ldap/client';
import { createLdapSource } from '../../src/sources/ldap/ldap-source';
import { LdapSourceRunner, pollDelayMs } from '../../src/sources/ldap/runner';
import { finishSyncRun, sourceSyncStatus, startSyncRun, zeroCounts } from '../../src/sources/ldap/sync-runs';
import { freshDb } from '../support/db';

function withSource() {
  const h = freshDb();
  const id = createLdapSource({ db: h.db, clock: h.clock, secrets: h.secrets }, CLI_ACTOR, {
    type: 'ldap',
    name: 'Corp',
    url: 'ldap://127.0.0.1:1',
    bindDn: 'cn=admin,dc=example,dc=org',
    bindPassword: 'x',
    baseDn: 'dc=example,dc=org',
  }).id;
  const run = (trigger: 'schedule' | 'manual', counts = zeroCounts(), state: 'succeeded' | 'failed' = 'succeeded') => {
    const syncId = startSyncRun(h.db, h.clock, id, 'incremental', trigger);
    h.clock.advance(1000);
    finishSyncRun(h.db, h.clock, syncId, state, counts, state === 'failed' ? 'down' : null);
    return syncId;
  };
  return { h, run };
}

describe('source sync runs', () => {
  it('keeps only the latest idle scheduled poll, and every run that changed something or failed', () => {
    const { h, run } = withSource();
    const changed = run('schedule', { ...zeroCounts(), updated: 2 });
    run('schedule');
    const failed = run('schedule', zeroCounts(), 'failed');
    run('schedule');
    const manual = run('manual');
    const last = run('schedule');
    const ids = h.db
      .select({ id: sourceSyncs.id })
      .from(sourceSyncs)
      .all()
      .map((r) => r.id);
    expect(ids.sort()).toEqual([changed, failed, manual, last].sort());
  });

  it.each([
    [10, 0, 10_000],
    [10, 1, 20_000],
    [10, 4, 160_000],
    [10, 5, 300_000],
    [10, 50, 300_000],
    [600, 3, 600_000],
  ])('polls every %i s after %i failures in a row: waits %i ms', (poll, failures, ms) => {
    expect(pollDelayMs(poll, failures)).toBe(ms);
  });
});

describe('stopping the runner', () => {
  it('ends a running import between pages and marks it interrupted', async () => {
    const { h } = withSource();
    const sourceId = h.db.select().from(sources).get()?.id ?? '';
    let pagesRead = 0;
    let runner: LdapSourceRunner | undefined;
    const session: LdapSession = {
      async *pages() {
        for (let i = 0; i < 50; i++) {
          pagesRead++;
          if (i === 2) void runner?.stop();
          yield [];
        }
      },
      rootDse: async () => ({}),
      close: async () => {},
    };
    runner = new LdapSourceRunner({
      dir: h.dir,
      secrets: h.secrets,
      env: mappingEnvOf(h.clock),
      logger: { info() {}, warn() {}, error() {} },
      open: async () => session,
    });
    runner.syncNow(sourceId, 'full', CLI_ACTOR);
    await runner.stop();
    expect(pagesRead).toBeLessThan(50);
    const status = sourceSyncStatus(h.db, sourceId);
    expect(status.lastSync).toMatchObject({ state: 'failed', error: expect.stringContaining('Interrupted') });
  });
});
