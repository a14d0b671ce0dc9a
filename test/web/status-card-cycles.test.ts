/**
 * The Current status card and GET status (issue 15): the last initial cycle stays beside an empty
 * incremental cycle, an empty cycle reads "no changes" rather than "0 / 0 (100 %)", and users in scope
 * count the members of assigned groups.
 */
import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { applications, cycles, jobs } from '../../db/schema';
import { createApplication } from '../../src/apps/applications';
import { assignPrincipal } from '../../src/apps/assignments';
import { createGroup } from '../../src/directory/groups';
import { addMembers } from '../../src/directory/memberships';
import { createUser } from '../../src/directory/users';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { systemClock } from '../../src/kernel/clock';
import { webHarness } from '../support/web';
import { type PagesHarness, pagesHarness, type Session } from './pages-harness';

type Db = PagesHarness['db'];

/** An active app with two users in a group assigned as User, a Default Access group, and two finished cycles. */
function seed({ db, secrets }: { db: Db; secrets: PagesHarness['secrets'] }, clock = systemClock) {
  const a = createApplication({ db, clock, secrets }, CLI_ACTOR, {
    name: 'Target',
    template: 'scim',
    tenantUrl: 'https://scim.example.test/scim/v2',
  });
  db.update(applications).set({ provisioningEnabled: true }).where(eq(applications.id, a.id)).run();
  db.update(jobs).set({ initialCycleDone: true }).where(eq(jobs.appId, a.id)).run();
  const dir = { db, clock, onChange: () => {} };
  const [u1, u2, u3] = ['one', 'two', 'three'].map((n) =>
    createUser(dir, CLI_ACTOR, { userPrincipalName: `${n}@contoso.example` }),
  );
  const sales = createGroup(dir, CLI_ACTOR, { displayName: 'Sales' });
  addMembers(dir, CLI_ACTOR, sales.id, { memberIds: [u1?.id, u2?.id] });
  const lobby = createGroup(dir, CLI_ACTOR, { displayName: 'Lobby' });
  addMembers(dir, CLI_ACTOR, lobby.id, { memberIds: [u3?.id] });
  assignPrincipal(dir, CLI_ACTOR, a.id, { principalId: sales.id, role: 'User' });
  assignPrincipal(dir, CLI_ACTOR, a.id, { principalId: lobby.id, role: 'Default Access' });
  const t = Date.now() - 60_000;
  const base = { appId: a.id, jobId: a.jobId, initiatedBy: 'system' } as const;
  db.insert(cycles)
    .values([
      { ...base, id: 'c-init', type: 'initial', status: 'succeeded', startedAt: t, endedAt: t + 4000, created: 2 },
      { ...base, id: 'c-empty', type: 'incremental', status: 'succeeded', startedAt: t + 5000, endedAt: t + 5100 },
    ])
    .run();
  return a;
}

describe('GET /api/v1/applications/{id}/status', () => {
  it('has lastInitialCycle beside lastCycle, and statistics.inScope counting group members', async () => {
    const w = webHarness();
    const a = seed(w);
    const body = await (await w.call('GET', `/api/v1/applications/${a.id}/status`, { token: w.tokens.viewer })).json();
    expect(body.lastCycle).toMatchObject({ id: 'c-empty', type: 'incremental', total: 0 });
    expect(body.lastInitialCycle).toMatchObject({ id: 'c-init', type: 'initial', counts: { created: 2 } });
    expect(Object.keys(body.lastInitialCycle).sort()).toEqual(Object.keys(body.lastCycle).sort());
    expect(body.statistics.inScope).toEqual({ users: 2, groups: 1 });
  });
});

describe('Current status card', () => {
  let h: PagesHarness;
  let s: Session;
  beforeEach(async () => {
    h = await pagesHarness();
    s = await h.signIn('viewer');
  });

  it('keeps the last initial cycle beside an empty incremental one, with users in scope from the group', async () => {
    const a = seed(h);
    const html = await (await h.get(`/apps/${a.id}`, s)).text();
    const last = html.indexOf('<h3>Last cycle</h3>');
    const initial = html.indexOf('<h3>Last initial cycle</h3>');
    expect(last).toBeGreaterThan(0);
    expect(initial).toBeGreaterThan(last);
    expect(html.slice(initial)).toMatch(/count-created nonzero"><dt>Created<\/dt><dd>2</);
    expect(html).toContain('cycleId=c-init');
    expect(html).toMatch(/class="users-in-scope">2</);
    expect(html).toMatch(/Groups in scope<\/dt><dd>1</);

    const overview = await (await h.get('/', s)).text();
    expect(overview).toMatch(/class="users-in-scope">2</);
    expect(overview).toContain('<h3>Last initial cycle</h3>');
  });

  it('says an empty cycle that just finished had nothing to do, not "0 / 0 (100%)"', async () => {
    const a = seed(h);
    const card = await (
      await h.get(`/apps/${a.id}/status-card?variant=app&was=running`, s, { 'hx-request': 'true' })
    ).text();
    expect(card).toContain('No changes to process since the previous cycle.');
    expect(card).not.toContain('users processed (100%)');
    expect(card).toContain('<h3>Last initial cycle</h3>');
  });

  it('shows one summary when the last cycle is the initial one', async () => {
    const a = seed(h);
    h.db.delete(cycles).where(eq(cycles.id, 'c-empty')).run();
    const html = await (await h.get(`/apps/${a.id}`, s)).text();
    expect(html).toContain('<h3>Last cycle</h3>');
    expect(html).not.toContain('<h3>Last initial cycle</h3>');
  });
});
