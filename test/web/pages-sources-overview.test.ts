/**
 * Sources beside applications (issue 14): a source created through the API pushes a user through /scim/v2;
 * the overview shows its card (owned objects, 24-hour inbound counts, last change, a link to its log rows),
 * the logs page filtered to it names the source where it would name an application, and the reports and their
 * CSV list it beside applications.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/auth/accounts';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { systemClock } from '../../src/kernel/clock';
import { type PagesHarness, pagesHarness, type Session } from './pages-harness';

let h: PagesHarness;
let s: Session;

beforeEach(async () => {
  h = await pagesHarness();
  s = await h.signIn('admin');
});

async function json(method: string, path: string, token: string, body?: unknown, type = 'application/json') {
  const res = await h.app.request(path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': type }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function sourceWithUser(name: string) {
  const admin = createApiToken(h.db, systemClock, CLI_ACTOR, { name: 'admin', role: 'admin' }).token;
  const created = await json('POST', '/api/v1/sources', admin, { type: 'scim', name });
  expect(created.status).toBe(201);
  const id = String(created.body.id);
  const token = String(created.body.token);
  const user = await json(
    'POST',
    '/scim/v2/Users',
    token,
    {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: 'ada@example.com',
      externalId: 'ada-1',
      displayName: 'Ada Lovelace',
      name: { givenName: 'Ada', familyName: 'Lovelace' },
      active: true,
    },
    'application/scim+json',
  );
  expect(user.status).toBe(201);
  return { id, userId: String(user.body.id) };
}

describe('directory sources on the overview and in the logs', () => {
  it('shows a card per source with what it owns, its 24-hour inbound counts and a link to its log rows', async () => {
    const { id } = await sourceWithUser('Upstream HR');
    const html = await (await h.get('/', s)).text();
    expect(html).toContain('Directory sources');
    const card = html.slice(html.indexOf(`id="source-${id}"`));
    expect(card).toContain('Upstream HR');
    expect(card).toContain('SCIM 2.0 inbound');
    expect(card).toMatch(/class="source-users">1</);
    expect(card).toMatch(/class="source-groups">0</);
    expect(card).toMatch(/class="source-created">1</);
    expect(card).toMatch(/class="source-failed">0</);
    expect(card).toMatch(/<time datetime="\d{4}-/);
    expect(card).toContain(`href="/logs?appId=source%3A${id}&amp;range=24h"`);
  });

  it('leaves the section out when there are no sources', async () => {
    const html = await (await h.get('/', s)).text();
    expect(html).not.toContain('Directory sources');
  });

  it('the logs page filtered to the source shows its row under the source name, and offers it in the filter', async () => {
    const { id } = await sourceWithUser('Upstream HR');
    const res = await h.get(`/logs?appId=source%3A${id}&range=24h`, s);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Ada Lovelace');
    // Source system is a default column; the opt-in Application column and the filter name the source too.
    expect(html).toContain('<td>Upstream HR</td>');
    expect(html).toContain('<td>Provisio directory</td>');
    expect(html).toContain('Upstream HR (source)');
    expect(html).toMatch(new RegExp(`<option[^>]*value="source:${id}"[^>]*selected`));
  });

  it('the reports list the source beside applications, filter to it, and the CSV carries it the same way', async () => {
    const { id } = await sourceWithUser('Upstream HR');
    const page = await (await h.get('/reports?range=24h', s)).text();
    expect(page).toMatch(new RegExp(`<option[^>]*value="source:${id}"[^>]*>Upstream HR \\(source\\)`));
    expect(page).toContain('Upstream HR (source)');
    const csv = await (await h.get('/reports/export/apps?range=24h', s)).text();
    expect(csv).toContain('Upstream HR (source),1,0,0,0,100,0,,0');
    // Filtered to the source, the action series counts its inbound create (the rollups are fed by the log trigger).
    const actions = await (await h.get(`/reports/export/actions?range=24h&appId=source%3A${id}`, s)).text();
    const [head, ...lines] = actions.trim().split('\n');
    const col = (head ?? '').split(',').indexOf('Create');
    expect(lines.reduce((sum, l) => sum + Number(l.split(',')[col] ?? 0), 0)).toBe(1);
    const filtered = await (await h.get(`/reports/export/apps?range=24h&appId=source%3A${id}`, s)).text();
    expect(filtered.trim().split('\n')).toHaveLength(2);
  });
});
