/**
 * REST for operating a job (issue 6) under /api/v1/applications/{id}: Stop (after the cycle, or now),
 * provision on demand, dry-run plans (start, cancel, read with progress, CSV, apply, discard) and drift
 * reports (start, cancel, read paged, act on a finding); both are built in the background. Reads: any role; running work against the target: operator; Stop: admin (it is the
 * Provisioning Status setting). Every action is audited by the use case it calls.
 */
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { getApplication } from '../../apps/applications';
import { parseOrThrow } from '../../kernel/parse';
import { actOnDrift } from '../../operate/drift/actions';
import { cancelDriftReport, startDriftReport } from '../../operate/drift/report';
import {
  driftFindingsPage,
  driftItemView,
  driftReportView,
  getDriftReport,
  listDriftReports,
} from '../../operate/drift/store';
import { applyPlan } from '../../operate/dry-run/apply';
import { planCsvChunks } from '../../operate/dry-run/csv';
import { cancelDryRun, discardPlan, startDryRun } from '../../operate/dry-run/run';
import { getPlan, listPlans, planItems, planItemView, planView } from '../../operate/dry-run/store';
import { requestGroupOnDemand, requestOnDemand } from '../../operate/on-demand-request';
import { groupForOnDemand, searchGroupsForOnDemand, searchUsersForOnDemand } from '../../operate/on-demand-search';
import { stopProvisioning } from '../../operate/stop-restart';
import { requireRole } from '../auth';
import { csvStream, withoutBomParam } from '../csv-download';
import type { AppEnv, WebDeps } from '../env';
import { initiator, readJson } from '../request';

