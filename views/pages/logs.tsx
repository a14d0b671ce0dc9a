/**
 * Provisioning logs: the filter form (every filter in the URL), the count (exact up to 10,000, else "10,000+"
 * or "many"), the column chooser, downloads of the same filter, and the list at full width. An entry's details
 * open in a flyout (a <dialog> over the right of the page, public/logs.js); `?entry=<id>` opens it on load,
 * so the URL keeps the selected row. A "Skip to results" link passes the navigation and the filters.
 */
import type { Actor } from '../../src/kernel/actor';
import type { LogColumn } from '../../src/log/columns';
import type { LogRow } from '../../src/log/query';
import { Layout } from '../layout';
import { CopyStatus } from '../partials/copy-id';
import { LogColumnChooser } from '../partials/log-columns';
import type { LogDetailsProps } from '../partials/log-details';
import { LogDetails } from '../partials/log-details';
import { LogFilters, type LogFilterValues } from '../partials/log-filters';
import { LogTable } from '../partials/log-table';

export type { LogFilterValues } from '../partials/log-filters';

export interface LogsPageProps {
  actor: Actor;
  csrfToken: string | null | undefined;
  filters: LogFilterValues;
  apps: { id: string; name: string }[];
  rows: LogRow[];
  total: { count: number; capped: boolean } | null;
  columns: LogColumn[];
  canChooseColumns: boolean;
  selfHref: string;
  nextHref: string | null;
  /** The API query string of the current filter (`?status=failure&...` or empty), shared by every download. */
  exportQuery: string;
  error?: string | undefined;
  /** The entry of `?entry=`: its details open in the flyout on load. */
  selected?: LogDetailsProps | undefined;
  /** `?entry=` named an entry that does not exist (any more: retention removes old rows). */
  entryMissing?: boolean | undefined;
}

function totalText(total: LogsPageProps['total']): string {
  if (!total) return 'many events';
  if (total.capped) return `${total.count.toLocaleString('en-US')}+ events`;
  return `${total.count.toLocaleString('en-US')} ${total.count === 1 ? 'event' : 'events'}`;
}

function Downloads(props: { query: string }) {
  const base = '/api/v1/provisioning-logs/export';
  return (
    <details class="download-menu">
      <summary class="btn">Download</summary>
      <ul class="menu">
        <li>
          <a href={`${base}.csv${props.query}`} download="">
            CSV (one row per event)
          </a>
        </li>
        <li>
          <a href={`${base}.zip${props.query}`} download="">
            Entra-compatible bundle (zip of 3 CSV files)
          </a>
        </li>
        <li>
          <a href={`${base}.ndjson${props.query}`} download="">
            JSON lines (NDJSON)
          </a>
        </li>
      </ul>
    </details>
  );
}

/** The details flyout. Closing is a `method="dialog"` form, which closes the dialog even without script. */
function Flyout(props: { selected: LogDetailsProps | undefined }) {
  return (
    <dialog
      id="log-flyout"
      class="flyout"
      aria-labelledby="log-detail-title"
      aria-modal="true"
      open={props.selected !== undefined}
    >
      <form method="dialog" class="flyout-bar">
        <button type="submit" class="btn btn-quiet flyout-close" aria-label="Close details (Esc)">
          Close <span aria-hidden="true">✕</span>
        </button>
      </form>
      <div id="log-detail" class="flyout-body">
        {props.selected ? <LogDetails {...props.selected} /> : null}
      </div>
      <CopyStatus />
    </dialog>
  );
}

/** The page. */
export function LogsPage(props: LogsPageProps) {
  const appNames = new Map(props.apps.map((a) => [a.id, a.name]));
  return (
    <Layout
      title="Provisioning logs"
      actor={props.actor}
      csrfToken={props.csrfToken}
      active="logs"
      skipTo={{ href: '#log-results', label: 'Skip to results' }}
    >
      <link rel="stylesheet" href="/static/logs.css" />
      <script src="/static/logs.js" defer></script>
      <div class="page-head log-head">
        <h1>Provisioning logs</h1>
        <div class="log-toolbar">
          {props.canChooseColumns && props.csrfToken ? (
            <LogColumnChooser columns={props.columns} csrfToken={props.csrfToken} back={props.selfHref} />
          ) : null}
          <Downloads query={props.exportQuery} />
          {props.actor.role === 'admin' ? (
            <a class="btn btn-quiet" href="/settings/logs">
              Retention
            </a>
          ) : null}
        </div>
      </div>
      <LogFilters filters={props.filters} apps={props.apps} />
      {props.error ? (
        <p class="alert alert-error" role="alert">
          {props.error}
        </p>
      ) : (
        <p class="log-total muted" data-total="">
          {totalText(props.total)}
        </p>
      )}
      {props.entryMissing ? (
        <p class="alert" role="status">
          That log entry no longer exists: retention may have removed it.
        </p>
      ) : null}
      <section id="log-results" class="card log-list" tabindex={-1} aria-label="Provisioning events">
        <LogTable
          rows={props.rows}
          nextHref={props.nextHref}
          columns={props.columns}
          appNames={appNames}
          selectedId={props.selected?.row.id}
        />
      </section>
      <CopyStatus />
      <Flyout selected={props.selected} />
    </Layout>
  );
}
