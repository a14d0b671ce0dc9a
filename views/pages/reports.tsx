/** Activity reports: a range and application filter (plain GET form, so a report can be shared) and the reports. */
import type { Actor } from '../../src/kernel/actor';
import type { ReportTable } from '../../src/reports/report-tables';
import { Layout } from '../layout';
import { appOptions, SelectField } from '../partials/field';
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
        <SelectField id="r-range" name="range" label="Time range" value={form.range} options={RANGES} />
        <SelectField
          id="r-app"
          name="appId"
          label="Application"
          value={form.appId}
          options={appOptions(props.apps, 'All applications')}
        />
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
