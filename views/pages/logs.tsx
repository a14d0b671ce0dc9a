/**
 * Provisioning logs: a GET filter form (so every filter lives in the URL), the list, the details panel and
 * the CSV download of the same filters.
 */
import type { Actor } from '../../src/auth/roles';
import type { LogRow } from '../../src/log/query';
import { Layout } from '../layout';
import { LogDetails } from '../partials/log-details';
import { LogTable } from '../partials/log-table';

export interface LogFilterValues {
  appId: string;
  status: string;
  action: string;
  range: string;
  from: string;
  to: string;
  identity: string;
  cycleId: string;
}

export interface LogsPageProps {
  actor: Actor;
  csrfToken: string | null | undefined;
  filters: LogFilterValues;
  apps: { id: string; name: string }[];
  rows: LogRow[];
  nextHref: string | null;
  csvHref: string;
  error?: string | undefined;
  selected?: { row: LogRow; appName: string | undefined } | undefined;
}

const RANGES: [string, string][] = [
  ['', 'Any time'],
  ['24h', 'Last 24 hours'],
  ['7d', 'Last 7 days'],
  ['30d', 'Last 30 days'],
  ['custom', 'Custom time interval'],
];

function Select(props: { name: string; label: string; value: string; options: [string, string][] }) {
  return (
    <div class="field">
      <label for={`f-${props.name}`}>{props.label}</label>
      <select id={`f-${props.name}`} name={props.name}>
        {props.options.map(([v, label]) => (
          <option value={v} selected={props.value === v}>
            {label}
          </option>
        ))}
      </select>
    </div>
  );
}

function Filters(props: LogsPageProps) {
  const f = props.filters;
  return (
    <form method="get" action="/logs" class="filters card" aria-label="Filter provisioning logs">
      <Select
        name="appId"
        label="Application"
        value={f.appId}
        options={[['', 'All applications'], ...props.apps.map((a): [string, string] => [a.id, a.name])]}
      />
      <Select
        name="status"
        label="Status"
        value={f.status}
        options={[
          ['', 'All'],
          ['success', 'Success'],
          ['failure', 'Failure'],
          ['skipped', 'Skipped'],
          ['warning', 'Warning'],
        ]}
      />
      <Select
        name="action"
        label="Action"
        value={f.action}
        options={[
          ['', 'All'],
          ['create', 'Create'],
          ['update', 'Update'],
          ['delete', 'Delete'],
          ['disable', 'Disable'],
          ['other', 'Other'],
        ]}
      />
      <Select name="range" label="Date" value={f.range} options={RANGES} />
      <div class="field">
        <label for="f-from">From</label>
        <input id="f-from" type="datetime-local" name="from" value={f.from} />
      </div>
      <div class="field">
        <label for="f-to">To</label>
        <input id="f-to" type="datetime-local" name="to" value={f.to} />
      </div>
      <div class="field grow">
        <label for="f-identity">Identity</label>
        <input
          id="f-identity"
          type="search"
          name="identity"
          value={f.identity}
          placeholder="Name or source/target ID"
        />
      </div>
      <div class="field">
        <label for="f-cycleId">Cycle ID</label>
        <input id="f-cycleId" type="text" name="cycleId" value={f.cycleId} spellcheck={false} />
      </div>
      {/* public/app.js fills in the browser's UTC offset so custom From/To are read in the viewer's zone. */}
      <input type="hidden" name="tz" value="" data-tz-offset="" />
      <div class="actions">
        <button type="submit" class="btn btn-primary">
          Apply
        </button>
        <a class="btn btn-quiet" href="/logs">
          Reset
        </a>
      </div>
    </form>
  );
}

/** The page. */
export function LogsPage(props: LogsPageProps) {
  return (
    <Layout title="Provisioning logs" actor={props.actor} csrfToken={props.csrfToken} active="logs">
      <div class="page-head">
        <h1>Provisioning logs</h1>
        <a class="btn" href={props.csvHref} download="">
          Download CSV
        </a>
      </div>
      <Filters {...props} />
      {props.error ? (
        <p class="alert alert-error" role="alert">
          {props.error}
        </p>
      ) : null}
      <div class="logs-layout">
        <section class="card log-list" aria-label="Provisioning events">
          <LogTable rows={props.rows} nextHref={props.nextHref} />
        </section>
        <aside id="log-detail" class="card detail-panel" aria-live="polite">
          {props.selected ? (
            <LogDetails row={props.selected.row} appName={props.selected.appName} />
          ) : (
            <p class="muted">Select an event to see its steps, troubleshooting, modified properties and summary.</p>
          )}
        </aside>
      </div>
    </Layout>
  );
}
