/**
 * Drift report pages (issue 6): list and start reports (built in the background: the report page polls the
 * progress and offers Cancel), read one with filters and pages, act on a finding of a finished report.
 */
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { DriftReportPage } from '../../../views/pages/drift';
import { DriftReportsPage } from '../../../views/pages/drift-list';
import { JobProgress } from '../../../views/partials/job-progress';
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
import { requireRole } from '../auth';
import type { AppEnv, WebDeps } from '../env';
import { initiator, lookupOwn } from '../request';
import { findingQuerySchema } from './api-operate';

const actionSchema = z.enum(['adopt', 'recreate', 'repush', 'ignore']);
const NOTICES: Record<string, string> = {
  adopt: 'Adopted: the target user is linked and was updated from the directory.',
  recreate: 'Re-created in the target.',
  repush: 'The directory values were sent to the target again.',
  ignore: 'Ignored: later reports show this finding as ignored.',
  running: 'A drift report of this application is still running: here it is. Cancel it to start another.',
  cancelled: 'Cancel requested: the findings so far are kept.',
};

/** Mount the drift pages. */
export function mountOperateDriftPages(app: Hono<AppEnv>, deps: WebDeps): void {
  const engine = deps.engine;
  const session = (c: Context<AppEnv>) => ({ actor: c.get('actor'), csrfToken: c.get('session')?.csrfToken });
  const appOf = (c: Context<AppEnv>) => {
    const a = getApplication(deps.db, c.req.param('id') ?? '');
    return { id: a.id, name: a.name };
  };
  const reportUrl = (appId: string, reportId: string) =>
    `/apps/${encodeURIComponent(appId)}/drift/${encodeURIComponent(reportId)}`;

  app.get('/apps/:id/drift', (c) => {
    const target = appOf(c);
    return c.html(
      <DriftReportsPage
        {...session(c)}
        app={target}
        reports={listDriftReports(deps.db, target.id).map(driftReportView)}
      />,
    );
  });
  app.post('/apps/:id/drift', requireRole('operator'), async (c) => {
    const target = appOf(c);
    const running = deps.operateJobs.current('drift', target.id);
    if (running) return c.redirect(`${reportUrl(target.id, running)}?notice=running`, 303);
    const { reportId } = startDriftReport(engine, deps.operateJobs, c.get('actor'), target.id);
    return c.redirect(reportUrl(target.id, reportId), 303);
  });
  // Polled by the report page while the target is read; once it has ended the page reloads with the findings.
  app.get('/apps/:id/drift/:reportId/progress', (c) => {
    const target = appOf(c);
    const report = getDriftReport(deps.db, target.id, c.req.param('reportId'));
    if (report.status !== 'running') {
      c.header('HX-Refresh', 'true');
      return c.body(null, 204);
    }
    const url = reportUrl(target.id, report.id);
    return c.html(
      <JobProgress
        pollUrl={`${url}/progress`}
        pageUrl={url}
        verb="Reading the target"
        done={report.progressDone}
        total={report.progressTotal}
        unit="objects"
        about
      />,
    );
  });
  app.post('/apps/:id/drift/:reportId/cancel', requireRole('operator'), (c) => {
    const target = appOf(c);
    cancelDriftReport(engine, deps.operateJobs, c.get('actor'), target.id, c.req.param('reportId'));
    return c.redirect(`${reportUrl(target.id, c.req.param('reportId'))}?notice=cancelled`, 303);
  });
  app.get('/apps/:id/drift/:reportId', (c) => {
    const target = appOf(c);
    const report = getDriftReport(deps.db, target.id, c.req.param('reportId'));
    const filter = parseOrThrow(
      findingQuerySchema,
      {
        kind: c.req.query('kind') || undefined,
        status: c.req.query('status') || undefined,
        offset: c.req.query('offset') || undefined,
      },
      'drift filter',
    );
    const page = driftFindingsPage(deps.db, report.id, filter);
    return c.html(
      <DriftReportPage
        {...session(c)}
        app={target}
        report={driftReportView(report)}
        findings={page.findings.map(driftItemView)}
        total={page.total}
        filter={filter}
        notice={lookupOwn(NOTICES, c.req.query('notice'))}
      />,
    );
  });
  app.post('/apps/:id/drift/:reportId/:seq/:action', requireRole('operator'), async (c) => {
    const target = appOf(c);
    const action = parseOrThrow(actionSchema, c.req.param('action'), 'drift action');
    const seq = parseOrThrow(z.coerce.number().int().min(0), c.req.param('seq'), 'finding');
    const reportId = c.req.param('reportId');
    await actOnDrift(engine, c.get('actor'), target.id, reportId, seq, action, initiator(c));
    return c.redirect(`${reportUrl(target.id, reportId)}?notice=${action}`, 303);
  });
}
