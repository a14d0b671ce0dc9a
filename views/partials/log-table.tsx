/**
 * The provisioning-log list with Entra's default columns. Each row's date is a link that htmx loads into
 * the details panel (full page without JS); public/app.js makes the whole row clickable.
 */
import type { LogRow } from '../../src/log/query';
import { actionLabel, Badge, Time } from './format';

/** Rows plus paging. */
export function LogTable(props: { rows: LogRow[]; nextHref: string | null }) {
  if (props.rows.length === 0) {
    return <p class="empty muted">No provisioning events match these filters.</p>;
  }
  return (
    <>
      <div class="table-wrap">
        <table class="table log-table">
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Identity</th>
              <th scope="col">Action</th>
              <th scope="col">Source System</th>
              <th scope="col">Target System</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr class="log-row" data-row-link="">
                <td>
                  <a
                    class="row-link"
                    href={`/logs/${encodeURIComponent(r.id)}`}
                    hx-get={`/logs/${encodeURIComponent(r.id)}`}
                    hx-target="#log-detail"
                    hx-swap="innerHTML show:top"
                  >
                    <Time at={r.activityDateTime} />
                  </a>
                </td>
                <td>
                  <div class="identity-name">{r.sourceDisplayName ?? '—'}</div>
                  <div class="muted small mono">{r.sourceId}</div>
                </td>
                <td>{actionLabel(r.provisioningAction)}</td>
                <td>{r.sourceSystem}</td>
                <td>{r.targetSystem}</td>
                <td>
                  <Badge code={r.status} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {props.nextHref ? (
        <p class="pager">
          <a class="btn" href={props.nextHref} rel="next">
            Next page →
          </a>
        </p>
      ) : null}
    </>
  );
}
