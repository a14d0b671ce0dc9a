/**
 * The groups and memberships CSV import pages (issue 14): per-line preview (every line checked, nothing
 * written), then an all-or-nothing import of the previewed text, audited and nudging the scheduler; the
 * writes go in short transactions with the event loop free between them.
 */
import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { auditLog, directoryChanges, groupMembers, groups, users } from '../../db/schema';
import { importGroupsCsv } from '../../src/directory/csv-import-groups';
import { importMembershipsCsv } from '../../src/directory/csv-import-memberships';
import { createGroup, findGroupByName } from '../../src/directory/groups';
import { addMembers } from '../../src/directory/memberships';
import { createUser } from '../../src/directory/users';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { cspViolations, type PagesHarness, pagesHarness, type Session } from './pages-harness';

let h: PagesHarness;
let admin: Session;
let dir: Parameters<typeof createGroup>[0];

beforeEach(async () => {
  h = await pagesHarness();
  admin = await h.signIn('admin');
  dir = { db: h.db, clock: h.deps.clock, onChange: () => {} };
  createUser(dir, CLI_ACTOR, { userPrincipalName: 'ann@contoso.test' });
  createUser(dir, CLI_ACTOR, { userPrincipalName: 'ben@contoso.test' });
  createGroup(dir, CLI_ACTOR, { displayName: 'Sales', description: 'Sellers' });
  createGroup(dir, CLI_ACTOR, { displayName: 'Ops' });
});

const hiddenCsv = (html: string) =>
  (/<input type="hidden" name="csv" value="([^"]*)"/.exec(html)?.[1] ?? '')
    .replaceAll('&quot;', '"')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&');

const journalSize = () => h.db.select().from(directoryChanges).all().length;

describe('groups CSV import page', () => {
  it('previews each line without writing, and offers no import while a line has errors', async () => {
    const before = journalSize();
    const csv = [
      'displayName,description',
      'Sales,Sellers',
      'Ops,Operations',
      'Eng,Builders',
      ',nameless',
      'eng,again',
    ].join('\n');
    const res = await h.post('/directory/import/groups/preview', { csv }, admin);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('1 to create, 1 to update, 1 unchanged, 2 with errors');
    expect(html).toMatch(/<tr class="import-unchanged"><td class="num">2<\/td>/);
    expect(html).toMatch(/<tr class="import-update"><td class="num">3<\/td>.*?<bdi>description<\/bdi>/s);
    expect(html).toMatch(/<tr class="import-create"><td class="num">4<\/td>/);
    expect(html).toMatch(/<tr class="import-error"><td class="num">5<\/td>.*?displayName/s);
    expect(html).toMatch(/<tr class="import-error"><td class="num">6<\/td>.*?appears twice in the file/s);
    expect(html).not.toContain('action="/directory/import/groups"');
    expect(html).toContain('a file with errors imports nothing');
    expect(html).toContain('<a href="/directory/import/groups" aria-current="page"><strong>Groups</strong></a>');
    expect(cspViolations(html)).toEqual([]);
    // Nothing was written: no group, no journal entry, no audit row.
    expect(findGroupByName(h.db, 'Eng')).toBeUndefined();
    expect(findGroupByName(h.db, 'Ops')?.description).toBeNull();
    expect(journalSize()).toBe(before);
    expect(h.db.select().from(auditLog).where(eq(auditLog.activity, 'directory.import.groups')).all()).toEqual([]);
  });

  it('imports the previewed text: created and updated, audited, nudged', async () => {
    const csv = 'displayName,mailNickname,description\nOps,ops,Operations\nEng,eng,Builders\n';
    const preview = await (await h.post('/directory/import/groups/preview', { csv }, admin)).text();
    expect(preview).toContain('1 to create, 1 to update, 0 unchanged, 0 with errors');
    expect(preview).toContain('Import 2 groups');
    const carried = hiddenCsv(preview);
    expect(carried).toBe(csv);
    const res = await h.post('/directory/import/groups', { csv: carried }, admin);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Imported: 1 created, 1 updated, 0 unchanged.');
    expect(findGroupByName(h.db, 'Ops')?.description).toBe('Operations');
    expect(findGroupByName(h.db, 'Eng')?.mailNickname).toBe('eng');
    expect(h.db.select().from(auditLog).where(eq(auditLog.activity, 'directory.import.groups')).all()).toHaveLength(1);
    expect(
      h.scheduler.calls.nudge
        .flat()
        .map((c) => c.kind)
        .sort(),
    ).toEqual(['create', 'update']);
  });

  it('imports nothing when the committed text has an error line (all or nothing on the page)', async () => {
    const csv = 'displayName\nEng\nEng\n';
    const res = await h.post('/directory/import/groups', { csv }, admin);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('Nothing was imported: 1 row has errors (line 3)');
    expect(html).toContain('1 to create, 0 to update, 0 unchanged, 1 with errors');
    expect(findGroupByName(h.db, 'Eng')).toBeUndefined();
    expect(h.db.select().from(groups).all()).toHaveLength(2);
  });

  it('a bad header or an unparsable file is a message; other roles and posts without the CSRF token get 403', async () => {
    const bad = await h.post('/directory/import/groups/preview', { csv: 'name\nEng\n' }, admin);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/id="csv-error"[^>]*>[^<]*Unknown columns: name/);
    const broken = await h.post('/directory/import/groups/preview', { csv: 'displayName\n"Eng\n' }, admin);
    expect(broken.status).toBe(400);
    expect(await broken.text()).toContain('The CSV could not be parsed');
    for (const role of ['operator', 'viewer'] as const) {
      const s = await h.signIn(role);
      expect((await h.get('/directory/import/groups', s)).status).toBe(403);
      expect((await h.post('/directory/import/groups/preview', { csv: 'displayName\nX\n' }, s)).status).toBe(403);
      expect((await h.post('/directory/import/memberships', { csv: 'group,member\nOps,Sales\n' }, s)).status).toBe(403);
    }
    // A form post without the session's CSRF token is refused before anything is read.
    const forged = await h.post('/directory/import/groups', { csv: 'displayName\nX\n' }, admin, { csrf: false });
    expect(forged.status).toBe(403);
    const forgedMembers = await h.post('/directory/import/memberships', { csv: 'group,member\nOps,Sales\n' }, admin, {
      csrf: false,
    });
    expect(forgedMembers.status).toBe(403);
    expect(findGroupByName(h.db, 'X')).toBeUndefined();
    expect(h.db.select().from(groupMembers).all()).toEqual([]);
  });
});

