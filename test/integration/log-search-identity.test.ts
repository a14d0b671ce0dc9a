/**
 * Log search finds a user who was never created (issue 15): a failed create has no target name, so the
 * Identity filter and free text must find it by the source UPN and mail the import step recorded.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { rebuildLogFts } from '../../src/log/fts';
import { parseLogQuery, searchLogs } from '../../src/log/query';
import { type EngineHarness, engineHarness } from '../support/engine-harness';

let h: EngineHarness;
afterEach(async () => {
  await h.close();
});

const found = (q: Record<string, string>) =>
  searchLogs(h.db, parseLogQuery({ limit: '100', appId: h.app.id, ...q })).items.map(
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
});
