/** Activity reports: a range and application filter (plain GET form, so a report can be shared) and the reports. */
import type { Actor } from '../../src/auth/roles';
import type { ReportTable } from '../../src/reports/report-tables';
import { Layout } from '../layout';
import { ReportSection } from '../partials/report-section';

export interface ReportsPageProps {
  actor: Actor;
  csrfToken: string | null | undefined;
  apps: { id: string; name: string }[];
  /** The form as typed (custom dates as yyyy-mm-dd). */
  form: { range: string; appId: string; from: string; to: string };
  params: Record<string, string | undefined>;
  tables: ReportTable[];
  error?: string | undefined;
}

const RANGES: [string, string][] = [
  ['24h', 'Last 24 hours'],
  ['7d', 'Last 7 days'],
  ['30d', 'Last 30 days'],
  ['90d', 'Last 90 days'],
  ['custom', 'Custom (dates below)'],
];

/** The page. */
export function ReportsPage(props: ReportsPageProps) {
  const { form } = props;
  return (
    <Layout title="Reports" actor={props.actor} csrfToken={props.csrfToken} active="reports">
      <div class="page-head">
        <h1>Activity reports</h1>
      </div>
      <form method="get" action="/reports" class="card filters" aria-label="Report filters">
        <div class="field">
          <label for="r-range">Time range</label>
          <select id="r-range" name="range">
            {RANGES.map(([v, label]) => (
              <option value={v} selected={form.range === v}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="r-app">Application</label>
          <select id="r-app" name="appId">
            <option value="">All applications</option>
            {props.apps.map((a) => (
              <option value={a.id} selected={form.appId === a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="r-from">From (UTC date, custom)</label>
          <input id="r-from" type="date" name="from" value={form.from} />
        </div>
        <div class="field">
          <label for="r-to">To (UTC date, custom)</label>
          <input id="r-to" type="date" name="to" value={form.to} />
        </div>
        <div class="actions">
          <button type="submit" class="btn btn-primary">
            Show
          </button>
        </div>
      </form>
      {props.error ? (
        <p class="alert alert-error" role="alert">
          {props.error}
        </p>
      ) : null}
      <div class="report-grid">
        {props.tables.map((t) => (
          <ReportSection table={t} params={props.params} />
        ))}
      </div>
    </Layout>
  );
}
