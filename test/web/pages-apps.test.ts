import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applications, auditLog, cycles } from '../../db/schema';
import { createApplication, getApplication } from '../../src/apps/applications';
import { assignPrincipal, listAssignments } from '../../src/apps/assignments';
import { createUser } from '../../src/directory/users';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { ConflictError } from '../../src/kernel/errors';
import { cspViolations, type PagesHarness, pagesHarness, type Session } from './pages-harness';

let h: PagesHarness;
beforeEach(async () => {
  h = await pagesHarness();
});

const SECRET = 'super-secret-token-value-123';

function newApp(extra: Record<string, unknown> = {}) {
  return createApplication({ db: h.db, clock: h.deps.clock, secrets: h.secrets }, CLI_ACTOR, {
    name: 'MindTickle',
    template: 'mindtickle',
    secretToken: SECRET,
    ...extra,
  });
}

const hx = { 'hx-request': 'true' };

describe('creating an application', () => {
  it('shows the https error next to the Tenant URL field and creates nothing', async () => {
    const s = await h.signIn('admin');
    const res = await h.post(
      '/apps',
      { name: 'Local test', template: 'scim', tenantUrl: 'http://127.0.0.1:9/scim' },
      s,
    );
    expect(res.status).toBe(400);
    const html = await res.text();
    const field = /<div class="field has-error"><label for="tenantUrl">[\s\S]*?<\/div>/.exec(html)?.[0] ?? '';
    expect(field).toContain('aria-invalid="true"');
    expect(field).toContain('value="http://127.0.0.1:9/scim"');
    expect(field).toMatch(/<p class="field-error" id="tenantUrl-error">must use https:\/\//);
    expect(html).toContain('value="Local test"');
    expect(h.db.select().from(applications).all()).toEqual([]);
  });

  it('creates the app (http allowed on request) and redirects to its page', async () => {
    const s = await h.signIn('admin');
    const res = await h.post(
      '/apps',
      {
        name: 'Local test',
        template: 'scim',
        tenantUrl: 'http://127.0.0.1:9/scim',
        allowHttp: 'on',
        secretToken: SECRET,
        scope: 'all',
      },
      s,
    );
    expect(res.status).toBe(303);
    const [row] = h.db.select().from(applications).all();
    expect(row?.allowHttp).toBe(true);
    expect(row?.scope).toBe('all');
    expect(res.headers.get('location')).toBe(`/apps/${row?.id}?notice=created`);
    expect(h.scheduler.calls.refresh).toEqual([row?.id]);
    const page = await (await h.get(`/apps/${row?.id}?notice=created`, s)).text();
    expect(page).toContain('Application created.');
    expect(page).toContain('Plain http is allowed for this application');
  });

  it('defaults the MindTickle Tenant URL and is admin-only', async () => {
    const admin = await h.signIn('admin');
    const form = await (await h.get('/apps/new', admin)).text();
    expect(form).toContain('value="https://admin.mindtickle.com/scim"');
    expect(form).toContain('type="password"');
    const operator = await h.signIn('operator');
    expect((await h.get('/apps/new', operator)).status).toBe(403);
    expect((await h.post('/apps', { name: 'x', template: 'scim' }, operator)).status).toBe(403);
  });
});

describe('the application page', () => {
  it('never renders the stored Secret Token, and says one is stored', async () => {
    const app = newApp();
    const s = await h.signIn('admin');
    const html = await (await h.get(`/apps/${app.id}`, s)).text();
    expect(html).not.toContain(SECRET);
    expect(html).not.toContain(app.secretTokenEnc ?? 'x');
    expect(html).toContain('placeholder="A token is stored; type to replace it"');
    expect(html).toContain(`href="/logs?appId=${app.id}"`);
    expect(cspViolations(html)).toEqual([]);
  });

  it('shows admins the Save, On/Off and assignment controls', async () => {
    const app = newApp();
    const html = await (await h.get(`/apps/${app.id}`, await h.signIn('admin'))).text();
    expect(html).toContain('>Save</button>');
    expect(html).toContain('name="status" value="on"');
    expect(html).toContain('id="assign-form"');
    expect(html).toContain('Run cycle now');
    expect(html).toContain('Test Connection');
  });

  it('shows viewers read-only values and no buttons; their posts are refused', async () => {
    const app = newApp({ notificationEmail: 'ops@example.test' });
    const s = await h.signIn('viewer');
    const html = await (await h.get(`/apps/${app.id}`, s)).text();
    expect(html).toContain('ops@example.test');
    expect(html).toContain('Provisioning Status: <strong>Off</strong>');
    for (const control of [
      '>Save</button>',
      'Run cycle now',
      'Test Connection',
      'id="assign-form"',
      'name="status" value="on"',
      '<input type="password"',
    ]) {
      expect(html, control).not.toContain(control);
    }
    expect((await h.post(`/apps/${app.id}/settings`, { scope: 'all' }, s)).status).toBe(403);
    expect((await h.post(`/apps/${app.id}/run`, {}, s)).status).toBe(403);
    expect((await h.post(`/apps/${app.id}/provisioning`, { status: 'on' }, s)).status).toBe(403);
    expect((await h.post(`/apps/${app.id}/test-connection`, {}, s)).status).toBe(403);
    expect(getApplication(h.db, app.id).scope).toBe('assigned');
    expect(h.scheduler.calls.runNow).toEqual([]);
  });

  it('lets operators run cycles and test the connection, not change settings', async () => {
    const app = newApp();
    const s = await h.signIn('operator');
    const html = await (await h.get(`/apps/${app.id}`, s)).text();
    expect(html).toContain('Run cycle now');
    expect(html).toContain('Test Connection');
    expect(html).not.toContain('>Save</button>');
    expect(html).not.toContain('id="assign-form"');
    expect((await h.post(`/apps/${app.id}/settings`, { scope: 'all' }, s)).status).toBe(403);
    expect((await h.post(`/apps/${app.id}/run`, {}, s)).status).toBe(303);
    expect(h.scheduler.calls.runNow).toHaveLength(1);
  });
});

describe('settings and provisioning status', () => {
  let s: Session;
  beforeEach(async () => {
    s = await h.signIn('admin');
  });

  it('saves settings, keeps the stored token when the field is empty, and refreshes the schedule', async () => {
    const app = newApp();
    const res = await h.post(
      `/apps/${app.id}/settings`,
      {
        tenantUrl: 'https://t.example/scim',
        secretToken: '',
        scope: 'all',
        notificationEmail: 'a@example.test',
        schedule: '*/10 * * * *',
        maxConcurrency: '8',
      },
      s,
    );
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/apps/${app.id}?notice=saved#provisioning`);
    const saved = getApplication(h.db, app.id);
    expect(saved).toMatchObject({
      tenantUrl: 'https://t.example/scim',
      scope: 'all',
      schedule: '*/10 * * * *',
      maxConcurrency: 8,
      allowHttp: false,
    });
    expect(saved.secretTokenEnc).toBe(app.secretTokenEnc);
    expect(h.scheduler.calls.refresh).toEqual([app.id]);
  });

  it('shows a bad cron expression next to the Schedule field and keeps the typed values', async () => {
    const app = newApp();
    const res = await h.post(
      `/apps/${app.id}/settings`,
      { tenantUrl: 'https://t.example/scim', scope: 'assigned', schedule: 'every minute', maxConcurrency: '4' },
      s,
    );
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toMatch(/id="schedule-error">&quot;every minute&quot; is not a cron schedule: it needs five fields/);
    expect(html).toContain('value="every minute"');
    expect(getApplication(h.db, app.id).schedule).toBe('*/5 * * * *');
  });

  it('refuses to turn provisioning on before the app is configured, then turns it on', async () => {
    const bare = newApp({ template: 'scim', secretToken: undefined });
    const refused = await h.post(`/apps/${bare.id}/provisioning`, { status: 'on' }, s);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('Set the Tenant URL and Secret Token before turning provisioning on');

    const app = newApp();
    const res = await h.post(`/apps/${app.id}/provisioning`, { status: 'on' }, s);
    expect(res.status).toBe(303);
    expect(getApplication(h.db, app.id).provisioningEnabled).toBe(true);
    const html = await (await h.get(`/apps/${app.id}`, s)).text();
    expect(html).toContain('name="status" value="on" aria-pressed="true"');
  });
});

describe('assignments', () => {
  it('assigns by UPN or email, shows an unknown UPN next to the field, and removes', async () => {
    const app = newApp();
    const dir = { db: h.db, clock: h.deps.clock, onChange: () => {} };
    const alice = createUser(dir, CLI_ACTOR, {
      userPrincipalName: 'alice@contoso.test',
      mail: 'alice.smith@contoso.test',
      displayName: 'Alice Smith',
    });
    const s = await h.signIn('admin');

    const unknown = await h.post(`/apps/${app.id}/assignments`, { upn: 'ghost@contoso.test', role: 'User' }, s);
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toMatch(
      /id="pick-error">No directory user has the UPN or email &quot;ghost@contoso.test&quot;/,
    );

    const byMail = await h.post(
      `/apps/${app.id}/assignments`,
      { upn: 'ALICE.SMITH@contoso.test', role: 'Default Access' },
      s,
    );
    expect(byMail.status).toBe(303);
    expect(listAssignments(h.db, app.id).map((a) => [a.userPrincipalName, a.role])).toEqual([
      ['alice@contoso.test', 'Default Access'],
    ]);
    const byUpn = await h.post(`/apps/${app.id}/assignments`, { upn: 'alice@contoso.test', role: 'User' }, s);
    expect(byUpn.status).toBe(303);
    expect(listAssignments(h.db, app.id).map((a) => a.role)).toEqual(['User']);
    expect(h.scheduler.calls.nudge.flat().map((c) => c.kind)).toEqual(['assign', 'assign']);

    const page = await (await h.get(`/apps/${app.id}`, s)).text();
    expect(page).toContain('Alice Smith');
    expect(page).toContain(`action="/apps/${app.id}/assignments/${alice.id}/remove" data-confirm=`);

    const removed = await h.post(`/apps/${app.id}/assignments/${alice.id}/remove`, {}, s);
    expect(removed.status).toBe(303);
    expect(listAssignments(h.db, app.id)).toEqual([]);
  });
});

describe('Test Connection', () => {
  let server: http.Server;
  let base: string;
  let answer: { status: number; body: unknown };
  const seen: { auth: string | undefined; url: string | undefined }[] = [];

  beforeEach(async () => {
    seen.length = 0;
    answer = {
      status: 200,
      body: {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
        totalResults: 0,
        Resources: [],
        startIndex: 1,
        itemsPerPage: 0,
      },
    };
    server = http.createServer((req, res) => {
      seen.push({ auth: req.headers.authorization, url: req.url });
      res.writeHead(answer.status, { 'content-type': 'application/scim+json' });
      res.end(JSON.stringify(answer.body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/scim`;
  });
  afterEach(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  function audit() {
    return h.db.select().from(auditLog).where(eq(auditLog.activity, 'application.test_connection')).all();
  }

  it('reports success in place and audits it', async () => {
    const app = newApp({ template: 'scim', tenantUrl: base, allowHttp: true });
    const s = await h.signIn('operator');
    const res = await h.post(`/apps/${app.id}/test-connection`, {}, s, { headers: hx });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).not.toContain('<html');
    expect(html).toContain('The supplied credentials are authorized to enable provisioning');
    // The test query, then /Schemas for the target's attribute types (read once the connection works).
    expect(seen).toHaveLength(2);
    expect(seen[0]?.auth).toBe(`Bearer ${SECRET}`);
    expect(decodeURIComponent(seen[0]?.url ?? '')).toMatch(/^\/scim\/Users\?.*filter=userName eq "/);
    expect(seen[1]?.url).toBe('/scim/Schemas');
    expect(audit().map((r) => [r.result, r.actorName, r.targetId])).toEqual([['success', h.emails.operator, app.id]]);
    expect(audit()[0]?.after).not.toContain(SECRET);
  });

  it('reports a refused token in place and audits the failure', async () => {
    answer = {
      status: 401,
      body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '401', detail: 'bad token' },
    };
    const app = newApp({ template: 'scim', tenantUrl: base, allowHttp: true });
    const s = await h.signIn('admin');
    const res = await h.post(`/apps/${app.id}/test-connection`, {}, s, { headers: hx });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('Test connection failed');
    expect(audit().map((r) => r.result)).toEqual(['failure']);
  });

  it('answers the whole page, with the result, to a plain form post', async () => {
    const app = newApp({ template: 'scim', tenantUrl: base, allowHttp: true });
    const s = await h.signIn('admin');
    const res = await h.post(`/apps/${app.id}/test-connection`, {}, s);
    const html = await res.text();
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('The supplied credentials are authorized');
  });
});

describe('live status card', () => {
  function insertCycle(
    appId: string,
    jobId: string,
    status: 'running' | 'succeeded',
    processed: number,
    total: number,
  ) {
    h.db
      .insert(cycles)
      .values({
        id: 'c1',
        appId,
        jobId,
        type: 'initial',
        status,
        initiatedBy: 'test',
        startedAt: Date.now() - 5000,
        total,
        processed,
        created: processed,
      })
      .onConflictDoUpdate({
        target: cycles.id,
        set: { status, processed, created: processed, endedAt: status === 'running' ? null : Date.now() },
      })
      .run();
  }

  it('polls itself while a cycle runs and stops (telling the page) when it ends', async () => {
    const app = newApp();
    const s = await h.signIn('viewer');
    insertCycle(app.id, app.jobId, 'running', 3, 10);
    const running = await h.get(`/apps/${app.id}/status-card?variant=app`, s, hx);
    const html = await running.text();
    expect(running.status).toBe(200);
    expect(html).not.toContain('<html');
    expect(html).toContain('hx-trigger="load delay:1s"');
    expect(html).toContain(`hx-get="/apps/${app.id}/status-card?variant=app&amp;was=running"`);
    expect(html).toContain('<progress value="3" max="10"');
    expect(html).toMatch(/<span class="processed">3<\/span> \/ <span class="total">10<\/span>/);
    expect(running.headers.get('hx-trigger')).toBeNull();

    insertCycle(app.id, app.jobId, 'succeeded', 10, 10);
    const done = await h.get(`/apps/${app.id}/status-card?variant=app&was=running`, s, hx);
    const doneHtml = await done.text();
    expect(doneHtml).not.toContain('hx-trigger');
    // The poll that sees the end shows the finished bar once (issue 8: the bar visibly reaches 100 %).
    expect(doneHtml).toContain('<progress value="10" max="10"');
    expect(doneHtml).toContain('Last cycle');
    const later = await (await h.get(`/apps/${app.id}/status-card?variant=app`, s, hx)).text();
    expect(later).not.toContain('<progress');
    expect(doneHtml).toContain(`/logs?appId=${app.id}&amp;cycleId=c1`);
    expect(done.headers.get('hx-trigger')).toBe('cycle-finished');

    const plain = await h.get(`/apps/${app.id}/status-card`, s);
    expect(plain.status).toBe(303);
    expect(plain.headers.get('location')).toBe(`/apps/${app.id}`);
  });

  it('shows a conflict inside the card when a cycle is already running', async () => {
    const app = newApp();
    h.scheduler.runNowError = new ConflictError('cycle_running', 'A cycle is already running for this application');
    const s = await h.signIn('operator');
    const res = await h.post(`/apps/${app.id}/run`, { variant: 'overview' }, s, { headers: hx });
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toContain('class="card status-card');
    expect(html).toContain('A cycle is already running for this application');
    const runs = h.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.activity, 'cycle.run_now')))
      .all();
    expect(runs).toEqual([]);
  });
});

describe('overview', () => {
  it('shows one card per application, escaped names, and New application for admins only', async () => {
    newApp({ name: '<script>alert(1)</script>' });
    newApp({ name: 'Second', template: 'scim', secretToken: undefined });
    const admin = await (await h.get('/', await h.signIn('admin'))).text();
    expect(admin.match(/class="card status-card/g)).toHaveLength(2);
    expect(admin).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(admin).not.toContain('<script>alert(1)');
    expect(admin).toContain('href="/apps/new"');
    expect(admin).toContain('Not configured');
    expect(admin).toContain('Paused');
    expect(cspViolations(admin)).toEqual([]);
    const viewer = await (await h.get('/', await h.signIn('viewer'))).text();
    expect(viewer).not.toContain('href="/apps/new"');
    expect(viewer).not.toContain('Run cycle now');
  });
});

describe('a long assignment list', () => {
  it('shows 50 at a time with a search, on the page and in the API', async () => {
    const app = newApp();
    const dir = { db: h.db, clock: h.deps.clock, onChange: () => {} };
    for (let i = 0; i < 120; i++) {
      const u = createUser(dir, CLI_ACTOR, {
        userPrincipalName: `user${String(i).padStart(3, '0')}@contoso.test`,
        displayName: i === 7 ? 'Zed 100%_Special' : `User ${i}`,
      });
      assignPrincipal(dir, CLI_ACTOR, app.id, { principalId: u.id, role: 'User' });
    }
    const s = await h.signIn('viewer');
    const first = await (await h.get(`/apps/${app.id}`, s)).text();
    expect(first).toContain('1–50 of 120');
    expect(first).toContain('user049@contoso.test');
    expect(first).not.toContain('user050@contoso.test');
    expect(first).toContain(`href="/apps/${app.id}?aoffset=50#users"`);
    const third = await (await h.get(`/apps/${app.id}?aoffset=100`, s)).text();
    expect(third).toContain('101–120 of 120');
    expect(third).toContain('user119@contoso.test');
    // % and _ are text, not LIKE wildcards
    const found = await (await h.get(`/apps/${app.id}?aq=${encodeURIComponent('100%_')}`, s)).text();
    expect(found).toContain('1–1 of 1');
    expect(found).toContain('user007@contoso.test');

    const api = await h.get(`/api/v1/applications/${app.id}/assignments?limit=100`, s);
    const page1 = (await api.json()) as { items: unknown[]; nextCursor: string | null };
    expect(page1.items).toHaveLength(100);
    const api2 = await h.get(`/api/v1/applications/${app.id}/assignments?limit=100&cursor=${page1.nextCursor}`, s);
    expect(((await api2.json()) as { items: unknown[]; nextCursor: null }).items).toHaveLength(20);
    const bad = await h.get(`/api/v1/applications/${app.id}/assignments?limit=0`, s);
    expect(bad.status).toBe(400);
  });
});
