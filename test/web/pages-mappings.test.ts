import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { auditLog, jobs } from '../../db/schema';
import { createApplication, getApplication, setProvisioning } from '../../src/apps/applications';
import { mappingsOf, scopingOf, usesDefaultMappings } from '../../src/apps/mappings';
import { createUser } from '../../src/directory/users';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { defaultUserMappings } from '../../src/mapping/default-mappings';
import { cspViolations, type PagesHarness, pagesHarness, type Session } from './pages-harness';

let h: PagesHarness;
let appId: string;
let base: string;
const hx = { headers: { 'hx-request': 'true' } };

beforeEach(async () => {
  h = await pagesHarness();
  const app = createApplication({ db: h.db, clock: h.deps.clock, secrets: h.secrets }, CLI_ACTOR, {
    name: 'MindTickle',
    template: 'mindtickle',
    secretToken: 'token-123',
  });
  appId = app.id;
  base = `/apps/${appId}/mappings/user`;
});

const app = () => getApplication(h.db, appId);
const EXPRESSION = 'Join(" ", [givenName], ToUpper([surname]))';

function newMapping(fields: Record<string, string>) {
  return { original: '', mappingType: 'expression', apply: 'always', matching: 'no', ...fields };
}

/** The text of the element with this id (first match; good enough for the flat fragments these pages render). */
function block(html: string, id: string): string {
  return new RegExp(`id="${id}"[\\s\\S]*?</(div|p|td)>`).exec(html)?.[0] ?? '';
}

