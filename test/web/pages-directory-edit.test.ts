/**
 * The directory in the UI (issue 14): admins create, edit, disable, soft-delete and restore users and
 * create/rename groups from forms; bad entries come back with the message next to the field; every write
 * is audited, journalled and nudges the scheduler; the user page shows groups (direct and nested), app
 * assignments and the provisioning state per application.
 */
import { and, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { auditLog, directoryChanges, users } from '../../db/schema';
import { createApplication } from '../../src/apps/applications';
import { assignPrincipal } from '../../src/apps/assignments';
import { createGroup } from '../../src/directory/groups';
import { addMembers } from '../../src/directory/memberships';
import { createUser, getUser } from '../../src/directory/users';
import { saveLink } from '../../src/engine/connector-store';
import { escrowObject } from '../../src/engine/escrow';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { writeLog } from '../../src/log/write';
import { linkObject } from '../../src/sources/links';
import { createSource } from '../../src/sources/sources';
import { cspViolations, type PagesHarness, pagesHarness, type Session } from './pages-harness';

let h: PagesHarness;
let admin: Session;

const audits = (activity: string, targetId?: string) =>
  h.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.activity, activity), targetId ? eq(auditLog.targetId, targetId) : undefined))
    .all();
const journal = (id: string) =>
  h.db
    .select({ kind: directoryChanges.kind })
    .from(directoryChanges)
    .where(eq(directoryChanges.objectId, id))
    .all()
    .map((r) => r.kind);
const nudged = (id: string) => h.scheduler.calls.nudge.flat().filter((c) => c.objectId === id);
const idFrom = (location: string | null) => /\/directory\/(?:users|groups)\/([^/?]+)/.exec(location ?? '')?.[1] ?? '';

beforeEach(async () => {
  h = await pagesHarness();
  admin = await h.signIn('admin');
});