const stopSchema = z.object({ mode: z.enum(['after_cycle', 'now']).default('after_cycle') }).strict();
const onDemandSchema = z.union([
  z.object({ userId: z.string().min(1).max(200) }).strict(),
  z
    .object({ groupId: z.string().min(1).max(200), memberIds: z.array(z.string().min(1).max(200)).max(5).default([]) })
    .strict(),
]);
const dryRunSchema = z.object({ mode: z.enum(['next', 'full']).default('next') }).strict();
export const itemQuerySchema = z.object({
  action: z.enum(['create', 'update', 'disable', 'delete', 'skip', 'failed']).optional(),
  q: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
export const findingQuerySchema = z.object({
  kind: z.enum(['orphan', 'missing', 'drifted']).optional(),
  status: z.enum(['open', 'ignored', 'resolved']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
const driftActionSchema = z.enum(['adopt', 'recreate', 'repush', 'ignore']);

/** Mount the operate API. */
export function mountApiOperate(app: Hono<AppEnv>, deps: WebDeps): void {
  const base = '/api/v1/applications/:id';
  const engine = deps.engine;
  const appsDeps = { db: deps.db, clock: deps.clock, secrets: deps.secrets };
  const appId = (c: Context<AppEnv>) => getApplication(deps.db, c.req.param('id') ?? '').id;

  app.post(`${base}/stop`, requireRole('admin'), async (c) => {
    const { mode } = parseOrThrow(stopSchema, await readJson(c), 'stop');
    return c.json(await stopProvisioning(appsDeps, deps.jobs, c.get('actor'), appId(c), mode), 202);
  });

  app.get(`${base}/on-demand/users`, (c) => {
    appId(c);
    return c.json({ items: searchUsersForOnDemand(deps.db, c.req.query('q') ?? '') });
  });
  app.get(`${base}/on-demand/groups`, (c) => {
    appId(c);
    return c.json({ items: searchGroupsForOnDemand(deps.db, c.req.query('q') ?? '') });
  });
  app.get(`${base}/on-demand/groups/:groupId`, (c) => {
    appId(c);
    return c.json(groupForOnDemand(deps.db, c.req.param('groupId') ?? ''));
  });
  app.post(`${base}/on-demand`, requireRole('operator'), async (c) => {
    const body = parseOrThrow(onDemandSchema, await readJson(c), 'provision on demand');
    const id = appId(c);
    if ('groupId' in body) {
      return c.json(await requestGroupOnDemand(engine, c.get('actor'), id, body.groupId, body.memberIds, initiator(c)));
    }
    return c.json(await requestOnDemand(engine, c.get('actor'), id, body.userId, initiator(c)));
  });

  // Planning runs in the background: 202 with the running plan; GET it for progress, then its items.
  app.post(`${base}/dry-runs`, requireRole('operator'), async (c) => {
    const { mode } = parseOrThrow(dryRunSchema, await readJson(c), 'dry run');
    const id = appId(c);
    const { plan } = startDryRun(engine, deps.operateJobs, c.get('actor'), id, mode);
    c.header('Location', `/api/v1/applications/${encodeURIComponent(id)}/dry-runs/${encodeURIComponent(plan.id)}`);
    return c.json(planView(plan), 202);
  });
  app.post(`${base}/dry-runs/:planId/cancel`, requireRole('operator'), (c) => {
    const id = appId(c);
    cancelDryRun(engine, deps.operateJobs, c.get('actor'), id, c.req.param('planId'));
    return c.json(planView(getPlan(deps.db, id, c.req.param('planId'))), 202);
  });
  app.get(`${base}/dry-runs`, (c) => c.json({ items: listPlans(deps.db, appId(c)).map(planView), nextCursor: null }));
  app.get(`${base}/dry-runs/:planId`, (c) => {
    const plan = getPlan(deps.db, appId(c), c.req.param('planId'));
    const f = parseOrThrow(itemQuerySchema, c.req.query(), 'plan filter');
    const page = planItems(deps.db, plan.id, f);
    return c.json({ ...planView(plan), items: page.items.map(planItemView), total: page.total });
  });
  app.get(`${base}/dry-runs/:planId/items.csv`, (c) => {
    const plan = getPlan(deps.db, appId(c), c.req.param('planId'));
    const { action, q } = parseOrThrow(itemQuerySchema, withoutBomParam(c.req.query()), 'plan filter');
    return csvStream(c, `plan-${plan.id}.csv`, planCsvChunks(deps.db, plan.id, { action, q }));
  });
  app.post(`${base}/dry-runs/:planId/apply`, requireRole('operator'), async (c) => {
    const id = appId(c);
    return c.json(await applyPlan(engine, c.get('actor'), id, c.req.param('planId'), initiator(c)));
  });
  app.post(`${base}/dry-runs/:planId/discard`, requireRole('operator'), (c) => {
    discardPlan(engine, c.get('actor'), appId(c), c.req.param('planId'));
    return c.body(null, 204);
  });

  app.post(`${base}/drift-reports`, requireRole('operator'), (c) => {
    const id = appId(c);
    const { reportId } = startDriftReport(engine, deps.operateJobs, c.get('actor'), id);
    c.header(
      'Location',
      `/api/v1/applications/${encodeURIComponent(id)}/drift-reports/${encodeURIComponent(reportId)}`,
    );
    return c.json(driftReportView(getDriftReport(deps.db, id, reportId)), 202);
  });
  app.post(`${base}/drift-reports/:reportId/cancel`, requireRole('operator'), (c) => {
    const id = appId(c);
    cancelDriftReport(engine, deps.operateJobs, c.get('actor'), id, c.req.param('reportId'));
    return c.json(driftReportView(getDriftReport(deps.db, id, c.req.param('reportId'))), 202);
  });
  app.get(`${base}/drift-reports`, (c) =>
    c.json({ items: listDriftReports(deps.db, appId(c)).map(driftReportView), nextCursor: null }),
  );
  app.get(`${base}/drift-reports/:reportId`, (c) => {
    const report = getDriftReport(deps.db, appId(c), c.req.param('reportId'));
    const f = parseOrThrow(findingQuerySchema, c.req.query(), 'drift filter');
    const page = driftFindingsPage(deps.db, report.id, f);
    return c.json({ ...driftReportView(report), findings: page.findings.map(driftItemView), total: page.total });
  });
  app.post(`${base}/drift-reports/:reportId/findings/:seq/:action`, requireRole('operator'), async (c) => {
    const action = parseOrThrow(driftActionSchema, c.req.param('action'), 'drift action');
    const seq = parseOrThrow(z.coerce.number().int().min(0), c.req.param('seq'), 'finding');
    const id = appId(c);
    const r = await actOnDrift(engine, c.get('actor'), id, c.req.param('reportId'), seq, action, initiator(c));
    return c.json(r);
  });
}