describe('attribute mappings', () => {
  let s: Session;
  beforeEach(async () => {
    s = await h.signIn('admin');
  });

  it('shows the default mappings with their source, matching precedence and admin controls', async () => {
    const html = await (await h.get(base, s)).text();
    expect(html).toContain('<h1>Attribute mappings</h1>');
    expect(html).toContain('<code>emails[type eq &quot;work&quot;].value</code>');
    expect(html).toContain('<code class="expr">Not([IsSoftDeleted])</code>');
    expect(html).toMatch(/<code>userName<\/code><\/td><td>Direct<\/td><td><code>userPrincipalName<\/code>/);
    expect(html).toContain('Default mappings');
    expect(html).toContain('>Add new mapping</button>');
    expect(html).toContain('>Restore default mappings</button>');
    expect(html).toContain(`hx-post="${base}/restore" data-confirm=`);
    expect(cspViolations(html)).toEqual([]);
    const groups = await (await h.get(`/apps/${appId}/mappings/group`, s)).text();
    expect(groups).toContain('<code>members</code>');
    expect((await h.get(`/apps/${appId}/mappings/device`, s)).status).toBe(404);
  });

  it('adds an expression mapping, lists it, refreshes the schedule and audits the change', async () => {
    const res = await h.post(
      `${base}/save`,
      newMapping({ target: 'nickName', expression: EXPRESSION, defaultValue: 'n/a' }),
      s,
      hx,
    );
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).not.toContain('<html');
    expect(html).toContain('Mapping for nickName saved.');
    expect(html).toContain('<code>nickName</code>');
    expect(html).toContain('Join(&quot; &quot;, [givenName], ToUpper([surname]))');
    expect(html).toContain('Customised');
    expect(html).toContain('<div id="mapping-editor"></div>');
    expect(mappingsOf(app(), 'user').at(-1)).toEqual({
      target: 'nickName',
      type: 'expression',
      expression: EXPRESSION,
      defaultValue: 'n/a',
      apply: 'always',
    });
    expect(h.scheduler.calls.refresh).toEqual([appId]);
    const audit = h.db.select().from(auditLog).where(eq(auditLog.activity, 'mappings.update')).all();
    expect(audit.map((a) => a.actorName)).toEqual([h.emails.admin]);
    const page = await (await h.get(base, s)).text();
    expect(page).toContain('<code>nickName</code>');
  });

  it('shows an invalid expression next to the field, with the column and a caret, and saves nothing', async () => {
    const expression = 'Switch([department], "x", "y")';
    const res = await h.post(`${base}/save`, newMapping({ target: 'title', original: 'title', expression }), s, hx);
    expect(res.status).toBe(400);
    const html = await res.text();
    const field = block(html, 'expression-error');
    expect(field).toContain('Switch expects an even number of key/value arguments after the default, at column 1');
    expect(html).toContain('<pre class="expr-caret" aria-hidden="true"><code>Switch([department], &quot;x&quot;');
    expect(html).toMatch(/&quot;y&quot;\)\n\^<\/code><\/pre>/);
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain('>Switch([department], &quot;x&quot;, &quot;y&quot;)</textarea>');
    expect(usesDefaultMappings(app(), 'user')).toBe(true);
    expect(h.scheduler.calls.refresh).toEqual([]);
  });

  it('puts the caret under the column of an error further into the expression', async () => {
    const expression = 'ToUpper([mail]) x';
    const html = await (await h.post(`${base}/save`, newMapping({ target: 'nickName', expression }), s, hx)).text();
    expect(html).toContain('found &quot;x&quot; at column 17');
    expect(html).toContain(`<code>ToUpper([mail]) x\n${' '.repeat(16)}^</code>`);
    const unknown = 'Join(" ", [givenName], [nope])';
    const second = await (
      await h.post(`${base}/save`, newMapping({ target: 'nickName', expression: unknown }), s, hx)
    ).text();
    expect(block(second, 'expression-error')).toContain('Unknown user source attribute &quot;nope&quot; at column 24');
  });

  it('escapes <script> in expressions, in the table, the editor and the tester', async () => {
    const expression = 'Append("<script>alert(1)</script>", [mail])';
    const saved = await h.post(`${base}/save`, newMapping({ target: 'nickName', expression }), s, hx);
    expect(saved.status).toBe(200);
    const page = await (await h.get(base, s)).text();
    expect(page).toContain('Append(&quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot;, [mail])');
    expect(page).not.toContain('<script>alert(1)');
    expect(cspViolations(page)).toEqual([]);
    const editor = await (await h.get(`${base}/editor?target=nickName`, s, hx.headers)).text();
    expect(editor).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(editor).not.toContain('<script>alert(1)');
    const bad = await h.post(`${base}/save`, newMapping({ target: 'x', expression: '"<script>x</script>" "' }), s, hx);
    expect(await bad.text()).not.toContain('<script>x');
    const tested = await h.post(
      `/apps/${appId}/mappings/test-expression`,
      { expression, testSample: 'mail=<b>' },
      s,
      hx,
    );
    const out = await tested.text();
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;');
    expect(out).not.toContain('<script>');
  });

  it('edits a mapping in place: switching the type re-renders the fields, Save keeps the row position', async () => {
    const editor = await (await h.get(`${base}/editor?target=title`, s, hx.headers)).text();
    expect(editor).toContain('Edit attribute: title');
    expect(editor).toContain('<option value="jobTitle" selected="">jobTitle</option>');
    expect(editor).toContain('hx-include="#mapping-editor input, #mapping-editor select"');
    const q = new URLSearchParams({
      original: 'title',
      target: 'title',
      mappingType: 'expression',
      source: 'jobTitle',
    });
    const switched = await (await h.get(`${base}/editor?${q}`, s, hx.headers)).text();
    expect(switched).toContain('name="expression"');
    expect(switched).toContain('>[jobTitle]</textarea>');
    expect(switched).not.toContain('name="source"');
    expect(switched).toContain('name="testUpn"');
    const constant = await (
      await h.get(`${base}/editor?${q.toString().replace('expression', 'constant')}`, s, hx.headers)
    ).text();
    expect(constant).toContain('name="value"');
    expect(constant).not.toContain('name="expression"');
    expect(constant).not.toContain('name="defaultValue"');

    const res = await h.post(
      `${base}/save`,
      { original: 'title', target: 'title', mappingType: 'constant', value: 'Staff ', apply: 'create', matching: 'no' },
      s,
      hx,
    );
    expect(res.status).toBe(200);
    const list = mappingsOf(app(), 'user');
    expect(list[3]).toEqual({ target: 'title', type: 'constant', value: 'Staff ', apply: 'create' });
    // Saved in place: the list is the template's defaults with this one row changed, none added.
    expect(list).toHaveLength(defaultUserMappings('mindtickle').length);
    expect(await res.text()).toContain('<td>Only during object creation</td>');
  });

  it('deletes a mapping, and refuses to delete the required userName mapping', async () => {
    const res = await h.post(`${base}/delete`, { target: 'title' }, s, hx);
    expect(res.status).toBe(200);
    expect(mappingsOf(app(), 'user').map((m) => m.target)).not.toContain('title');
    const refused = await h.post(`${base}/delete`, { target: 'userName' }, s, hx);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toMatch(
      /class="alert alert-error" role="alert">The userName attribute must be mapped/,
    );
    expect(mappingsOf(app(), 'user').map((m) => m.target)).toContain('userName');
  });

  it('moves matching precedence up and down', async () => {
    await h.post(
      `${base}/save`,
      { original: 'externalId', target: 'externalId', mappingType: 'direct', source: 'mailNickname', matching: 'yes' },
      s,
      hx,
    );
    const precedence = () =>
      mappingsOf(app(), 'user')
        .filter((m) => m.matchingPrecedence)
        .map((m) => [m.target, m.matchingPrecedence]);
    expect(precedence()).toEqual([
      ['userName', 1],
      ['externalId', 2],
    ]);
    const html = await (await h.post(`${base}/move?dir=up`, { target: 'externalId' }, s, hx)).text();
    expect(precedence()).toEqual([
      ['userName', 2],
      ['externalId', 1],
    ]);
    expect(html).toContain('aria-label="Move userName up in matching precedence"');
    await h.post(`${base}/move?dir=up`, { target: 'externalId' }, s, hx);
    expect(precedence()).toEqual([
      ['userName', 2],
      ['externalId', 1],
    ]);
    await h.post(`${base}/move?dir=down`, { target: 'externalId' }, s, hx);
    expect(precedence()).toEqual([
      ['userName', 1],
      ['externalId', 2],
    ]);
  });

  it('restores the default mappings', async () => {
    await h.post(`${base}/delete`, { target: 'title' }, s, hx);
    expect(usesDefaultMappings(app(), 'user')).toBe(false);
    const res = await h.post(`${base}/restore`, {}, s, hx);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Default mappings restored.');
    expect(html).toContain('<code>title</code>');
    expect(usesDefaultMappings(app(), 'user')).toBe(true);
    const audit = h.db.select().from(auditLog).where(eq(auditLog.activity, 'mappings.restore_defaults')).all();
    expect(audit).toHaveLength(1);
  });

  it('keeps a change made while provisioning is on in a draft; publishing it asks for the new initial cycle', async () => {
    setProvisioning({ db: h.db, clock: h.deps.clock, secrets: h.secrets }, CLI_ACTOR, appId, true);
    h.db.update(jobs).set({ initialCycleDone: true }).where(eq(jobs.appId, appId)).run();
    expect(await (await h.get(base, s)).text()).toContain('<div id="cycle-notice"></div>');
    const html = await (await h.post(`${base}/delete`, { target: 'title' }, s, hx)).text();
    expect(html).toContain('<div id="cycle-notice" hx-swap-oob="true"></div>');
    expect(html).toContain('Draft — not published: 1 change');
    expect(mappingsOf(app(), 'user').map((m) => m.target)).toContain('title');
    const published = await h.post(`/apps/${appId}/mappings/draft/publish`, { type: 'user' }, s);
    expect(published.status).toBe(303);
    expect(mappingsOf(app(), 'user').map((m) => m.target)).not.toContain('title');
    expect(await (await h.get(base, s)).text()).toContain('A new initial cycle will run');
  });
});