describe('directory user forms', () => {
  it('creates a user from the form: audited, journalled, nudged, then shown on its page', async () => {
    const form = await (await h.get('/directory/users/new', admin)).text();
    expect(form).toContain('name="userPrincipalName"');
    expect(form).toContain('name="department"');
    expect(form).toMatch(/type="checkbox"[^>]*name="accountEnabled"[^>]*checked/);
    expect(cspViolations(form)).toEqual([]);
    const res = await h.post(
      '/directory/users',
      { userPrincipalName: 'dana@contoso.test', displayName: 'Dana <i>D</i>', department: 'Ops', accountEnabled: 'on' },
      admin,
    );
    expect(res.status).toBe(303);
    const id = idFrom(res.headers.get('location'));
    expect(res.headers.get('location')).toBe(`/directory/users/${id}?done=created`);
    const user = getUser(h.db, id);
    expect(user).toMatchObject({ displayName: 'Dana <i>D</i>', department: 'Ops', accountEnabled: true, mail: null });
    expect(audits('directory.user.create', id)).toHaveLength(1);
    expect(journal(id)).toEqual(['create']);
    expect(nudged(id)).toEqual([{ objectType: 'user', objectId: id, kind: 'create' }]);
    const page = await (await h.get(`/directory/users/${id}?done=created`, admin)).text();
    expect(page).toContain('User created.');
    expect(page).toContain('Dana &lt;i&gt;D&lt;/i&gt;');
    expect(page).not.toContain('<i>D</i>');
  });

  it('answers bad entries with the message next to the field and keeps what was typed', async () => {
    const bad = await h.post('/directory/users', { userPrincipalName: 'not-an-upn', displayName: '<b>x</b>' }, admin);
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toMatch(/id="userPrincipalName-error">[^<]*must look like name@domain/);
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain('value="&lt;b&gt;x&lt;/b&gt;"');
    expect(h.db.select().from(users).all()).toHaveLength(0);

    await h.post('/directory/users', { userPrincipalName: 'erin@contoso.test' }, admin);
    const dup = await h.post('/directory/users', { userPrincipalName: 'ERIN@contoso.test' }, admin);
    expect(dup.status).toBe(400);
    expect(await dup.text()).toMatch(/id="userPrincipalName-error">A user with userPrincipalName ERIN@contoso.test/);
    expect(audits('directory.user.create')).toHaveLength(1);
  });

  it('edits a user; an unchanged save writes nothing; a bad edit shows the field error', async () => {
    const dir = { db: h.db, clock: h.deps.clock, onChange: () => {} };
    const u = createUser(dir, CLI_ACTOR, { userPrincipalName: 'finn@contoso.test', department: 'Sales' });
    const edit = await (await h.get(`/directory/users/${u.id}/edit`, admin)).text();
    expect(edit).toContain('value="finn@contoso.test"');
    expect(edit).toContain('value="Sales"');
    const fields = { userPrincipalName: 'finn@contoso.test', department: 'Marketing', accountEnabled: 'on' };
    const res = await h.post(`/directory/users/${u.id}`, fields, admin);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/directory/users/${u.id}?done=saved`);
    expect(getUser(h.db, u.id).department).toBe('Marketing');
    const [row] = audits('directory.user.update', u.id);
    expect(JSON.parse(row?.before ?? '{}')).toEqual({ department: 'Sales' });
    expect(JSON.parse(row?.after ?? '{}')).toEqual({ department: 'Marketing' });
    expect(nudged(u.id)).toEqual([{ objectType: 'user', objectId: u.id, kind: 'update' }]);
    // Saving the same values again changes nothing: no audit row, no journal entry, no nudge.
    await h.post(`/directory/users/${u.id}`, fields, admin);
    expect(audits('directory.user.update', u.id)).toHaveLength(1);
    expect(journal(u.id)).toEqual(['create', 'update']);
    const bad = await h.post(`/directory/users/${u.id}`, { ...fields, mail: 'a\u202Eb@contoso.test' }, admin);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('id="mail-error"');
  });

  it('disables, enables, soft-deletes (with confirmation) and restores a user', async () => {
    const dir = { db: h.db, clock: h.deps.clock, onChange: () => {} };
    const u = createUser(dir, CLI_ACTOR, { userPrincipalName: 'gil@contoso.test' });
    const page = await (await h.get(`/directory/users/${u.id}`, admin)).text();
    expect(page).toContain(`action="/directory/users/${u.id}/disable"`);
    expect(page).toMatch(/data-confirm="Soft-delete gil@contoso.test\?/);
    expect((await h.post(`/directory/users/${u.id}/disable`, {}, admin)).status).toBe(303);
    expect(getUser(h.db, u.id).accountEnabled).toBe(false);
    const disabled = await (await h.get(`/directory/users/${u.id}?done=disabled`, admin)).text();
    expect(disabled).toContain(`action="/directory/users/${u.id}/enable"`);
    expect(disabled).toContain('User disabled.');
    await h.post(`/directory/users/${u.id}/enable`, {}, admin);
    expect(getUser(h.db, u.id).accountEnabled).toBe(true);
    expect(audits('directory.user.update', u.id)).toHaveLength(2);

    expect((await h.post(`/directory/users/${u.id}/delete`, {}, admin)).status).toBe(303);
    expect(getUser(h.db, u.id).deletedAt).not.toBeNull();
    expect(audits('directory.user.soft_delete', u.id)).toHaveLength(1);
    const deleted = await (await h.get(`/directory/users/${u.id}`, admin)).text();
    expect(deleted).toContain('Soft-deleted');
    expect(deleted).toContain(`action="/directory/users/${u.id}/restore"`);
    expect(deleted).not.toContain(`/directory/users/${u.id}/edit`);
    expect((await h.post(`/directory/users/${u.id}/restore`, {}, admin)).status).toBe(303);
    expect(getUser(h.db, u.id).deletedAt).toBeNull();
    expect(audits('directory.user.restore', u.id)).toHaveLength(1);
    expect(journal(u.id)).toEqual(['create', 'update', 'update', 'soft_delete', 'restore']);
    expect(nudged(u.id).map((c) => c.kind)).toEqual(['update', 'update', 'soft_delete', 'restore']);
  });

  it('refuses writes to operators and viewers (403) and posts without the CSRF token', async () => {
    const dir = { db: h.db, clock: h.deps.clock, onChange: () => {} };
    const u = createUser(dir, CLI_ACTOR, { userPrincipalName: 'hal@contoso.test' });
    for (const role of ['operator', 'viewer'] as const) {
      const s = await h.signIn(role);
      expect((await h.get('/directory/users/new', s)).status).toBe(403);
      expect((await h.get(`/directory/users/${u.id}/edit`, s)).status).toBe(403);
      expect((await h.post('/directory/users', { userPrincipalName: 'x@contoso.test' }, s)).status).toBe(403);
      for (const action of ['', '/disable', '/enable', '/delete', '/restore']) {
        expect((await h.post(`/directory/users/${u.id}${action}`, {}, s)).status, `${role} ${action}`).toBe(403);
      }
      expect((await h.post('/directory/groups', { displayName: 'G' }, s)).status).toBe(403);
      // They still read the page, without the forms.
      const page = await (await h.get(`/directory/users/${u.id}`, s)).text();
      expect(page).toContain('hal@contoso.test');
      expect(page).not.toContain('/disable"');
      expect(page).not.toContain('Soft-delete user');
      expect(await (await h.get('/directory/users', s)).text()).not.toContain('href="/directory/users/new"');
    }
    expect(await (await h.get('/directory/users', admin)).text()).toContain('href="/directory/users/new"');
    const noCsrf = await h.post(`/directory/users/${u.id}/disable`, {}, admin, { csrf: false });
    expect(noCsrf.status).toBe(403);
    expect(getUser(h.db, u.id).accountEnabled).toBe(true);
    expect(audits('directory.user.update')).toHaveLength(0);
  });
});

/** The fields a browser would post back from a rendered form (text values and checked boxes). */
function formFields(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [tag] of html.matchAll(/<input\b[^>]*>/g)) {
    const name = /name="([^"]+)"/.exec(tag)?.[1];
    if (!name || name === '_csrf') continue;
    if (tag.includes('type="checkbox"')) {
      if (/\schecked/.test(tag)) out[name] = 'on';
    } else {
      out[name] = (/value="([^"]*)"/.exec(tag)?.[1] ?? '').replaceAll('&quot;', '"').replaceAll('&amp;', '&');
    }
  }
  return out;
}

describe('the whole edit form', () => {
  it('posts back every attribute unchanged, and takes the manager by UPN (shown by name on the page)', async () => {
    const dir = { db: h.db, clock: h.deps.clock, onChange: () => {} };
    const boss = createUser(dir, CLI_ACTOR, { userPrincipalName: 'boss@contoso.test', displayName: 'The Boss' });
    const u = createUser(dir, CLI_ACTOR, { userPrincipalName: 'max@contoso.test', department: 'Ops' });
    const fields = formFields(await (await h.get(`/directory/users/${u.id}/edit`, admin)).text());
    expect(Object.keys(fields).length).toBeGreaterThanOrEqual(10);
    expect((await h.post(`/directory/users/${u.id}`, fields, admin)).status).toBe(303);
    expect(audits('directory.user.update', u.id)).toHaveLength(0);
    const unknown = await h.post(`/directory/users/${u.id}`, { ...fields, manager: 'ghost@contoso.test' }, admin);
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('id="manager-error"');
    const set = await h.post(`/directory/users/${u.id}`, { ...fields, manager: 'boss@contoso.test' }, admin);
    expect(set.status).toBe(303);
    expect((getUser(h.db, u.id) as unknown as Record<string, unknown>).manager).toBe(boss.id);
    const page = await (await h.get(`/directory/users/${u.id}`, admin)).text();
    expect(page).toContain(`<a href="/directory/users/${boss.id}"><bdi>The Boss</bdi></a>`);
    expect(await (await h.get(`/directory/users/${u.id}/edit`, admin)).text()).toContain('value="boss@contoso.test"');
  });
});

describe('the user page', () => {
  it('shows attributes, direct and nested groups, assignments through groups, the link, last log row and escrow', async () => {
    const dir = { db: h.db, clock: h.deps.clock, onChange: () => {} };
    const u = createUser(dir, CLI_ACTOR, {
      userPrincipalName: 'ivy@contoso.test',
      displayName: 'Ivy <script>x</script>',
      jobTitle: 'Engineer',
    });
    const team = createGroup(dir, CLI_ACTOR, { displayName: 'Team' });
    const org = createGroup(dir, CLI_ACTOR, { displayName: 'Org' });
    addMembers(dir, CLI_ACTOR, team.id, { memberIds: [u.id] });
    addMembers(dir, CLI_ACTOR, org.id, { memberIds: [team.id] });
    const apps = { ...dir, secrets: h.secrets };
    const viaGroup = createApplication(apps, CLI_ACTOR, { name: 'Via group', template: 'scim' });
    const direct = createApplication(apps, CLI_ACTOR, { name: 'Direct app', template: 'scim' });
    createApplication(apps, CLI_ACTOR, { name: 'Unrelated', template: 'scim' });
    assignPrincipal(dir, CLI_ACTOR, viaGroup.id, { principalId: org.id, role: 'User' });
    assignPrincipal(dir, CLI_ACTOR, direct.id, { principalId: u.id, role: 'User' });
    const now = Date.now();
    saveLink(h.db, viaGroup.id, u.id, { targetId: 'tgt-123', exported: {}, state: 'active' }, now);
    writeLog(h.db, {
      id: 'change-1',
      appId: viaGroup.id,
      activityDateTime: now,
      jobId: 'job',
      cycleId: 'cycle-1',
      provisioningAction: 'create',
      status: 'success',
      durationMs: 12,
      initiatedBy: { type: 'system', name: 'Provisio' },
      source: { id: u.id, displayName: null, type: 'user' },
      target: { id: 'tgt-123', displayName: null },
      sourceSystem: 'Provisio',
      targetSystem: 'Via group',
      error: null,
      steps: [],
      modifiedProperties: [],
    });
    escrowObject(
      h.db,
      {
        appId: direct.id,
        sourceId: u.id,
        kind: 'failure',
        action: 'create',
        sourceDisplayName: 'Ivy',
        errorCode: 'SystemForCrossDomainIdentityManagementBadRequest',
        errorReason: 'department is required',
        cycleId: 'cycle-2',
      },
      now,
    );
    const s = await h.signIn('viewer');
    const html = await (await h.get(`/directory/users/${u.id}`, s)).text();
    expect(html).toContain('Ivy &lt;script&gt;x&lt;/script&gt;');
    expect(html).not.toContain('<script>x');
    expect(html).toMatch(/<dt>Job title<\/dt><dd><bdi>Engineer<\/bdi><\/dd>/);
    expect(html).toContain('Local directory');
    // Empty attributes are listed apart, by name, not as rows of dashes.
    expect(html).toMatch(/<summary>Empty attributes \(\d+\)<\/summary><p class="muted">[^<]*Department/);
    expect(html).not.toContain('<dt>Department</dt>');
    expect(html).toMatch(
      new RegExp(`href="/directory/groups/${team.id}"><bdi>Team</bdi></a> <span class="muted">\\(direct\\)`),
    );
    expect(html).toMatch(
      new RegExp(`href="/directory/groups/${org.id}"><bdi>Org</bdi></a> <span class="muted">\\(nested\\)`),
    );
    expect(html).toContain('(through <bdi>Org</bdi>)');
    expect(html).toContain('(direct)');
    expect(html).not.toContain('Unrelated');
    expect(html).toContain('<bdi>tgt-123</bdi>');
    expect(html).toContain('href="/logs/change-1">Create</a>');
    expect(html).toContain(`href="/logs?appId=${viaGroup.id}&amp;identity=${u.id}"`);
    expect(html).toContain('create failed, 1 attempt');
    expect(html).toContain('department is required');
    expect(cspViolations(html)).toEqual([]);
    expect((await h.get('/directory/users/no-such-user', s)).status).toBe(404);
  });

  it('links each user of the list to its page', async () => {
    const dir = { db: h.db, clock: h.deps.clock, onChange: () => {} };
    const u = createUser(dir, CLI_ACTOR, { userPrincipalName: 'jo@contoso.test', displayName: 'Jo' });
    expect(await (await h.get('/directory/users', admin)).text()).toContain(
      `<a href="/directory/users/${u.id}"><bdi>Jo</bdi></a>`,
    );
  });
});

describe('source-owned objects', () => {
  it('show their source and no edit actions; a forged edit is refused with the source named', async () => {
    const dir = { db: h.db, clock: h.deps.clock, onChange: () => {} };
    const u = createUser(dir, CLI_ACTOR, { userPrincipalName: 'otto@contoso.test' });
    const g = createGroup(dir, CLI_ACTOR, { displayName: 'Pushed' });
    const { source } = createSource(h.db, h.deps.clock, CLI_ACTOR, { type: 'scim', name: 'Entra <ID>' });
    linkObject(h.db, source.id, 'user', u.id, 'ext-1', Date.now());
    linkObject(h.db, source.id, 'group', g.id, 'ext-2', Date.now());
    const page = await (await h.get(`/directory/users/${u.id}`, admin)).text();
    expect(page).toContain('<dt>Source</dt><dd><bdi>Entra &lt;ID&gt;</bdi>');
    expect(page).not.toContain(`/directory/users/${u.id}/edit`);
    expect(page).not.toContain('/disable"');
    expect(page).toContain('owned by its source');
    const forged = await h.post(`/directory/users/${u.id}`, { userPrincipalName: 'otto@contoso.test' }, admin);
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain('owned by the source');
    const group = await (await h.get(`/directory/groups/${g.id}`, admin)).text();
    expect(group).toContain('<dt>Source</dt><dd><bdi>Entra &lt;ID&gt;</bdi></dd>');
    expect(group).not.toContain(`/directory/groups/${g.id}/edit`);
    expect(group).not.toContain('id="add-member-form"');
  });
});

describe('directory group forms', () => {
  it('creates and renames a group with field errors for a taken or empty name; audited and nudged', async () => {
    const dir = { db: h.db, clock: h.deps.clock, onChange: () => {} };
    createGroup(dir, CLI_ACTOR, { displayName: 'Taken' });
    expect(await (await h.get('/directory/groups/new', admin)).text()).toContain('name="displayName"');
    const empty = await h.post('/directory/groups', { displayName: '' }, admin);
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('id="displayName-error"');
    const taken = await h.post('/directory/groups', { displayName: 'taken' }, admin);
    expect(taken.status).toBe(400);
    expect(await taken.text()).toMatch(/id="displayName-error">A group named taken already exists/);
    const res = await h.post('/directory/groups', { displayName: 'Crew', description: 'The crew' }, admin);
    expect(res.status).toBe(303);
    const id = idFrom(res.headers.get('location'));
    expect(audits('directory.group.create', id)).toHaveLength(1);
    expect(nudged(id)).toEqual([{ objectType: 'group', objectId: id, kind: 'create' }]);
    expect(await (await h.get(`/directory/groups/${id}?done=created`, admin)).text()).toContain(
      `href="/directory/groups/${id}/edit"`,
    );
    const edit = await (await h.get(`/directory/groups/${id}/edit`, admin)).text();
    expect(edit).toContain('value="The crew"');
    const clash = await h.post(`/directory/groups/${id}`, { displayName: 'Taken', description: 'x' }, admin);
    expect(clash.status).toBe(400);
    const renamed = await h.post(`/directory/groups/${id}`, { displayName: 'Crew 2', description: 'The crew' }, admin);
    expect(renamed.headers.get('location')).toBe(`/directory/groups/${id}?done=saved`);
    const [row] = audits('directory.group.update', id);
    expect(JSON.parse(row?.after ?? '{}')).toEqual({ displayName: 'Crew 2' });
    expect(journal(id)).toEqual(['create', 'update']);
    const op = await h.signIn('operator');
    expect((await h.get(`/directory/groups/${id}/edit`, op)).status).toBe(403);
    expect((await h.post(`/directory/groups/${id}`, { displayName: 'X' }, op)).status).toBe(403);
  });

  it('suggests users and groups for the member picker by name or UPN', async () => {
    const dir = { db: h.db, clock: h.deps.clock, onChange: () => {} };
    createUser(dir, CLI_ACTOR, { userPrincipalName: 'kim@contoso.test', displayName: 'Kim <K>' });
    createUser(dir, CLI_ACTOR, { userPrincipalName: 'lee@contoso.test', displayName: 'Kimberly Lee' });
    createGroup(dir, CLI_ACTOR, { displayName: 'Kitchen' });
    const g = createGroup(dir, CLI_ACTOR, { displayName: 'Other' });
    const page = await (await h.get(`/directory/groups/${g.id}`, admin)).text();
    expect(page).toContain('list="member-options"');
    expect(page).toContain('hx-get="/directory/member-options"');
    const s = await h.signIn('viewer');
    const html = await (await h.get('/directory/member-options?member=ki', s, { 'hx-request': 'true' })).text();
    expect(html).toContain('<option value="kim@contoso.test">Kim &lt;K&gt; (user)</option>');
    expect(html).toContain('<option value="lee@contoso.test">Kimberly Lee (user)</option>');
    expect(html).toContain('<option value="Kitchen">group</option>');
    expect(html).not.toContain('Other');
    expect(await (await h.get('/directory/member-options?member=', s)).text()).toBe('');
  });
});
