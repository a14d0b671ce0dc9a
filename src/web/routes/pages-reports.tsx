/**
 * Activity reports (any signed-in role reads): GET /reports renders every report for the range and app,
 * GET /reports/export/:key answers one report table as CSV. Parse → query the rollups → render.
 */
import type { Context, Hono } from 'hono';
import { ReportsPage } from '../../../views/pages/reports';
import { listApplications } from '../../apps/applications';
import { ValidationError } from '../../kernel/errors';
import { parseReportRange, type ReportRange, reportRangeParams } from '../../reports/range';
import { reportCsv } from '../../reports/report-csv';
import { buildReports, REPORT_KEYS, type ReportKey } from '../../reports/report-tables';
import { sourceChoices } from '../../reports/source-activity';
import { csvDownload } from '../csv-download';
import type { AppEnv, WebDeps } from '../env';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Form dates (yyyy-mm-dd, UTC) → ISO; the end date is inclusive, so it means the end of that day. */
function rangeQuery(q: Record<string, string>): Record<string, string | undefined> {
  const from = q.from && DATE.test(q.from) ? `${q.from}T00:00:00Z` : q.from;
  const end = q.to && DATE.test(q.to) ? Date.parse(`${q.to}T00:00:00Z`) + 86_400_000 : Number.NaN;
  // A well-shaped but impossible day (2026-13-45) is NaN here: pass the text on for parseReportRange to refuse.
  const to = Number.isNaN(end) ? q.to : new Date(end).toISOString();
  return { range: q.range, appId: q.appId, from, to };
}

function formOf(q: Record<string, string>) {
  const day = (v: string | undefined) => (v && /^\d{4}-\d{2}-\d{2}/.test(v) ? v.slice(0, 10) : '');
  return { range: q.range || '7d', appId: q.appId ?? '', from: day(q.from), to: day(q.to) };
}

function parse(c: Context<AppEnv>, deps: WebDeps): ReportRange {
  return parseReportRange(rangeQuery(c.req.query()), deps.clock.now());
}

/** Mount the report routes. */
export function mountReportPages(app: Hono<AppEnv>, deps: WebDeps): void {
  app.get('/reports', (c) => {
    const q = c.req.query();
    // Directory sources filter beside applications (issue 14): their inbound rows are in the same rollups.
    const apps = [...listApplications(deps.db).map((a) => ({ id: a.id, name: a.name })), ...sourceChoices(deps.db)];
    const page = { actor: c.get('actor'), csrfToken: c.get('session')?.csrfToken, apps, form: formOf(q) };
    let range: ReportRange;
    try {
      range = parse(c, deps);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return c.html(<ReportsPage {...page} params={{}} tables={[]} error={err.message} />, 400);
    }
    const params = reportRangeParams(range);
    return c.html(<ReportsPage {...page} params={params} tables={buildReports(deps.db, range)} />);
  });

  app.get('/reports/export/:key', (c) => {
    const key = c.req.param('key') as ReportKey;
    if (!REPORT_KEYS.includes(key)) throw new ValidationError(`Unknown report "${key}"`);
    const range = parse(c, deps);
    const [table] = buildReports(deps.db, range, key);
    if (!table) throw new ValidationError(`Unknown report "${key}"`);
    const stamp = new Date(deps.clock.now()).toISOString().slice(0, 10);
    return csvDownload(c, `provisio-${key}-${range.range}-${stamp}.csv`, reportCsv(table));
  });
}
