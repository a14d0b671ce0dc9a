/** Drift report pages (issue 6): list and create reports, read one with filters, act on a finding. */
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { DriftReportPage, DriftReportsPage } from '../../../views/pages/drift';
import { getApplication } from '../../apps/applications';
import { parseOrThrow } from '../../kernel/parse';
import { actOnDrift } from '../../operate/drift/actions';
import { createDriftReport } from '../../operate/drift/report';
import {
  driftFindings,
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
    const reportId = await createDriftReport(engine, c.get('actor'), target.id);
    return c.redirect(reportUrl(target.id, reportId), 303);
  });
  app.get('/apps/:id/drift/:reportId', (c) => {
    const target = appOf(c);
    const report = getDriftReport(deps.db, target.id, c.req.param('reportId'));
    const filter = parseOrThrow(
      findingQuerySchema,
      { kind: c.req.query('kind') || undefined, status: c.req.query('status') || undefined },
      'drift filter',
    );
    return c.html(
      <DriftReportPage
        {...session(c)}
        app={target}
        report={driftReportView(report)}
        findings={driftFindings(deps.db, report.id, filter).map(driftItemView)}
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