describe('roles', () => {
  it('shows viewers and operators the mappings read-only and refuses their changes', async () => {
    for (const role of ['viewer', 'operator'] as const) {
      const s = await h.signIn(role);
      const html = await (await h.get(base, s)).text();
      expect(html).toContain('<code>userName</code>');
      for (const control of [
        '>Edit</button>',
        '>Delete</button>',
        'Add new mapping',
        'Restore default mappings',
        'Add scoping filter',
        `hx-post="${base}`,
      ]) {
        expect(html, `${role}: ${control}`).not.toContain(control);
      }
      expect(html).toContain('No scoping filters: every user in the application');
      expect(html).toContain('id="expression-tester"');
      for (const [path, fields] of [
        ['save', newMapping({ target: 'nickName', expression: '[mail]' })],
        ['delete', { target: 'title' }],
        ['move?dir=up', { target: 'userName' }],
        ['restore', {}],
        ['scoping', { op: 'save', 'f.0.name': 'x', 'f.0.c.0.attribute': 'department', 'f.0.c.0.operator': 'IS NULL' }],
      ] as const) {
        expect((await h.post(`${base}/${path}`, fields, s, hx)).status, `${role} ${path}`).toBe(403);
      }
      expect((await h.get(`${base}/editor?new=1`, s, hx.headers)).status).toBe(403);
    }
    expect(usesDefaultMappings(app(), 'user')).toBe(true);
    expect(scopingOf(app(), 'user')).toEqual([]);
    expect(h.scheduler.calls.refresh).toEqual([]);
  });

  it('needs the CSRF token for the (harmless) expression tester', async () => {
    const s = await h.signIn('viewer');
    const path = `/apps/${appId}/mappings/test-expression`;
    expect((await h.post(path, { expression: '[mail]' }, s, { csrf: false, ...hx })).status).toBe(403);
    expect((await h.post(path, { expression: '[mail]', testSample: 'mail=a@b' }, s, hx)).status).toBe(200);
  });
});

