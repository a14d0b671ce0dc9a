/**
 * The provisioning-log list with the chosen columns (Entra's defaults unless the account chose others). Each
 * row's date is a link: htmx loads the details into the flyout, and without JS it opens the entry's own page.
 * public/logs.js makes rows keyboard-navigable (one row in the Tab order, arrows move) and clickable.
 */
import type { LogColumn } from '../../src/log/columns';
import type { LogRow } from '../../src/log/query';
import { Time } from './format';
import { COLUMN_LABELS, columnCell } from './log-columns';

/** Rows plus paging; `selectedId` marks the row whose details are open (a deep link). */
export function LogTable(props: {
  rows: LogRow[];
  nextHref: string | null;
  columns: LogColumn[];
  appNames: Map<string, string>;
  selectedId?: string | undefined;
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
              <tr
                class="log-row"
                data-row-link=""
                data-entry-id={r.id}
                aria-current={r.id === props.selectedId ? 'true' : undefined}
              >
                {props.columns.map((col) =>
                  col === 'date' ? (
                    <td>
                      <a
                        class="row-link"
                        href={`/logs/${encodeURIComponent(r.id)}`}
                        hx-get={`/logs/${encodeURIComponent(r.id)}`}
                        hx-target="#log-detail"
                        hx-swap="innerHTML"
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
