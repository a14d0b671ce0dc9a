/**
 * Source ownership in CSV imports (issue 14): a user or group pushed by a SCIM source is read-only to CSV rows,
 * per line and naming the source, for users, groups and memberships; rows changing nothing pass, and new
 * local objects are still created.
 */
import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { groupMembers, users } from '../../db/schema';
import { importGroupsCsv } from '../../src/directory/csv-import-groups';
import { importMembershipsCsv } from '../../src/directory/csv-import-memberships';
import { createGroup, findGroupByName } from '../../src/directory/groups';
import { createUser, findUserByUpn } from '../../src/directory/users';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { createSource } from '../../src/sources/sources';
import { type PagesHarness, pagesHarness, type Session } from './pages-harness';

let h: PagesHarness;
let admin: Session;
let dir: Parameters<typeof createGroup>[0];

/** The line's detail as the page shows it (names isolated in <bdi>, quotes escaped). */
const OWNED = (name: string) =>
  new RegExp(`<bdi>${name} is owned by the source &quot;Corp SCIM&quot;; change it there</bdi>`);

async function scimPost(token: string, path: string, body: unknown) {
  const res = await h.app.request(`http://localhost/scim/v2${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(201);
}

beforeEach(async () => {
  h = await pagesHarness();
  admin = await h.signIn('admin');
  dir = { db: h.db, clock: h.deps.clock, onChange: () => {} };
  createUser(dir, CLI_ACTOR, { userPrincipalName: 'ann@contoso.test' });
  createGroup(dir, CLI_ACTOR, { displayName: 'Sales' });
  // Pushed the way an IdP does, so the directory holds them as owned by the source.
  const { token } = createSource(h.db, h.deps.clock, CLI_ACTOR, { name: 'Corp SCIM' });
  await scimPost(token, '/Users', {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    userName: 'ada@example.com',
    externalId: 'a-1',
  });
  await scimPost(token, '/Groups', {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
    displayName: 'Engineering',
    externalId: 'g-1',
  });
});

describe('CSV imports and source-owned objects', () => {
  it('users: a row changing an owned user is an error naming the source; the file imports nothing', async () => {
    const csv = 'userPrincipalName,department\nnew@contoso.test,Ops\nADA@example.com,Research\n';
    const preview = await (await h.post('/directory/users/import/preview', { csv }, admin)).text();
    expect(preview).toContain('1 to create, 0 to update, 0 unchanged, 1 with errors');
    expect(preview).toMatch(/<tr class="import-error"><td class="num">3<\/td>/);
    expect(preview).toMatch(OWNED('ada@example.com'));
    const res = await h.post('/directory/users/import', { csv }, admin);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Nothing was imported: 1 row has errors (line 3)');
    expect(findUserByUpn(h.db, 'ada@example.com')?.department).toBeNull();
    expect(findUserByUpn(h.db, 'new@contoso.test')).toBeUndefined();
    // A row that changes nothing on the owned user passes (a re-imported export of the directory).
    const same = 'userPrincipalName\nada@example.com\nnew@contoso.test\n';
    const ok = await h.post('/directory/users/import', { csv: same }, admin);
    expect(await ok.text()).toContain('Imported: 1 created, 0 updated, 1 unchanged.');
  });

  it('groups: a row changing an owned group is refused on its line; the API keeps the other rows', async () => {
    const csv = 'displayName,description\nEngineering,Builders\nLocal,Mine\nSales,Sellers\n';
    const preview = await (await h.post('/directory/import/groups/preview', { csv }, admin)).text();
    expect(preview).toContain('1 to create, 1 to update, 0 unchanged, 1 with errors');
    expect(preview).toMatch(/<tr class="import-error"><td class="num">2<\/td>/);
    expect(preview).toMatch(OWNED('Engineering'));
    expect((await h.post('/directory/import/groups', { csv }, admin)).status).toBe(400);
    expect(findGroupByName(h.db, 'Local')).toBeUndefined();
    const api = await importGroupsCsv(dir, CLI_ACTOR, csv);
    expect(api).toEqual({
      created: 1,
      updated: 1,
      unchanged: 0,
      errors: [{ line: 2, message: 'Engineering is owned by the source "Corp SCIM"; change it there' }],
    });
    expect(findGroupByName(h.db, 'Engineering')?.description).toBeNull();
    const unchanged = await importGroupsCsv(dir, CLI_ACTOR, 'displayName\nEngineering\n');
    expect(unchanged).toMatchObject({ unchanged: 1, errors: [] });
  });

  it('memberships: adding to an owned group is refused; an owned user may join a local group', async () => {
    const csv = 'group,member\nEngineering,ann@contoso.test\nSales,ada@example.com\nSales,Engineering\n';
    const preview = await (await h.post('/directory/import/memberships/preview', { csv }, admin)).text();
    expect(preview).toContain('2 to add, 0 already members, 1 with errors');
    expect(preview).toMatch(/<tr class="import-error"><td class="num">2<\/td>/);
    expect(preview).toMatch(OWNED('Engineering'));
    expect((await h.post('/directory/import/memberships', { csv }, admin)).status).toBe(400);
    expect(h.db.select().from(groupMembers).all()).toEqual([]);
    const api = await importMembershipsCsv(dir, CLI_ACTOR, csv);
    expect(api.created).toBe(2);
    expect(api.errors).toEqual([
      { line: 2, message: 'Engineering is owned by the source "Corp SCIM"; change it there' },
    ]);
    const ann = h.db.select().from(users).where(eq(users.userPrincipalName, 'ann@contoso.test')).get();
    const engineering = findGroupByName(h.db, 'Engineering')?.id;
    expect(
      h.db
        .select()
        .from(groupMembers)
        .where(eq(groupMembers.memberId, ann?.id as string))
        .all()
        .map((m) => m.groupId),
    ).not.toContain(engineering);
  });
});
