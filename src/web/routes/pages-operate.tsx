/**
 * Pages for operating a job (issue 6): Stop now, Provision on demand and Dry runs (planned in the background:
 * the plan page polls its progress and offers Cancel). Routes parse, call one
 * engine function and render or redirect (POST/redirect/GET). Reads: any role; work against the target:
 * operator; Stop now: admin (it turns provisioning off).
 */
import type { Context, Hono } from 'hono';
import { OnDemandPage } from '../../../views/pages/on-demand';
import { PlanPage } from '../../../views/pages/plan';
import { PlansPage } from '../../../views/pages/plan-list';
import { formText } from '../../../views/partials/field';
import { JobProgress } from '../../../views/partials/job-progress';
import { getApplication } from '../../apps/applications';
import { ValidationError } from '../../kernel/errors';
import { parseOrThrow } from '../../kernel/parse';
import { applyPlan } from '../../operate/dry-run/apply';
import { planCsvChunks } from '../../operate/dry-run/csv';
import { cancelDryRun, discardPlan, startDryRun } from '../../operate/dry-run/run';
import { getPlan, listPlans, planItems, planItemView, planView } from '../../operate/dry-run/store';
import type { OnDemandResult } from '../../operate/on-demand';
import { requestGroupOnDemand, requestOnDemand } from '../../operate/on-demand-request';
import { groupForOnDemand, searchGroupsForOnDemand, searchUsersForOnDemand } from '../../operate/on-demand-search';
import { stopProvisioning } from '../../operate/stop-restart';
import { requireRole } from '../auth';
import { csvStream, withoutBomParam } from '../csv-download';
import type { AppEnv, WebDeps } from '../env';
import { initiator, lookupOwn } from '../request';
import { itemQuerySchema } from './api-operate';

const NOTICES: Record<string, string> = {
  applied: 'Plan applied. Each row says whether its action was sent, no longer valid, failed or held.',
  discarded: 'Plan discarded.',
  running: 'A dry run of this application is still running: here it is. Cancel it to start another.',
  cancelled: 'Cancel requested: the users planned so far are kept.',
};

