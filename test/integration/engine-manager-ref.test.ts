/**
 * The enterprise `manager` reference on the wire (entra.md §3.6, §5.2): the manager's TARGET id, set once the
 * manager exists in the target and only while it is in scope; a report exported before its manager gets the
 * reference on the next cycle, through the journal entry the manager's create wrote for this app.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type EngineHarness, engineHarness } from '../support/engine-harness';
import { person } from '../support/people';

const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

let h: EngineHarness;
beforeEach(async () => {
  h = await engineHarness();
});
afterEach(async () => {
  await h.close();
});

type Body = Record<string, unknown> & { userName?: string; Operations?: unknown[] };
const posted = (userName: string) =>
  h.scim.writes().find((r) => r.method === 'POST' && (r.body as Body).userName === userName)?.body as Body | undefined;

describe('manager reference', () => {
  it('is sent as the manager target id on create when the manager is already provisioned', async () => {
    const boss = h.addUser(person('boss'));
    await h.cycle();
    const bossTarget = h.link(boss.id)?.targetId;
    expect(bossTarget).toBeTruthy();
    h.addUser(person('ada', { manager: boss.id }));
    await h.cycle();
    expect(posted('ada@contoso.example')?.[ENT]).toMatchObject({ manager: { value: bossTarget } });
    expect(JSON.stringify(posted('ada@contoso.example'))).not.toContain(boss.id);
  });

  it('exports a report without its manager first, then sets it on the next cycle once the manager exists', async () => {
    const boss = h.addUser(person('boss'), null);
    const ada = h.addUser(person('ada', { manager: boss.id }));
    h.assign(boss.id, 'User');
    await h.cycle();
    const first = posted('ada@contoso.example');
    expect(first).toBeDefined();
    const bossTarget = h.link(boss.id)?.targetId;
    const adaTarget = h.link(ada.id)?.targetId;
    expect(bossTarget).toBeTruthy();
    // Ada went first (assigned first): the boss had no target id yet.
    expect(JSON.stringify(first)).not.toContain('manager');
    h.scim.clearRequests();
    await h.cycle();
    const patches = h.scim.writes().filter((r) => r.method === 'PATCH');
    expect(patches.map((r) => r.path.split('?')[0])).toEqual([`/Users/${adaTarget}`]);
    // Entra's PATCH shape for the reference: the bare manager path with the id as the value.
    expect((patches[0]?.body as Body | undefined)?.Operations).toEqual([
      { op: 'add', path: `${ENT}:manager`, value: bossTarget },
    ]);
  });

  it('removes the reference when the manager is hard-deleted from the directory', async () => {
    const boss = h.addUser(person('boss'));
    await h.cycle();
    const ada = h.addUser(person('ada', { manager: boss.id }));
    await h.cycle();
    const adaTarget = h.link(ada.id)?.targetId;
    h.scim.clearRequests();
    h.remove(boss.id, true);
    await h.cycle();
    const patches = h.scim.writes().filter((r) => r.method === 'PATCH');
    expect(patches.map((r) => r.path.split('?')[0])).toEqual([`/Users/${adaTarget}`]);
    expect((patches[0]?.body as Body | undefined)?.Operations).toEqual([{ op: 'remove', path: `${ENT}:manager` }]);
  });

  it('never sets a manager that is out of scope (not assigned)', async () => {
    const boss = h.addUser(person('boss'), null);
    h.addUser(person('ada', { manager: boss.id }));
    await h.cycle();
    await h.cycle();
    expect(JSON.stringify(posted('ada@contoso.example'))).not.toContain('manager');
    expect(h.scim.writes().filter((r) => r.method === 'PATCH')).toEqual([]);
  });
});
