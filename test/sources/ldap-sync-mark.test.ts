/**
 * Where the next incremental poll starts. A paged search is no snapshot: an entry changed after the search read
 * it, while a later entry was read with a newer mark, must still be seen by the next poll. So the mark never
 * passes the moment the run began (the Provisio clock less a 60 s margin; AD: the root DSE's highestCommittedUSN),
 * and it moves there even when the newest entry is older, so a boundary second a mass change filled is not
 * re-read by every poll.
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { sources } from '../../db/schema';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { mappingEnvOf } from '../../src/mapping/env';
import type { LdapSearch, LdapSession } from '../../src/sources/ldap/client';
import { createLdapSource } from '../../src/sources/ldap/ldap-source';
import { CLOCK_MARGIN_MS, runLdapSync } from '../../src/sources/ldap/sync';
import { generalizedTime, laterMark } from '../../src/sources/ldap/sync-lookup';
import { startSyncRun } from '../../src/sources/ldap/sync-runs';
import { freshDb } from '../support/db';

const user = (uid: string, stamp: string, extra: Record<string, string[]> = {}) => ({
  dn: `uid=${uid},ou=people,dc=example,dc=org`,
  attributes: {
    entryuuid: [`00000000-0000-4000-8000-${uid.padStart(12, '0')}`],
    modifytimestamp: [stamp],
    mail: [`${uid}@example.org`],
    ...extra,
  },
});

/** A session that serves fixed entries and records each search's filter. */
function fakeServer(entries: ReturnType<typeof user>[], dse: Record<string, string[]> = {}) {
  const filters: string[] = [];
  const session: LdapSession = {
    async *pages(search: LdapSearch) {
      filters.push(search.filter);
      if (search.filter.includes('inetOrgPerson')) yield entries;
    },
    rootDse: async () => dse,
    close: async () => {},
  };
  return { filters, open: async () => session };
}

async function syncOnce(flavor: 'openldap' | 'ad', server: ReturnType<typeof fakeServer>) {
  const h = freshDb();
  const id = createLdapSource({ db: h.db, clock: h.clock, secrets: h.secrets }, CLI_ACTOR, {
    type: 'ldap',
    name: 'Fake',
    flavor,
    url: 'ldap://127.0.0.1:1',
    bindDn: 'cn=admin,dc=example,dc=org',
    bindPassword: 'x',
    baseDn: 'dc=example,dc=org',
    ...(flavor === 'ad' ? { userFilter: '(objectClass=inetOrgPerson)' } : {}),
  }).id;
  const syncId = startSyncRun(h.db, h.clock, id, 'full', 'manual');
  const deps = { dir: h.dir, secrets: h.secrets, env: mappingEnvOf(h.clock), open: server.open };
  const r = await runLdapSync(deps, { syncId, sourceId: id, type: 'full', actor: CLI_ACTOR });
  return { r, cursor: h.db.select().from(sources).where(eq(sources.id, id)).get()?.cursor, now: h.clock.now() };
}

describe('the mark an incremental poll starts from', () => {
  it('never passes the start of the run (modifyTimestamp)', async () => {
    // An entry stamped after the run began (changed while the search ran): the next poll must read from before.
    const server = fakeServer([user('1', '20260101000000Z'), user('2', '20991231235959Z')]);
    const { r, cursor, now } = await syncOnce('openldap', server);
    expect(r.state).toBe('succeeded');
    expect(cursor).toBe(generalizedTime(now - CLOCK_MARGIN_MS));
  });

  it('moves to the start of the run when the newest entry is older (nothing unseen can lie between)', async () => {
    const { cursor, now } = await syncOnce('openldap', fakeServer([user('1', '20200101000000Z')]));
    expect(cursor).toBe(generalizedTime(now - CLOCK_MARGIN_MS));
  });

  it('AD without highestCommittedUSN keeps the newest uSNChanged seen', async () => {
    const entries = [user('1', '', { usnchanged: ['90'] }), user('2', '', { usnchanged: ['120'] })];
    const { cursor } = await syncOnce('ad', fakeServer(entries));
    expect(cursor).toBe('120');
  });

  it('AD: the root DSE’s highestCommittedUSN at the start', async () => {
    const entries = [user('1', '', { usnchanged: ['90'] }), user('2', '', { usnchanged: ['120'] })];
    const { cursor } = await syncOnce('ad', fakeServer(entries, { highestcommittedusn: ['100'] }));
    expect(cursor).toBe('100');
  });

  it.each([
    ['9', '10', '10'],
    ['20260101000000Z', '20251231235959Z', '20260101000000Z'],
    [null, '5', '5'],
  ])('laterMark(%s, %s) is %s', (a, b, later) => {
    expect(laterMark(a, b)).toBe(later);
  });

  it('formats GeneralizedTime as OpenLDAP writes it', () => {
    expect(generalizedTime(Date.UTC(2026, 11, 5, 10, 30, 7))).toBe('20261205103007Z');
  });
});
