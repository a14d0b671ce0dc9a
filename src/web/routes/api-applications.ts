/** REST: /api/v1/applications — settings, Test Connection, assignments, provisioning on/off, cycles, status. */
import type { Hono } from 'hono';
import { z } from 'zod';
import {
  createApplication,
  getApplication,
  listApplications,
  publicApp,
  setProvisioning,
  updateApplication,
} from '../../apps/applications';
import { assignFromBulkBody } from '../../apps/assign-many';
import { searchCandidates } from '../../apps/assignment-candidates';
import { assignPrincipal, listAssignments, unassignPrincipal } from '../../apps/assignments';
import { cycleSummary, recentCycles } from '../../engine/cycle/cycles-repo';
import { escrowView, listEscrows } from '../../engine/escrow';
import { parseOrThrow } from '../../kernel/parse';
import { deleteApplicationSafely } from '../../operate/delete-app';
import { allowDeletes, retryEscrowNow } from '../../operate/job-control';
import { runNow, runSoon } from '../../operate/run-now';
import { appStatus } from '../../operate/status';
import { restartJob } from '../../operate/stop-restart';
import { testConnection } from '../../operate/test-connection';
import { requireRole } from '../auth';
import type { AppEnv, WebDeps } from '../env';
import { appsDeps, directoryDeps, initiator, readJson } from '../request';

const provisioningSchema = z.object({ status: z.enum(['on', 'off']) }).strict();
const restartSchema = z.object({ forgetLinks: z.boolean().default(false) }).strict();
// Assignments change rarely and are ordered by name, so an offset is a stable enough cursor here.
const assignmentListSchema = z.object({
  q: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.coerce.number().int().min(0).max(10_000_000).optional(),
});