describe('scoping filters', () => {
  let s: Session;
  beforeEach(async () => {
    s = await h.signIn('admin');
  });
  const path = () => `${base}/scoping`;

  it('builds a filter with add filter / add clause / remove clause, without saving the draft', async () => {
    const added = await (await h.post(path(), { op: 'add-filter' }, s, hx)).text();
    expect(added).toContain('name="f.0.name"');
    expect(added).toContain('name="f.0.c.0.attribute"');
    expect(added).toContain('<option selected="">EQUALS</option>');
    expect(added).toContain('<option data-unary="">IS TRUE</option>');
    expect(added.match(/<option/g)?.length).toBeGreaterThan(14);
    const draft = {
      'f.0.name': 'Sales',
      'f.0.c.0.attribute': 'department',
      'f.0.c.0.operator': 'EQUALS',
      'f.0.c.0.value': 'Sales',
    };
    const two = await (await h.post(path(), { ...draft, op: 'add-clause:0' }, s, hx)).text();
    expect(two).toContain('name="f.0.c.1.operator"');
    expect(two).toContain('value="Sales"');
    const one = await (
      await h.post(
        path(),
        { ...draft, 'f.0.c.1.attribute': 'mail', 'f.0.c.1.operator': 'IS NULL', op: 'remove-clause:0:0' },
        s,
        hx,
      )
    ).text();
    expect(one).not.toContain('name="f.0.c.1.operator"');
    expect(one).toMatch(/<option selected="" data-unary="">IS NULL<\/option>/);
    expect(scopingOf(app(), 'user')).toEqual([]);
    expect(h.scheduler.calls.refresh).toEqual([]);
  });

  it('saves a filter with a clause and lists it', async () => {
    const res = await h.post(
      path(),
      {
        op: 'save',
        'f.0.name': 'Sales only',
        'f.0.c.0.attribute': 'department',
        'f.0.c.0.operator': 'EQUALS',
        'f.0.c.0.value': 'Sales',
      },
      s,
      hx,
    );
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Scoping filters saved.');
    expect(scopingOf(app(), 'user')).toEqual([
      { name: 'Sales only', clauses: [{ attribute: 'department', operator: 'EQUALS', value: 'Sales' }] },
    ]);
    expect(h.scheduler.calls.refresh).toEqual([appId]);
    const viewer = await (await h.get(base, await h.signIn('viewer'))).text();
    expect(viewer).toContain('<h3>Sales only</h3>');
    expect(viewer).toContain('<code>department EQUALS Sales</code>');
  });

  it('ignores the value of a unary operator', async () => {
    const fields = {
      op: 'save',
      'f.0.name': 'Enabled',
      'f.0.c.0.attribute': 'accountEnabled',
      'f.0.c.0.operator': 'IS TRUE',
      'f.0.c.0.value': 'junk',
    };
    expect((await h.post(path(), fields, s, hx)).status).toBe(200);
    expect(scopingOf(app(), 'user')).toEqual([
      { name: 'Enabled', clauses: [{ attribute: 'accountEnabled', operator: 'IS TRUE' }] },
    ]);
    const html = await (await h.get(base, s)).text();
    expect(html).toContain('name="f.0.c.0.value" value=""');
  });

  it('shows a catastrophic regex and a missing name next to their fields and saves nothing', async () => {
    const res = await h.post(
      path(),
      {
        op: 'save',
        'f.0.name': 'Regex',
        'f.0.c.0.attribute': 'mail',
        'f.0.c.0.operator': 'REGEX MATCH',
        'f.0.c.0.value': '(a+)+$',
        'f.1.name': '',
        'f.1.c.0.attribute': 'department',
        'f.1.c.0.operator': 'EQUALS',
        'f.1.c.0.value': 'x',
      },
      s,
      hx,
    );
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toMatch(/id="f-0-c-0-value-error">Regular expression repeats a variable-length group/);
    expect(html).toContain('name="f.0.c.0.value" aria-invalid="true"');
    expect(html).toMatch(/Filter name is required/);
    expect(html).toContain('value="(a+)+$"');
    expect(scopingOf(app(), 'user')).toEqual([]);
  });
});

