/**
 * An LDAP source over TLS (issue 14): ldaps:// and StartTLS with the source's `caFile` import; without the CA
 * the run fails with a TLS error the status shows (verification is never turned off).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { systemClock } from '../../src/kernel/clock';
import { mappingEnvOf } from '../../src/mapping/env';
import { createLdapSource } from '../../src/sources/ldap/ldap-source';
import { runLdapSync } from '../../src/sources/ldap/sync';
import { sourceSyncStatus, startSyncRun } from '../../src/sources/ldap/sync-runs';
import { freshDb } from '../support/db';
import { peopleLdif, type Slapd, slapdAvailable, startSlapd } from '../support/slapd';

const available = slapdAvailable();
let slapd: Slapd;

beforeAll(async () => {
  if (!available) return;
  slapd = await startSlapd({ tls: true, ldif: peopleLdif({ users: 12, groups: 2, baseDn: 'dc=example,dc=org' }) });
}, 60_000);
afterAll(async () => {
  await slapd?.stop();
});

async function importWith(settings: Record<string, unknown>) {
  const h = freshDb();
  const id = createLdapSource({ db: h.db, clock: systemClock, secrets: h.secrets }, CLI_ACTOR, {
    type: 'ldap',
    name: 'TLS LDAP',
    bindDn: slapd.adminDn,
    bindPassword: slapd.adminPassword,
    baseDn: slapd.baseDn,
    schedule: { paused: true },
    ...settings,
  }).id;
  const syncId = startSyncRun(h.db, systemClock, id, 'full', 'manual');
  const deps = { dir: { ...h.dir, clock: systemClock }, secrets: h.secrets, env: mappingEnvOf(systemClock) };
  const result = await runLdapSync(deps, { syncId, sourceId: id, type: 'full', actor: CLI_ACTOR });
  return { result, status: sourceSyncStatus(h.db, id) };
}

describe.skipIf(!available)('LDAP source over TLS', () => {
  it('imports over ldaps:// and over StartTLS with the caFile', async () => {
    const ldaps = await importWith({ url: slapd.ldapsUrl, caFile: slapd.caFile });
    expect(ldaps.result).toMatchObject({ state: 'succeeded', counts: { created: 14, failed: 0 } });
    const startTls = await importWith({ url: slapd.url, startTls: true, caFile: slapd.caFile });
    expect(startTls.result).toMatchObject({ state: 'succeeded', counts: { created: 14 } });
  }, 30_000);

  it('fails with a TLS error, shown in the status, without the CA', async () => {
    const { result, status } = await importWith({ url: slapd.ldapsUrl });
    expect(result.state).toBe('failed');
    expect(status.state).toBe('failed');
    expect(status.lastSync?.error ?? '').toMatch(/certificate|TLS/i);
  }, 30_000);
});