/** Mount the pages. */
export function mountOperatePages(app: Hono<AppEnv>, deps: WebDeps): void {
  const engine = deps.engine;
  const session = (c: Context<AppEnv>) => ({ actor: c.get('actor'), csrfToken: c.get('session')?.csrfToken });
  const appOf = (c: Context<AppEnv>) => {
    const a = getApplication(deps.db, c.req.param('id') ?? '');
    return { id: a.id, name: a.name };
  };
  const planUrl = (appId: string, planId: string) =>
    `/apps/${encodeURIComponent(appId)}/dry-runs/${encodeURIComponent(planId)}`;

  app.post('/apps/:id/stop-now', requireRole('admin'), async (c) => {
    const { id } = appOf(c);
    const appsDeps = { db: deps.db, clock: deps.clock, secrets: deps.secrets };
    await stopProvisioning(appsDeps, deps.jobs, c.get('actor'), id, 'now');
    return c.redirect(`/apps/${encodeURIComponent(id)}?notice=stopped_now#current-status`, 303);
  });

  const found = (q: string) => ({
    q,
    users: searchUsersForOnDemand(deps.db, q),
    groups: searchGroupsForOnDemand(deps.db, q),
  });
  const labelOf = (r: OnDemandResult) => r.steps[0]?.details.UPN ?? r.steps[0]?.details.displayName ?? r.sourceId;

  app.get('/apps/:id/on-demand', (c) => {
    const q = (c.req.query('q') ?? '').slice(0, 200);
    return c.html(<OnDemandPage {...session(c)} app={appOf(c)} {...found(q)} />);
  });
  app.post('/apps/:id/on-demand', requireRole('operator'), async (c) => {
    const target = appOf(c);
    const body = await c.req.parseBody();
    const q = formText(body.q).slice(0, 200);
    const result = await requestOnDemand(engine, c.get('actor'), target.id, formText(body.userId), initiator(c));
    return c.html(
      <OnDemandPage {...session(c)} app={target} {...found(q)} results={[{ ...result, userLabel: labelOf(result) }]} />,
    );
  });
  app.get('/apps/:id/on-demand/groups/:groupId', (c) => {
    const group = groupForOnDemand(deps.db, c.req.param('groupId'));
    return c.html(<OnDemandPage {...session(c)} app={appOf(c)} q="" users={[]} groups={[]} group={group} />);
  });
  app.post('/apps/:id/on-demand/groups/:groupId', requireRole('operator'), async (c) => {
    const target = appOf(c);
    const group = groupForOnDemand(deps.db, c.req.param('groupId'));
    const picked = (await c.req.parseBody({ all: true })).memberIds;
    const memberIds = (Array.isArray(picked) ? picked : picked === undefined ? [] : [picked]).map(formText);
    const page = { ...session(c), app: target, q: '', users: [], groups: [], group };
    try {
      const r = await requestGroupOnDemand(engine, c.get('actor'), target.id, group.id, memberIds, initiator(c));
      const results = [...r.members, r.group].map((x) => ({ ...x, userLabel: labelOf(x) }));
      return c.html(<OnDemandPage {...page} results={results} />);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return c.html(<OnDemandPage {...page} error={err.message} picked={memberIds} />, 400);
    }
  });

  app.get('/apps/:id/dry-runs', (c) => {
    const target = appOf(c);
    const preview = c.req.query('preview') === '1';
    const mode = preview || c.req.query('mode') === 'full' ? 'full' : 'next';
    const plans = listPlans(deps.db, target.id).map(planView);
    return c.html(<PlansPage {...session(c)} app={target} plans={plans} mode={mode} preview={preview} />);
  });
  app.post('/apps/:id/dry-runs', requireRole('operator'), async (c) => {
    const target = appOf(c);
    const mode = formText((await c.req.parseBody()).mode) === 'full' ? 'full' : 'next';
    // One dry run per app at a time: a second request is shown the one running rather than an error page.
    const running = deps.operateJobs.current('dry-run', target.id);
    if (running) return c.redirect(`${planUrl(target.id, running)}?notice=running`, 303);
    const { plan } = startDryRun(engine, deps.operateJobs, c.get('actor'), target.id, mode);
    return c.redirect(planUrl(target.id, plan.id), 303);
  });
  // Polled by the plan page while it is planned; once it has ended the page reloads to show the results.
  app.get('/apps/:id/dry-runs/:planId/progress', (c) => {
    const target = appOf(c);
    const plan = getPlan(deps.db, target.id, c.req.param('planId'));
    if (plan.status !== 'running') {
      c.header('HX-Refresh', 'true');
      return c.body(null, 204);
    }
    const url = planUrl(target.id, plan.id);
    return c.html(
      <JobProgress
        pollUrl={`${url}/progress`}
        pageUrl={url}
        verb="Planning"
        done={plan.progressDone}
        total={plan.progressTotal}
        unit="users"
      />,
    );
  });
  app.post('/apps/:id/dry-runs/:planId/cancel', requireRole('operator'), (c) => {
    const target = appOf(c);
    cancelDryRun(engine, deps.operateJobs, c.get('actor'), target.id, c.req.param('planId'));
    return c.redirect(`${planUrl(target.id, c.req.param('planId'))}?notice=cancelled`, 303);
  });
  app.get('/apps/:id/dry-runs/:planId', (c) => {
    const target = appOf(c);
    const plan = getPlan(deps.db, target.id, c.req.param('planId'));
    const filter = parseOrThrow(
      itemQuerySchema,
      { ...withoutBomParam(c.req.query()), action: c.req.query('action') || undefined },
      'plan filter',
    );
    const page = planItems(deps.db, plan.id, filter);
    return c.html(
      <PlanPage
        {...session(c)}
        app={target}
        plan={planView(plan)}
        label={plan.label}
        items={page.items.map(planItemView)}
        total={page.total}
        filter={filter}
        notice={lookupOwn(NOTICES, c.req.query('notice'))}
      />,
    );
  });
  app.get('/apps/:id/dry-runs/:planId/export.csv', (c) => {
    const target = appOf(c);
    const plan = getPlan(deps.db, target.id, c.req.param('planId'));
    const { action, q } = parseOrThrow(
      itemQuerySchema,
      { ...withoutBomParam(c.req.query()), action: c.req.query('action') || undefined },
      'plan filter',
    );
    return csvStream(c, `plan-${plan.id}.csv`, planCsvChunks(deps.db, plan.id, { action, q }));
  });
  app.post('/apps/:id/dry-runs/:planId/apply', requireRole('operator'), async (c) => {
    const target = appOf(c);
    await applyPlan(engine, c.get('actor'), target.id, c.req.param('planId'), initiator(c));
    return c.redirect(`${planUrl(target.id, c.req.param('planId'))}?notice=applied`, 303);
  });
  app.post('/apps/:id/dry-runs/:planId/discard', requireRole('operator'), (c) => {
    const target = appOf(c);
    discardPlan(engine, c.get('actor'), target.id, c.req.param('planId'));
    return c.redirect(`${planUrl(target.id, c.req.param('planId'))}?notice=discarded`, 303);
  });
}
