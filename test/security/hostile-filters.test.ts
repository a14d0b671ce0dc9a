/**
 * SQL-ish, FTS-syntax and regex-bomb input in every filter: a 400 or a (possibly empty) answer, never a 500
 * and never slow. The GET routes come from the app's route table, so a new list or search is covered too.
 */
import { describe, expect, it } from 'vitest';
import { createUser } from '../../src/directory/users';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { securityHarness } from './harness';

const h = await securityHarness();
for (let i = 0; i < 30; i++) {
  createUser(h.dir, CLI_ACTOR, {
    userPrincipalName: `user${i}@example.test`,
    displayName: `User ${i} Aaaaaaaaaaaaaaaaaaaa`,
  });
}
const b = await h.signIn('admin');

const HOSTILE = [
  "' OR '1'='1",
  '"; DROP TABLE users; --',
  "%' UNION SELECT password_hash FROM accounts --",
  '%_%',
  '\\',
  '"unbalanced',
  'NEAR(a b',
  'a OR AND NOT *',
  '(a+)+$',
  `${'('.repeat(2000)}a${')'.repeat(2000)}`,
  `${'a'.repeat(5000)}!`,
  '\u0000\u202e',
];

/** Query parameter names the app's lists and searches use (unknown ones are ignored by the routes). */
const PARAMS = [
  'q',
  'filter',
  '$filter',
  '$search',
  '$orderby',
  '$top',
  '$skiptoken',
  'status',
  'action',
  'identity',
  'appId',
  'cycleId',
  'jobId',
  'changeId',
  'errorCode',
  'from',
  'to',
  'sort',
  'cursor',
  'limit',
  'activity',
  'actor',
  'result',
];

const getRoutes = h.app.routes
  .filter((r) => r.method === 'GET' && !r.path.includes(':') && !r.path.includes('*'))
  .map((r) => r.path)
  .filter((p, i, all) => all.indexOf(p) === i && !/^\/(static|favicon|healthz|login|metrics)/.test(p));

const SLOW_MS = 1500;

describe('hostile filter input', () => {
  it('covers the lists and searches of the route table', () => {
    expect(getRoutes).toEqual(
      expect.arrayContaining([
        '/api/v1/directory/users',
        '/api/v1/provisioning-logs',
        '/logs',
        '/directory/users',
        '/api/v1/auditLogs/provisioning',
      ]),
    );
  });

  it.each(getRoutes)('%s answers 2xx/3xx/4xx quickly for every hostile value in every filter', async (path) => {
    const api = path.startsWith('/api/');
    for (const param of PARAMS) {
      for (const value of HOSTILE) {
        const url = `${path}?${new URLSearchParams({ [param]: value })}`;
        const started = performance.now();
        const res = await h.app.request(url, {
          headers: api ? { authorization: `Bearer ${h.tokens.admin}` } : { cookie: b.cookie },
        });
        const ms = performance.now() - started;
        expect(res.status, `${url.slice(0, 120)} → ${res.status}`).toBeLessThan(500);
        expect(ms, `${url.slice(0, 120)} took ${Math.round(ms)} ms`).toBeLessThan(SLOW_MS);
        await res.arrayBuffer();
      }
    }
  });

  it.each([
    "userPrincipalName eq 'x' or 1 eq 1",
    "startswith(userPrincipalName, '%')",
    "contains(errorReason, ''')",
    `${'('.repeat(500)}status eq 'failure'${')'.repeat(500)}`,
    'activityDateTime ge 2026-01-01T00:00:00Z; DROP TABLE provisioning_log',
    `status eq 'failure'${" or status eq 'failure'".repeat(400)}`,
  ])('Graph $filter %j is refused (400) or answered, never a 500', async (filter) => {
    const started = performance.now();
    const res = await h.api(
      'GET',
      `/api/v1/auditLogs/provisioning?${new URLSearchParams({ $filter: filter })}`,
      h.tokens.viewer,
    );
    expect([200, 400]).toContain(res.status);
    expect(performance.now() - started).toBeLessThan(SLOW_MS);
  });

  it('the built-in sandbox SCIM app answers hostile SCIM filters with 400 or a list, quickly', async () => {
    const filters = [
      ...HOSTILE,
      'userName eq "a" or 1 eq 1',
      'userName co "%"',
      `userName eq "${'\\'.repeat(1000)}"`,
      'emails[type eq "work" and value co "@"',
    ];
    for (const filter of filters) {
      const started = performance.now();
      const res = await h.app.request(`/sandbox/scim/v2/Users?${new URLSearchParams({ filter })}`, {
        headers: { authorization: `Bearer ${h.sandboxToken}` },
      });
      expect(res.status, filter.slice(0, 60)).toBeLessThan(500);
      expect(performance.now() - started).toBeLessThan(SLOW_MS);
    }
  });

  it('refuses a catastrophic regex in a scoping filter and in the expression tester, quickly', async () => {
    const app = await h.api('POST', '/api/v1/applications', h.tokens.admin, {
      name: 'A',
      template: 'scim',
      tenantUrl: 'https://scim.example/scim',
    });
    const { id } = (await app.json()) as { id: string };
    const started = performance.now();
    const scoping = await h.api('PUT', `/api/v1/applications/${id}/scoping/user`, h.tokens.admin, {
      items: [{ name: 'bomb', clauses: [{ attribute: 'displayName', operator: 'REGEX MATCH', value: '^(a+)+$' }] }],
    });
    expect(scoping.status).toBe(400);
    expect(await scoping.text()).toMatch(/nested|backtrack|exponential|repeat/i);
    const tester = await h.api('POST', '/api/v1/expressions/evaluate', h.tokens.viewer, {
      expression: 'Replace([displayName], , "^(a+)+$", , "x", , )',
      sample: { displayName: `${'a'.repeat(40)}!` },
    });
    expect(tester.status).toBe(400);
    expect(await tester.text()).toContain('cannot use the regular expression');
    expect(performance.now() - started).toBeLessThan(SLOW_MS);
  });
});

