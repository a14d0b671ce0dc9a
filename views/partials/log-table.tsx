/**
 * The provisioning-log list with the chosen columns (Entra's defaults unless the account chose others). Each
 * row's date is a link that htmx loads into the details panel (full page without JS); public/app.js makes the
 * whole row clickable.
 */
import type { LogColumn } from '../../src/log/columns';
import type { LogRow } from '../../src/log/query';
import { Time } from './format';
import { COLUMN_LABELS, columnCell } from './log-columns';

/** Rows plus paging. */
export function LogTable(props: {
  rows: LogRow[];
  nextHref: string | null;
  columns: LogColumn[];
  appNames: Map<string, string>;
}) {
  if (props.rows.length === 0) {
    return <p class="empty muted">No provisioning events match these filters.</p>;
  }
  return (
    <>
      <div class="table-wrap">
        <table class="table log-table">
          <thead>
            <tr>
              {props.columns.map((col) => (
                <th scope="col">{COLUMN_LABELS[col]}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr class="log-row" data-row-link="">
                {props.columns.map((col) =>
                  col === 'date' ? (
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
                  ) : (
                    <td>{columnCell(col, r, props.appNames.get(r.appId))}</td>
                  ),
                )}
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
