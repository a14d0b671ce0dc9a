/**
 * The assignment picker on the application page (issue 15 item 6) as a browser without script uses it:
 * Search posts back results and chips, Assign takes the ticked ones with one role, a refusal comes back with
 * the error summary on top, focus on the field and the input kept; the typeahead fragment; Default Access.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createApplication } from '../../src/apps/applications';
import { assignPrincipal, listAssignments } from '../../src/apps/assignments';
import { createGroup } from '../../src/directory/groups';
import { createUser } from '../../src/directory/users';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { cspViolations, type PagesHarness, pagesHarness, type Session } from './pages-harness';

let h: PagesHarness;
let appId: string;
const ids: Record<string, string> = {};

beforeEach(async () => {
  h = await pagesHarness();
  appId = createApplication({ db: h.db, clock: h.deps.clock, secrets: h.secrets }, CLI_ACTOR, {
    name: 'Target',
    template: 'scim',
  }).id;
  const dir = { db: h.db, clock: h.deps.clock, onChange: () => {} };
  ids.anna = createUser(dir, CLI_ACTOR, { userPrincipalName: 'asmith@contoso.test', displayName: 'Anna Smith' }).id;
  ids.andrew = createUser(dir, CLI_ACTOR, { userPrincipalName: 'ajones@contoso.test', displayName: 'Andrew Jones' }).id;
  ids.lobby = createGroup(dir, CLI_ACTOR, { displayName: 'Lobby' }).id;
});

/** A form post with repeated principalId fields. */
function post(s: Session, fields: [string, string][]) {
  const body = new URLSearchParams([...fields, ['_csrf', s.csrf]]);
  return h.app.request(`/apps/${appId}/assignments`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: s.cookie },
  });
}

describe('assignment picker without script', () => {
  it('searches with the chips kept, then assigns the ticked ones with one role', async () => {
    const s = await h.signIn('admin');
    const search = await post(s, [
      ['do', 'search'],
      ['pick', 'and'],
      ['principalId', ids.anna as string],
      ['role', 'User'],
    ]);
    expect(search.status).toBe(200);
    const html = await search.text();
    expect(html).toContain('value="and"');
    expect(html).toMatch(
      new RegExp(`<label class="chip"><input type="checkbox" name="principalId" value="${ids.anna}" checked`),
    );
    expect(html).toMatch(new RegExp(`name="principalId" value="${ids.andrew}" data-pick-kind="user"`));
    expect(html).toContain('1 found for &quot;and&quot;.');
    expect(cspViolations(html)).toEqual([]);

    const assign = await post(s, [
      ['do', 'assign'],
      ['principalId', ids.anna as string],
      ['principalId', ids.andrew as string],
      ['principalId', ids.lobby as string],
      ['role', 'User'],
    ]);
    expect(assign.status).toBe(303);
    expect(listAssignments(h.db, appId).map((a) => [a.userPrincipalName, a.role])).toEqual([
      ['Lobby', 'User'],
      ['ajones@contoso.test', 'User'],
      ['asmith@contoso.test', 'User'],
    ]);
  });

  it('puts a refusal in the summary at the top of the form, focuses the field and keeps the input', async () => {
    const s = await h.signIn('admin');
    const none = await post(s, [
      ['pick', 'nobody-like-this'],
      ['principalId', ids.anna as string],
      ['role', 'Nope'],
    ]);
    expect(none.status).toBe(400);
    const html = await none.text();
    const form = html.slice(html.indexOf('id="assign-form"'));
    expect(form.indexOf('error-summary')).toBeLessThan(form.indexOf('id="pick"'));
    expect(form).toContain('<strong>Nothing was assigned.</strong>');
    expect(form).toContain('<a href="#role">Role for the selection</a>: Unknown role &quot;Nope&quot;');
    expect(form).toMatch(/<select id="role" name="role" aria-invalid="true" aria-describedby="role-error" autofocus/);
    expect(form).toContain('value="nobody-like-this"');
    expect(form).toMatch(new RegExp(`value="${ids.anna}" checked`));

    const dir = { db: h.db, clock: h.deps.clock, onChange: () => {} };
    assignPrincipal(dir, CLI_ACTOR, appId, { principalId: ids.anna as string, role: 'User' });
    const twice = await post(s, [
      ['principalId', ids.anna as string],
      ['role', 'User'],
    ]);
    expect(twice.status).toBe(400);
    const again = await twice.text();
    expect(again).toContain('<a href="#pick">Find users and groups</a>: Already assigned with the role User');
    expect(again).toMatch(/<input type="search" id="pick" name="pick" aria-invalid="true"[^>]*autofocus/);

    const empty = await post(s, [['role', 'User']]);
    expect(await empty.text()).toContain('Choose at least one user or group');
  });

  it('answers the typeahead with result boxes, assigned ones marked and disabled; viewers get no picker', async () => {
    const dir = { db: h.db, clock: h.deps.clock, onChange: () => {} };
    assignPrincipal(dir, CLI_ACTOR, appId, { principalId: ids.andrew as string, role: 'Default Access' });
    const s = await h.signIn('admin');
    const res = await h.get(`/apps/${appId}/assignment-candidates?pick=an&principalId=${ids.anna}`, s, {
      'hx-request': 'true',
    });
    const frag = await res.text();
    expect(frag).not.toContain('<html');
    expect(frag).toMatch(new RegExp(`name="principalId" value="${ids.anna}" checked`));
    expect(frag).toMatch(new RegExp(`<input type="checkbox" value="${ids.andrew}" disabled`));
    expect(frag).toContain('Assigned as Default Access');
    const viewer = await h.signIn('viewer');
    expect(await (await h.get(`/apps/${appId}`, viewer)).text()).not.toContain('id="assign-form"');
  });

  it('says a Default Access group is excluded, never that its members are in scope', async () => {
    const dir = { db: h.db, clock: h.deps.clock, onChange: () => {} };
    assignPrincipal(dir, CLI_ACTOR, appId, { principalId: ids.lobby as string, role: 'Default Access' });
    const s = await h.signIn('viewer');
    const html = await (await h.get(`/apps/${appId}`, s)).text();
    expect(html).toContain(
      'Default Access: excluded from provisioning; members are not provisioned through this group',
    );
    expect(html).not.toContain('members are in scope');
  });
});