describe('issue 12: filters that overflowed the stack, prototype keys, date edges', () => {
  const graph = (filter: string) =>
    h.api('GET', `/api/v1/auditLogs/provisioning?${new URLSearchParams({ $filter: filter })}`, h.tokens.viewer);

  it.each<[string, string, RegExp]>([
    [
      '1,000 or terms',
      `provisioningStatusInfo/status eq 'failure'${" or provisioningStatusInfo/status eq 'failure'".repeat(1000)}`,
      /position 4601: more than 100 comparisons/,
    ],
    [
      '7,000 nested parentheses',
      `${'('.repeat(7000)}jobId eq 'x'${')'.repeat(7000)}`,
      /position 21: parentheses nest deeper than 20 levels/,
    ],
    [
      '7,000 nested tolower()',
      `${'tolower('.repeat(7000)}jobId${')'.repeat(7000)} eq 'x'`,
      /position 168: parentheses nest deeper/,
    ],
  ])('a $filter with %s answers 400 with the position', async (_what, filter, message) => {
    const res = await graph(filter);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(message);
  });

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])(
    '$filter on the property %s is an unknown property (400), not Object.prototype',
    async (name) => {
      const res = await graph(`${name} eq 'x'`);
      expect(res.status).toBe(400);
      expect(await res.text()).toContain(`unknown property \\"${name}\\"`);
    },
  );

  it.each(['constructor', '__proto__', 'toString', 'valueOf'])('/static/%s is a 404', async (name) => {
    expect((await h.get(`/static/${name}`)).status).toBe(404);
  });

  it.each(['constructor', '__proto__', 'toString'])('/logs?range=%s answers 400 naming the range', async (range) => {
    const res = await h.get(`/logs?range=${range}`, b);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('&quot;range&quot; must be 24h, 7d, 30d or custom');
  });

  it.each([
    ['/settings/accounts?done=constructor'],
    ['/account?done=constructor'],
    ['/directory/groups?done=__proto__'],
    ['/directory/groups?done=toString'],
  ])('%s shows no notice (a prototype key is no notice text)', async (path) => {
    const res = await h.get(path, b);
    expect(res.status).toBe(200);
    expect(await res.text()).not.toContain('role="status"');
  });

  it.each([
    ['/logs?from=%2B275760-09-13T00:00&tz=840', '&quot;from&quot; is not a date and time'],
    ['/logs?range=custom&to=-271821-04-20T00:00&tz=-840', '&quot;to&quot; is not a date and time'],
    ['/reports?range=custom&from=2026-01-01&to=2026-13-45', 'must be a date'],
  ])('%s (a date that leaves the Date range once shifted) answers 400', async (path, message) => {
    const res = await h.get(path, b);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain(message);
  });
});
