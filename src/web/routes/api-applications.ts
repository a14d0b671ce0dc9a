/** REST: /api/v1/applications — settings, Test Connection, assignments, provisioning on/off, cycles, status. */
import type { Hono } from 'hono';
import { z } from 'zod';
import {
  createApplication,
  deleteApplication,
  getApplication,
  listApplications,
  publicApp,
  setProvisioning,
  updateApplication,
} from '../../apps/applications';
import { assignPrincipal, listAssignments, unassignPrincipal } from '../../apps/assignments';
import { writeAudit } from '../../audit/audit-log';
import { cycleSummary, recentCycles } from '../../engine/cycle/cycles-repo';
import { escrowView, listEscrows } from '../../engine/escrow';
import { refreshSchemaTypes } from '../../engine/target-schema';
import { AppError, ValidationError } from '../../kernel/errors';
import { parseOrThrow } from '../../kernel/parse';
import { allowDeletes, clearQuarantineAfterTest, retryEscrowNow } from '../../operate/job-control';
import { appStatus } from '../../operate/status';
import { restartJob } from '../../operate/stop-restart';
import { requireRole } from '../auth';
import type { AppEnv, WebDeps } from '../env';
import { directoryDeps, initiator, readJson } from '../request';
import { jobRunnerOf } from './operate-deps';

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
  const appsDeps = { db: deps.db, clock: deps.clock, secrets: deps.secrets };

  app.get(base, (c) => c.json({ items: listApplications(deps.db).map(publicApp), nextCursor: null }));
  app.post(base, requireRole('admin'), async (c) => {
    const created = createApplication(appsDeps, c.get('actor'), await readJson(c));
    deps.scheduler.refresh(created.id);
    return c.json(publicApp(created), 201);
  });
  app.get(`${base}/:id`, (c) => c.json(publicApp(getApplication(deps.db, c.req.param('id')))));
  app.patch(`${base}/:id`, requireRole('admin'), async (c) => {
    const updated = updateApplication(appsDeps, c.get('actor'), c.req.param('id'), await readJson(c));
    deps.scheduler.refresh(updated.id);
    return c.json(publicApp(updated));
  });
  app.delete(`${base}/:id`, requireRole('admin'), (c) => {
    deleteApplication(appsDeps, c.get('actor'), c.req.param('id'));
    deps.scheduler.refresh(c.req.param('id'));
    return c.body(null, 204);
  });

  app.post(`${base}/:id/test-connection`, requireRole('operator'), async (c) => {
    const target = getApplication(deps.db, c.req.param('id'));
    if (!target.tenantUrl || !target.secretTokenEnc)
      throw new ValidationError('Set the Tenant URL and Secret Token first');
    const client = deps.scimClientFor(target);
    const result = await client.testConnection();
    // Entra reads /Schemas when the connection is tested; cycles convert mapped values with it.
    if (result.ok) await refreshSchemaTypes(target, client, deps.clock.now());
    // The target accepts us again: that ends a quarantine (audited), and the schedule resumes.
    if (result.ok && clearQuarantineAfterTest(deps, c.get('actor'), target.id)) deps.scheduler.refresh(target.id);
    writeAudit(
      deps.db,
      c.get('actor'),
      {
        activity: 'application.test_connection',
        targetType: 'application',
        targetId: target.id,
        result: result.ok ? 'success' : 'failure',
        after: result,
      },
      deps.clock.now(),
    );
    return c.json(result, result.ok ? 200 : 422);
  });

  app.get(`${base}/:id/assignments`, (c) => {
    getApplication(deps.db, c.req.param('id'));
    const { q, limit, cursor } = parseOrThrow(assignmentListSchema, c.req.query(), 'assignment list');
    const offset = cursor ?? 0;
    const rows = listAssignments(deps.db, c.req.param('id'), { q, limit: limit + 1, offset });
    const more = rows.length > limit;
    return c.json({ items: rows.slice(0, limit), nextCursor: more ? String(offset + limit) : null });
  });
  app.post(`${base}/:id/assignments`, requireRole('admin'), async (c) =>
    c.json(assignPrincipal(directoryDeps(deps), c.get('actor'), c.req.param('id'), await readJson(c)), 201),
  );
  app.delete(`${base}/:id/assignments/:principalId`, requireRole('admin'), (c) => {
    unassignPrincipal(directoryDeps(deps), c.get('actor'), c.req.param('id'), c.req.param('principalId'));
    return c.body(null, 204);
  });

  app.post(`${base}/:id/provisioning`, requireRole('admin'), async (c) => {
    const { status } = parseOrThrow(provisioningSchema, await readJson(c), 'provisioning status');
    const updated = setProvisioning(appsDeps, c.get('actor'), c.req.param('id'), status === 'on');
    deps.scheduler.refresh(updated.id);
    return c.json(publicApp(updated));
  });
  app.post(`${base}/:id/cycles`, requireRole('operator'), (c) => {
    const id = c.req.param('id');
    getApplication(deps.db, id);
    const cycleId = deps.scheduler.runNow(id, initiator(c));
    writeAudit(
      deps.db,
      c.get('actor'),
      { activity: 'cycle.run_now', targetType: 'application', targetId: id, after: { cycleId } },
      deps.clock.now(),
    );
    return c.json({ cycleId }, 202);
  });
  app.get(`${base}/:id/cycles`, (c) => {
    getApplication(deps.db, c.req.param('id'));
    return c.json({ items: recentCycles(deps.db, c.req.param('id'), 50).map(cycleSummary), nextCursor: null });
  });
  app.get(`${base}/:id/status`, (c) => c.json(appStatus(deps.db, c.req.param('id'), deps.clock.now())));

  app.get(`${base}/:id/escrows`, (c) => {
    getApplication(deps.db, c.req.param('id'));
    return c.json({ items: listEscrows(deps.db, c.req.param('id')).map(escrowView), nextCursor: null });
  });
  app.post(`${base}/:id/escrows/:sourceId/retry`, requireRole('operator'), (c) => {
    const id = c.req.param('id');
    retryEscrowNow(deps, c.get('actor'), id, c.req.param('sourceId'));
    return c.json({ cycleId: runSoon(deps, id, initiator(c)) }, 202);
  });
  app.post(`${base}/:id/allow-deletes`, requireRole('operator'), (c) => {
    const id = c.req.param('id');
    const { held } = allowDeletes(deps, c.get('actor'), id);
    deps.scheduler.refresh(id);
    return c.json({ held, cycleId: runSoon(deps, id, initiator(c)) }, 202);
  });
  app.post(`${base}/:id/restart`, requireRole('admin'), async (c) => {
    const id = c.req.param('id');
    getApplication(deps.db, id);
    const { forgetLinks } = parseOrThrow(restartSchema, await readJson(c), 'restart');
    // Stops a running cycle first; refresh() then starts the initial cycle when provisioning is on.
    const result = await restartJob(appsDeps, jobRunnerOf(deps), c.get('actor'), id, { forgetLinks });
    return c.json(result, 202);
  });
}

/** Start a cycle now, or leave the work to the running one's successor; the cycle id, or null. */
export function runSoon(deps: WebDeps, appId: string, by: ReturnType<typeof initiator>): string | null {
  try {
    return deps.scheduler.runNow(appId, by);
  } catch (err) {
    // A running cycle, or a job that cannot run (not configured): the next cycle picks the work up.
    if ((err instanceof AppError && err.code === 'cycle_running') || err instanceof ValidationError) return null;
    throw err;
  }
}
