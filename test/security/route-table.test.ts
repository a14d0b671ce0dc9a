/**
 * Every route in the app's own route table (app.routes, so a new route cannot be forgotten) is checked:
 * 401 without credentials, 403 for the role just below the one it needs, and the role it needs matches the
 * rules (viewer reads; operator runs cycles, on-demand, retries, allow-deletes; admin changes configuration).
 */
import { describe, expect, it } from 'vitest';
import { hasRole } from '../../src/auth/roles';
import { ROLES, type Role } from '../../src/kernel/actor';
import { securityHarness } from './harness';

const h = await securityHarness();

/** Reachable without signing in, on purpose. */
const PUBLIC = new Set([
  'GET /healthz',
  'GET /static/:name',
  'GET /favicon.ico',
  'GET /login',
  'POST /login',
  'POST /logout',
]);

/** Writes any signed-in person may make: they change only their own things, or nothing at all. */
const SELF_SERVICE: Record<string, string> = {
  'POST /logs/columns': 'saves the caller’s own column choice',
  'POST /api/v1/expressions/evaluate': 'evaluates an expression; stores nothing',
  'POST /apps/:id/mappings/test-expression': 'evaluates an expression; stores nothing',
  'POST /account/password': 'changes the caller’s own password (current one required)',
  'POST /account/sessions/revoke-all': 'ends the caller’s own sessions',
  'POST /account/sessions/:id/revoke': 'ends one of the caller’s own sessions',
};

/**
 * Operator actions: runs (cycles, source syncs, dry runs and applying their plan, on-demand), retries, allow deletes,
 * Test Connection, drift reports (and cancelling a running dry run or report) and acting on one drift finding (like on-demand, for one object). Every
 * other write is configuration (admin) — including stop and restart, which change a job's state.
 */
const OPERATOR_ACTION = [
  /\/(run|cycles|syncs|test-connection|test-mail|retry|allow-deletes)$/,
  /\/on-demand(\/.+)?$/,
  /\/dry-runs(\/:planId\/(apply|discard|cancel))?$/,
  /\/drift(-reports)?(\/:reportId\/cancel)?$/,
  /\/drift\/:reportId\/:seq\/:action$/,
  /\/drift-reports\/:reportId\/findings\/:seq\/:action$/,
];
const isOperatorAction = (path: string) => OPERATOR_ACTION.some((re) => re.test(path));

interface RouteInfo {
  method: string;
  path: string;
  role: Role | null;
}

function routeTable(): RouteInfo[] {
  const byKey = new Map<string, RouteInfo>();
  for (const r of h.app.routes) {
    if (r.method === 'ALL' || r.path.includes('*')) continue;
    const key = `${r.method} ${r.path}`;
    const info = byKey.get(key) ?? { method: r.method, path: r.path, role: null };
    const needed = (r.handler as { requiredRole?: Role }).requiredRole;
    if (needed && (!info.role || hasRole(needed, info.role))) info.role = needed;
    byKey.set(key, info);
  }
  return [...byKey.values()];
}

const routes = routeTable();
// The sandbox is somebody else's SCIM app with its own bearer token, and the SCIM inbound endpoint answers to
// a source's token only (issue 14): both are checked separately below.
const ownToken = (path: string) => path.startsWith('/sandbox/') || path.startsWith('/scim/v2/');
const sandbox = routes.filter((r) => ownToken(r.path));
const guarded = routes.filter((r) => !PUBLIC.has(`${r.method} ${r.path}`) && !ownToken(r.path));
const concrete = (path: string) => path.replace(/:[A-Za-z]+(\{[^}]*\})?/g, 'x1');
const below = (role: Role): Role => ROLES[ROLES.indexOf(role) + 1] ?? 'viewer';

function call(r: RouteInfo, headers: Record<string, string>) {
  const hasBody = r.method !== 'GET' && r.method !== 'HEAD';
  return h.app.request(concrete(r.path), {
    method: r.method,
    headers: { ...headers, ...(hasBody ? { 'content-type': 'application/json' } : {}) },
    body: hasBody ? '{}' : undefined,
  });
}

describe('route table', () => {
  it('is read from the app (and has the routes this suite knows about)', () => {
    expect(guarded.length).toBeGreaterThan(50);
    expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining([...PUBLIC, 'GET /settings/accounts', 'GET /metrics']),
    );
    expect(sandbox.length).toBeGreaterThan(3);
  });

  it.each(sandbox.map((r) => [`${r.method} ${r.path}`, r] as const))(
    '%s (sandbox, SCIM inbound) refuses no token and ours',
    async (_k, r) => {
      for (const headers of [{}, { authorization: `Bearer ${h.tokens.admin}` }] as Record<string, string>[]) {
        expect((await call(r, headers)).status).toBe(401);
      }
    },
  );

  it.each(guarded.map((r) => [`${r.method} ${r.path}`, r] as const))('%s needs credentials (401)', async (_k, r) => {
    const api = r.path.startsWith('/api/');
    // Pages answer a plain browser with a redirect to the sign-in page, and htmx with 401 + HX-Redirect.
    const res = await call(r, api ? {} : { 'hx-request': 'true' });
    expect(res.status).toBe(401);
    if (!api) {
      const plain = await call(r, {});
      expect(plain.status).toBe(303);
      expect(plain.headers.get('location')).toMatch(/^\/login\?next=/);
    }
    const bogus = await call(r, { authorization: 'Bearer pvs_not-a-real-token' });
    expect(bogus.status).toBe(401);
  });

  it.each(guarded.map((r) => [`${r.method} ${r.path}`, r] as const))('%s needs the right role', async (key, r) => {
    const write = r.method !== 'GET' && r.method !== 'HEAD';
    if (write && key in SELF_SERVICE) {
      expect(r.role, `${key} is self-service: ${SELF_SERVICE[key]}`).toBeNull();
      return;
    }
    if (write) expect(r.role, `${key} changes something, so it needs requireRole()`).not.toBeNull();
    if (write) expect(r.role, key).toBe(isOperatorAction(r.path) ? 'operator' : 'admin');
    if (!r.role || r.role === 'viewer') return;
    const res = await call(r, { authorization: `Bearer ${h.tokens[below(r.role)]}` });
    expect(res.status, `${key} as ${below(r.role)}`).toBe(403);
    const viewer = await call(r, { authorization: `Bearer ${h.tokens.viewer}` });
    expect(viewer.status, `${key} as viewer`).toBe(403);
  });
});
