/** The users CSV import page: per-line preview (create, update, unchanged, error), then the import itself. */
import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { auditLog, users } from '../../db/schema';
import { createUser, findUserByUpn } from '../../src/directory/users';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { cspViolations, type PagesHarness, pagesHarness, type Session } from './pages-harness';

let h: PagesHarness;
let admin: Session;

beforeEach(async () => {
  h = await pagesHarness();
  admin = await h.signIn('admin');
  const dir = { db: h.db, clock: h.deps.clock, onChange: () => {} };
  createUser(dir, CLI_ACTOR, { userPrincipalName: 'ann@contoso.test', department: 'Sales' });
  createUser(dir, CLI_ACTOR, { userPrincipalName: 'ben@contoso.test', department: 'Ops' });
});

const hiddenCsv = (html: string) =>
  (/<input type="hidden" name="csv" value="([^"]*)"/.exec(html)?.[1] ?? '')
    .replaceAll('&quot;', '"')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');

describe('users CSV import page', () => {
  it('previews each line and offers no import while a line has errors', async () => {
    const csv = [
      'userPrincipalName,displayName,department',
      'ann@contoso.test,,Sales',
      'ben@contoso.test,,Marketing',
      'cat@contoso.test,Cat <b>C</b>,Ops',
      'not-a-upn,,',
      'cat@contoso.test,,',
    ].join('\n');
    const res = await h.post('/directory/users/import/preview', { csv }, admin);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('1 to create, 1 to update, 1 unchanged, 2 with errors');
    expect(html).toMatch(/<tr class="import-unchanged"><td class="num">2<\/td>/);
    expect(html).toMatch(/<tr class="import-update"><td class="num">3<\/td>.*?<bdi>department<\/bdi>/s);
    expect(html).toMatch(/<tr class="import-create"><td class="num">4<\/td>/);
    expect(html).toMatch(/<tr class="import-error"><td class="num">5<\/td>.*?must look like name@domain/s);
    expect(html).toMatch(
      /<tr class="import-error"><td class="num">6<\/td>.*?appears twice in the file \(first on line 4\)/s,
    );
    expect(html).not.toContain('action="/directory/users/import"');
    expect(html).toContain('a file with errors imports nothing');
    expect(cspViolations(html)).toEqual([]);
    // Nothing was written by the preview.
    expect(h.db.select().from(users).all()).toHaveLength(2);
    expect(findUserByUpn(h.db, 'ben@contoso.test')?.department).toBe('Ops');
  });

  it('imports the previewed text: created and updated, audited, nudged', async () => {
    const csv =
      'userPrincipalName,department,accountEnabled\nben@contoso.test,Marketing,yes\ncat@contoso.test,Ops,no\n';
    const preview = await (await h.post('/directory/users/import/preview', { csv }, admin)).text();
    expect(preview).toContain('1 to create, 1 to update, 0 unchanged, 0 with errors');
    expect(preview).toContain('Import 2 users');
    const carried = hiddenCsv(preview);
    expect(carried).toBe(csv);
    const res = await h.post('/directory/users/import', { csv: carried }, admin);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Imported: 1 created, 1 updated, 0 unchanged.');
    expect(findUserByUpn(h.db, 'ben@contoso.test')?.department).toBe('Marketing');
    expect(findUserByUpn(h.db, 'cat@contoso.test')?.accountEnabled).toBe(false);
    expect(h.db.select().from(auditLog).where(eq(auditLog.activity, 'directory.import.users')).all()).toHaveLength(1);
    expect(
      h.scheduler.calls.nudge
        .flat()
        .map((c) => c.kind)
        .sort(),
    ).toEqual(['create', 'update']);
  });

  it('previews an uploaded file; a bad header is a message; other roles get 403', async () => {
    const body = new FormData();
    body.set('_csrf', admin.csrf);
    body.set('csv', '');
    body.set('file', new File(['userPrincipalName\ndee@contoso.test\n'], 'users.csv', { type: 'text/csv' }));
    const res = await h.app.request('/directory/users/import/preview', {
      method: 'POST',
      body,
      headers: { cookie: admin.cookie },
    });
    expect(await res.text()).toContain('1 to create, 0 to update, 0 unchanged, 0 with errors');
    const bad = await h.post('/directory/users/import/preview', { csv: 'nope,department\nx,y\n' }, admin);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('id="csv-error"');
    const empty = await h.post('/directory/users/import/preview', { csv: '  ' }, admin);
    expect(await empty.text()).toContain('Paste CSV text or choose a file');
    for (const role of ['operator', 'viewer'] as const) {
      const s = await h.signIn(role);
      expect((await h.get('/directory/users/import', s)).status).toBe(403);
      const csv = 'userPrincipalName\nzed@contoso.test\n';
      expect((await h.post('/directory/users/import/preview', { csv }, s)).status).toBe(403);
      expect((await h.post('/directory/users/import', { csv }, s)).status).toBe(403);
    }
    expect(findUserByUpn(h.db, 'zed@contoso.test')).toBeUndefined();
  });
});