describe('memberships CSV import page', () => {
  it('previews adds, members already there and errors, including a loop formed by two lines of the file', async () => {
    const ben = h.db.select().from(users).where(eq(users.userPrincipalName, 'ben@contoso.test')).get();
    addMembers(dir, CLI_ACTOR, findGroupByName(h.db, 'Sales')?.id as string, { memberIds: [ben?.id as string] });
    const csv = [
      'group,member',
      'Sales,ann@contoso.test',
      'Sales,ben@contoso.test',
      'Sales,Ops',
      'Ops,Sales',
      'Nope,ann@contoso.test',
      'Sales,ghost@contoso.test',
    ].join('\n');
    const members = h.db.select().from(groupMembers).all().length;
    const res = await h.post('/directory/import/memberships/preview', { csv }, admin);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('2 to add, 1 already members, 3 with errors');
    expect(html).toMatch(/<tr class="import-create"><td class="num">2<\/td><td class="mono"><bdi>Sales ← ann@/);
    expect(html).toMatch(/<tr class="import-unchanged"><td class="num">3<\/td>.*?already a member/s);
    expect(html).toMatch(/<tr class="import-error"><td class="num">5<\/td>.*?nesting would loop/s);
    expect(html).toMatch(/<tr class="import-error"><td class="num">6<\/td>.*?No group named Nope/s);
    expect(html).toMatch(/<tr class="import-error"><td class="num">7<\/td>.*?No user with userPrincipalName/s);
    expect(h.db.select().from(groupMembers).all()).toHaveLength(members);
  });

  it('adds the previewed memberships, audited, nudging the groups that changed', async () => {
    const csv = 'group,member\nSales,ann@contoso.test\nOps,ben@contoso.test\nOps,Sales\n';
    const preview = await (await h.post('/directory/import/memberships/preview', { csv }, admin)).text();
    expect(preview).toContain('3 to add, 0 already members, 0 with errors');
    expect(preview).toContain('Add 3 memberships');
    const res = await h.post('/directory/import/memberships', { csv: hiddenCsv(preview) }, admin);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Imported: 3 memberships added, 0 already there.');
    expect(h.db.select().from(groupMembers).all()).toHaveLength(3);
    const audit = h.db.select().from(auditLog).where(eq(auditLog.activity, 'directory.import.memberships')).all();
    expect(audit).toHaveLength(1);
    const nudged = h.scheduler.calls.nudge.flat();
    expect(nudged.every((c) => c.objectType === 'group' && c.kind === 'membership')).toBe(true);
    expect(new Set(nudged.map((c) => c.objectId)).size).toBe(2);
  });
});

describe('groups and memberships imports and the event loop', () => {
  it('write in transactions of one tick budget each, letting other work run between them', async () => {
    const nudges: string[][] = [];
    const deps = { ...dir, onChange: (c: { objectId: string }[]) => nudges.push(c.map((x) => x.objectId)) };
    let ranBetween = 0;
    const others = setInterval(() => ranBetween++, 0);
    try {
      // A zero budget makes every row its own transaction, each followed by a yield.
      await importGroupsCsv(deps, CLI_ACTOR, 'displayName\nEng\nOps\nHR\n', { budgetMs: 0 });
      expect(nudges).toHaveLength(2);
      const csv = 'group,member\nEng,ann@contoso.test\nOps,ann@contoso.test\nHR,ben@contoso.test\n';
      const r = await importMembershipsCsv(deps, CLI_ACTOR, csv, { budgetMs: 0 });
      expect(r).toEqual({ created: 3, updated: 0, unchanged: 0, errors: [] });
      expect(nudges.slice(2)).toHaveLength(3);
    } finally {
      clearInterval(others);
    }
    expect(ranBetween).toBeGreaterThan(0);
  });
});