/** Mount the applications API. Reads: any role; running cycles: operator; configuration: admin. */
export function mountApiApplications(app: Hono<AppEnv>, deps: WebDeps): void {
  const base = '/api/v1/applications';
  const apps = appsDeps(deps);

  app.get(base, (c) => c.json({ items: listApplications(deps.db).map(publicApp), nextCursor: null }));
  app.post(base, requireRole('admin'), async (c) => {
    const created = createApplication(apps, c.get('actor'), await readJson(c));
    return c.json(publicApp(created), 201);
  });
  app.get(`${base}/:id`, (c) => c.json(publicApp(getApplication(deps.db, c.req.param('id')))));
  app.patch(`${base}/:id`, requireRole('admin'), async (c) => {
    const updated = updateApplication(apps, c.get('actor'), c.req.param('id'), await readJson(c));
    return c.json(publicApp(updated));
  });
  // Provisioning goes off first and a running cycle is stopped; the log rows stay until retention.
  app.delete(`${base}/:id`, requireRole('admin'), async (c) => {
    await deleteApplicationSafely(apps, deps.jobs, c.get('actor'), c.req.param('id'));
    return c.body(null, 204);
  });

  // The body (optional) overrides the saved values; an empty secretToken means the saved one.
  app.post(`${base}/:id/test-connection`, requireRole('operator'), async (c) => {
    const testDeps = { ...deps.engine, secrets: deps.secrets, onAppChanged: deps.onAppChanged };
    const result = await testConnection(testDeps, c.get('actor'), c.req.param('id'), await readJson(c));
    return c.json({ ...result, detail: detailOf(result) }, result.ok ? 200 : 422);
  });
  // What is typed, before Save (as Entra does): nothing is stored.
  app.post('/api/v1/test-connection', requireRole('operator'), async (c) => {
    const testDeps = { ...deps.engine, secrets: deps.secrets, onAppChanged: deps.onAppChanged };
    const result = await testConnection(testDeps, c.get('actor'), null, await readJson(c));
    return c.json({ ...result, detail: detailOf(result) }, result.ok ? 200 : 422);
  });

  app.get(`${base}/:id/assignments`, (c) => {
    getApplication(deps.db, c.req.param('id'));
    const { q, limit, cursor } = parseOrThrow(assignmentListSchema, c.req.query(), 'assignment list');
    const offset = cursor ?? 0;
    const rows = listAssignments(deps.db, c.req.param('id'), { q, limit: limit + 1, offset });
    const more = rows.length > limit;
    return c.json({ items: rows.slice(0, limit), nextCursor: more ? String(offset + limit) : null });
  });
  // Viewers may search too: it reads only what the directory API already shows them.
  app.get(`${base}/:id/assignment-candidates`, (c) =>
    c.json(searchCandidates(deps.db, c.req.param('id'), c.req.query())),
  );
  // `{principalId, role}` assigns one (kept for existing automation); `{principals: [{id}], role}` many, all or none.
  app.post(`${base}/:id/assignments`, requireRole('admin'), async (c) => {
    const body = await readJson(c);
    const id = c.req.param('id');
    if (body !== null && typeof body === 'object' && 'principals' in body) {
      const items = assignFromBulkBody(directoryDeps(deps), c.get('actor'), id, body);
      return c.json({ items }, 201);
    }
    return c.json(assignPrincipal(directoryDeps(deps), c.get('actor'), id, body), 201);
  });
  app.delete(`${base}/:id/assignments/:principalId`, requireRole('admin'), (c) => {
    unassignPrincipal(directoryDeps(deps), c.get('actor'), c.req.param('id'), c.req.param('principalId'));
    return c.body(null, 204);
  });

  app.post(`${base}/:id/provisioning`, requireRole('admin'), async (c) => {
    const { status } = parseOrThrow(provisioningSchema, await readJson(c), 'provisioning status');
    const updated = setProvisioning(apps, c.get('actor'), c.req.param('id'), status === 'on');
    return c.json(publicApp(updated));
  });
  app.post(`${base}/:id/cycles`, requireRole('operator'), (c) => {
    const cycleId = runNow(deps, c.get('actor'), c.req.param('id'), initiator(c));
    return c.json({ cycleId }, 202);
  });
  app.get(`${base}/:id/cycles`, (c) => {
    getApplication(deps.db, c.req.param('id'));
    return c.json({ items: recentCycles(deps.db, c.req.param('id'), 50).map(cycleSummary), nextCursor: null });
  });
  app.get(`${base}/:id/status`, (c) => {
    const id = c.req.param('id');
    return c.json(appStatus(deps.db, id, deps.clock.now(), deps.engine.pacing?.view(id) ?? null));
  });

  app.get(`${base}/:id/escrows`, (c) => {
    getApplication(deps.db, c.req.param('id'));
    return c.json({ items: listEscrows(deps.db, c.req.param('id')).map(escrowView), nextCursor: null });
  });
  app.post(`${base}/:id/escrows/:sourceId/retry`, requireRole('operator'), (c) => {
    const id = c.req.param('id');
    retryEscrowNow(deps, c.get('actor'), id, c.req.param('sourceId'));
    return c.json({ cycleId: runSoon(deps.scheduler, id, initiator(c)) }, 202);
  });
  app.post(`${base}/:id/allow-deletes`, requireRole('operator'), (c) => {
    const id = c.req.param('id');
    const { held } = allowDeletes(deps, c.get('actor'), id);
    return c.json({ held, cycleId: runSoon(deps.scheduler, id, initiator(c)) }, 202);
  });
  app.post(`${base}/:id/restart`, requireRole('admin'), async (c) => {
    const id = c.req.param('id');
    getApplication(deps.db, id);
    const { forgetLinks } = parseOrThrow(restartSchema, await readJson(c), 'restart');
    // Stops a running cycle first; refresh() then starts the initial cycle when provisioning is on.
    const result = await restartJob(apps, deps.jobs, c.get('actor'), id, { forgetLinks });
    return c.json(result, 202);
  });
}

/** One sentence for the API's `detail`, worded like the page's result. */
function detailOf(r: Awaited<ReturnType<typeof testConnection>>): string {
  return r.ok ? `Authorized (answered in ${Math.round(r.latencyMs)} ms)` : r.message;
}