describe('expression tester', () => {
  let s: Session;
  const path = () => `/apps/${appId}/mappings/test-expression`;
  beforeEach(async () => {
    s = await h.signIn('operator');
  });

  it('shows the output for sample values, [Redact] and "(attribute not sent)"', async () => {
    const out = await h.post(
      path(),
      { expression: EXPRESSION, testSample: 'givenName=Ada\nsurname=Lovelace\n' },
      s,
      hx,
    );
    expect(out.status).toBe(200);
    expect(await out.text()).toContain('Output: <code class="tester-value">Ada LOVELACE</code>');
    const redacted = await (
      await h.post(path(), { expression: 'Redact([mail])', testSample: 'mail=a@b.test' }, s, hx)
    ).text();
    expect(redacted).toContain('<span class="redacted">[Redact]</span>');
    expect(redacted).not.toContain('a@b.test');
    const ignored = await (
      await h.post(path(), { expression: 'IgnoreFlowIfNullOrEmpty([mail])', testSample: 'mail=' }, s, hx)
    ).text();
    expect(ignored).toContain('(attribute not sent)');
    const bool = await (
      await h.post(path(), { expression: 'Not([IsSoftDeleted])', testSample: 'IsSoftDeleted=false' }, s, hx)
    ).text();
    expect(bool).toContain('>True</code>');
  });

  it('evaluates against a directory user picked by UPN, as this app sees them', async () => {
    createUser({ db: h.db, clock: h.deps.clock, onChange: () => {} }, CLI_ACTOR, {
      userPrincipalName: 'ada@contoso.test',
      givenName: 'Ada',
      surname: 'Lovelace',
      department: 'Sales',
    });
    const res = await h.post(path(), { expression: EXPRESSION, testUpn: 'ADA@contoso.test' }, s, hx);
    expect(await res.text()).toContain('>Ada LOVELACE</code>');
    const overridden = await (
      await h.post(
        path(),
        { expression: '[department]', testUpn: 'ada@contoso.test', testSample: 'Department=Legal' },
        s,
        hx,
      )
    ).text();
    expect(overridden).toContain('>Legal</code>');
    // Not assigned, and the app syncs only assigned users: out of scope, so soft-deleted.
    const active = await (
      await h.post(path(), { expression: 'Not([IsSoftDeleted])', testUpn: 'ada@contoso.test' }, s, hx)
    ).text();
    expect(active).toContain('>False</code>');
    const unknown = await h.post(path(), { expression: EXPRESSION, testUpn: 'ghost@contoso.test' }, s, hx);
    expect(unknown.status).toBe(422);
    expect(await unknown.text()).toContain('No directory user has the UPN &quot;ghost@contoso.test&quot;');
  });

  it('shows the positioned error for a bad expression or a bad sample line', async () => {
    const res = await h.post(path(), { expression: 'ToUpper([mail]', testSample: 'mail=x' }, s, hx);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('Expected &quot;,&quot; or &quot;)&quot; but found end of expression at column 15');
    expect(html).toContain(`<code>ToUpper([mail]\n${' '.repeat(14)}^</code>`);
    const sample = await (await h.post(path(), { expression: '[mail]', testSample: 'mail=x\nnonsense' }, s, hx)).text();
    expect(sample).toContain('Sample line 2: write name=value');
  });
});
