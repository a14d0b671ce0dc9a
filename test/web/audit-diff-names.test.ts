/**
 * Issue 15 item 14 over the real app: a mapping changed through the API shows on the audit page as one changed
 * row with that field only, under the actor's name; ids of people, groups and applications are shown as names
 * (the id kept in a title), on the page and in the CSV.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createApplication } from '../../src/apps/applications';
import { assignPrincipal } from '../../src/apps/assignments';
import { createApiToken } from '../../src/auth/api-tokens';
import { createGroup } from '../../src/directory/groups';
import { addMembers } from '../../src/directory/memberships';
import { createUser } from '../../src/directory/users';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { systemClock } from '../../src/kernel/clock';
import { cspViolations, type PagesHarness, pagesHarness, type Session } from './pages-harness';

let h: PagesHarness;
let s: Session;
let appId: string;

beforeEach(async () => {
  h = await pagesHarness();
  appId = createApplication({ db: h.db, clock: systemClock, secrets: h.secrets }, CLI_ACTOR, {
    name: 'MindTickle',
    template: 'mindtickle',
  }).id;
  s = await h.signIn('viewer');
});

/** The rows of the audit page's first entry's diff, as text. */
function diffRows(html: string): string[] {
  const first = html.slice(html.indexOf('data-audit-id='));
  const table = first.slice(0, first.indexOf('</table>'));
  return [...table.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((m) =>
    (m[1] ?? '')
      .replace(/<wbr\/?>/g, '')
      .split(/<[^>]+>/)
      .map((t) => t.trim())
      .filter(Boolean)
      .join('|'),
  );
}

describe('audit diffs of a mapping change', () => {
  it('show one changed row with only the changed field, and who changed it', async () => {
    const { token } = createApiToken(h.db, systemClock, CLI_ACTOR, { name: 'automation', role: 'admin' });
    const api = (method: string, body?: unknown) =>
      h.app.request(`/api/v1/applications/${appId}/mappings/user`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const { items: mappings } = (await (await api('GET')).json()) as { items: { target: string; source?: string }[] };
    const changed = mappings.map((m) => (m.target === 'title' ? { ...m, source: 'department' } : m));
    expect(changed).not.toEqual(mappings);
    const put = await api('PUT', { items: changed });
    expect(put.status, await put.clone().text()).toBe(200);

    const html = await (await h.get('/audit?activity=mappings.update', s)).text();
    expect(cspViolations(html)).toEqual([]);
    expect(html).toContain('token:automation');
    expect(html).toContain('1 mapping changed');
    expect(diffRows(html)).toEqual(['Field|Before|After', 'Changed|target|title', 'source|jobTitle|department']);
    // The whole mappings JSON is no longer printed.
    expect(html).not.toContain('userPrincipalName');

    const csv = (await (await h.get('/audit/export?activity=mappings.update', s)).text()).trim().split('\n');
    expect(csv).toHaveLength(2);
    expect(csv[1]).toContain('changed title (source: jobTitle -> department)');
    expect(csv[1]).toContain('token:automation');
  });
});

describe('names instead of ids', () => {
  it('names the assigned user and the target application, keeping the id in a title', async () => {
    const dir = { db: h.db, clock: systemClock, onChange: () => {} };
    const u = createUser(dir, CLI_ACTOR, {
      userPrincipalName: 'aisha.cohen@contoso.example',
      displayName: 'Aisha Cohen',
      mail: 'aisha.cohen@contoso.example',
    });
    assignPrincipal(dir, CLI_ACTOR, appId, { principalId: u.id, role: 'User' });

    const html = await (await h.get('/audit?activity=assignment.add', s)).text();
    expect(html).toContain(
      `<a href="/directory/users/${u.id}" title="${u.id}" class="diff-name">Aisha Cohen (aisha.cohen@contoso.example)</a>`,
    );
    expect(html).toContain(`<a href="/apps/${appId}" title="${appId}" class="diff-name">MindTickle</a>`);
    // The id appears only inside title attributes and links, never as the text a person reads.
    expect(html.replace(new RegExp(`(title|href)="[^"]*${u.id}"`, 'g'), '')).not.toContain(u.id);

    // A member added to a group: one line naming the person and what they are.
    const g = createGroup(dir, CLI_ACTOR, { displayName: 'Sales' });
    addMembers(dir, CLI_ACTOR, g.id, { memberIds: [u.id] });
    const members = await (await h.get('/audit?activity=directory.group.members.add', s)).text();
    expect(diffRows(members)).toEqual([
      'Field|Before|After',
      'Added|Aisha Cohen (aisha.cohen@contoso.example)|· type: user',
    ]);
    expect(members).toContain('1 row added');

    const csv = (await (await h.get('/audit/export?activity=assignment.add', s)).text()).trim().split('\n');
    expect(csv[1]).toContain(`,application,MindTickle,${appId},`);
    expect(csv[1]).toContain('principalId: Aisha Cohen (aisha.cohen@contoso.example)');
    expect(csv[1]).not.toContain(`principalId: ${u.id}`);
  });
});
