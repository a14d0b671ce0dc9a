/**
 * The engine against a misbehaving target: throttling and 5xx (Retry-After honoured, counted per cycle),
 * the per-app rate limit, and the stale-link paths (409 on create → adopt, 404 on update → re-create,
 * 404 on disable/delete → done).
 */
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { cycles, escrows } from '../../db/schema';
import { type EngineHarness, engineHarness } from '../support/engine-harness';
import { people, person } from '../support/people';
import { scimFetch } from '../support/scim-server';

let h: EngineHarness;
afterEach(async () => {
  await h.close();
});

const cycleRow = (id: string) => h.db.select().from(cycles).where(eq(cycles.id, id)).get();
const userNames = () => h.scim.store.listUsers().map((u: { userName: string }) => u.userName);

describe('throttling and server errors', () => {
  it('provisions every user through 10 % 500s and 5 % 429s, never sending inside a Retry-After window', async () => {
    // At most 4 in flight, as before Max concurrency became a ceiling of 32: the 100 ms grace below is for
    // requests already sent when the 429 was answered, and a busy host delays more of them than that.
    h = await engineHarness({ maxConcurrency: 4 }, { escrowPolicy: { baseMs: 0, maxMs: 0 } });
    const dir = people('t', 40).map((p) => h.addUser(p));
    h.scim.faults.add({ path: /^\/Users/, status: 500, chance: 0.1, times: Number.POSITIVE_INFINITY });
    h.scim.faults.add({ path: /^\/Users/, status: 429, chance: 0.05 / 0.9, times: Number.POSITIVE_INFINITY });
    const first = await h.cycle();
    // A user whose four attempts all failed is escrowed; the next cycles retry it (backoff 0 here).
    for (let i = 0; i < 3 && h.db.select().from(escrows).all().length > 0; i++) await h.cycle();
    h.scim.faults.clear();

    expect(userNames().sort()).toEqual(dir.map((u) => u.userPrincipalName).sort());
    expect(dir.every((u) => h.link(u.id)?.state === 'active')).toBe(true);
    const throttles = h.scim.requests.filter((r) => r.fault === 429);
    expect(throttles.length).toBeGreaterThan(0);
    expect(h.scim.requests.filter((r) => r.fault === 500).length).toBeGreaterThan(0);
    // Requests already in flight when the 429 was answered may land just after it; nothing else may come
    // before Retry-After (1 s) has passed.
    for (const t of throttles) {
      const inside = h.scim.requests.filter((r) => r.at > t.at + 100 && r.at < t.at + 950);
      expect(inside).toEqual([]);
    }
    const row = cycleRow(first);
    expect(row?.throttled).toBe(throttles.filter((t) => t.at <= (row?.endedAt ?? 0)).length);
    expect(row?.waitedMs).toBeGreaterThanOrEqual(900);
    expect(row?.requests).toBeGreaterThan(80);
  }, 60_000);

  it('spaces requests by the app requests-per-second limit', async () => {
    h = await engineHarness({ requestsPerSecond: 20, maxConcurrency: 4 });
    for (const p of people('r', 10)) h.addUser(p);
    const started = Date.now();
    await h.cycle();
    const arrivals = h.scim.requests.map((r) => r.at);
    expect(arrivals).toHaveLength(20); // a GET to match and a POST per user
    // 20 requests at 20/s with one token to start: at least 19 × 50 ms apart from the first.
    expect((arrivals.at(-1) ?? 0) - (arrivals[0] ?? 0)).toBeGreaterThanOrEqual(19 * 50 - 30);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });
});

describe('stale links and conflicts', () => {
  it('adopts the existing user when the create answers 409 Conflict', async () => {
    h = await engineHarness();
    const existing = await scimFetch<{ id: string }>(h.scim, 'POST', '/Users', {
      body: {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
        userName: 'alice@contoso.example',
        emails: [{ type: 'work', value: 'old@contoso.example', primary: true }],
      },
    });
    expect(existing.status).toBe(201);
    h.scim.clearRequests();
    // The target's first query misses it (a lagging index, say), so the engine tries to create it.
    const empty = { schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 0, Resources: [] };
    h.scim.faults.add({
      method: 'GET',
      path: '/Users',
      status: 200,
      body: empty,
      contentType: 'application/scim+json',
    });
    const alice = h.addUser(person('alice'));
    const cycleId = await h.cycle();

    expect(h.scim.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /Users',
      'POST /Users',
      'GET /Users',
      `PATCH /Users/${existing.body.id}`,
    ]);
    expect(h.link(alice.id)?.targetId).toBe(existing.body.id);
    expect(h.scim.store.countUsers()).toBe(1);
    const [row] = h.logs(cycleId);
    expect(row).toMatchObject({ provisioningAction: 'update', status: 'success', targetId: existing.body.id });
    expect(row?.steps).toContain('409 Conflict');
    expect(row?.steps).toContain('Adopted the existing User');
  });

  it('drops a stale link on 404 to an update, re-matches and creates the user again', async () => {
    h = await engineHarness();
    const alice = h.addUser(person('alice'));
    await h.cycle();
    const staleId = h.link(alice.id)?.targetId;
    expect((await scimFetch(h.scim, 'DELETE', `/Users/${staleId}`)).status).toBe(204);
    h.scim.clearRequests();
    h.update(alice.id, { jobTitle: 'Staff Engineer' });
    const cycleId = await h.cycle();

    expect(h.scim.requests.map((r) => `${r.method} ${r.path.replace(/^\/Users\/.+$/, '/Users/:id')}`)).toEqual([
      'PATCH /Users/:id',
      'GET /Users',
      'POST /Users',
    ]);
    const fresh = h.link(alice.id)?.targetId;
    expect(fresh).toBeTruthy();
    expect(fresh).not.toBe(staleId);
    expect(h.scim.store.listUsers()).toMatchObject([{ userName: 'alice@contoso.example', title: 'Staff Engineer' }]);
    const [row] = h.logs(cycleId);
    expect(row).toMatchObject({ provisioningAction: 'create', status: 'success', targetId: fresh });
    expect(row?.steps).toContain('stale link was dropped');
  });

  it('treats 404 to a disable or a delete as done and forgets the link', async () => {
    h = await engineHarness();
    const [a, b] = [h.addUser(person('alice')), h.addUser(person('bob'))];
    await h.cycle();
    for (const u of [a, b]) await scimFetch(h.scim, 'DELETE', `/Users/${h.link(u.id)?.targetId}`);
    h.unassign(a.id);
    h.remove(b.id, true);
    const cycleId = await h.cycle();
    const rows = h.logs(cycleId);
    expect(rows.map((r) => [r.provisioningAction, r.status]).sort()).toEqual([
      ['delete', 'success'],
      ['disable', 'success'],
    ]);
    expect(h.link(a.id)).toBeNull();
    expect(h.link(b.id)).toBeNull();
    expect(h.db.select().from(escrows).all()).toEqual([]);
  });
});
