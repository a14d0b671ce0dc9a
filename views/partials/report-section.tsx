/**
 * One report: its chart (a canvas that public/charts.js draws from the JSON in data-chart), the same rows as
 * a table (the chart's accessible alternative) and a CSV link. No inline script: CSP is script-src 'self'.
 */
import type { ReportTable } from '../../src/reports/report-tables';
import { queryString, Time } from './format';

export interface ReportSectionProps {
  table: ReportTable;
  params: Record<string, string | undefined>;
}

function logsLinkFor(code: string, params: Record<string, string | undefined>, lastSeen: number) {
  // The logs page keeps 24h/7d/30d presets; other ranges become an explicit window ending at the last occurrence.
  const preset = ['24h', '7d', '30d'].includes(params.range ?? '') ? params.range : undefined;
  const from = preset ? undefined : (params.from ?? new Date(lastSeen - 90 * 86_400_000).toISOString());
  return `/logs${queryString({ appId: params.appId, status: 'failure', errorCode: code, range: preset, from, to: params.to })}`;
}

function Cell(props: { value: string | number | null; time: boolean }) {
  const v = props.value;
  if (v === null) return <td class="muted">–</td>;
  if (typeof v === 'number') return <td class="num">{v.toLocaleString('en-US')}</td>;
  // Instants (last seen, cycle start) in the reader's time; buckets stay in UTC, as the chart draws them.
  if (props.time && /^\d{4}-\d\d-\d\dT/.test(v)) {
    return (
      <td>
        <Time at={v} />
      </td>
    );
  }
  // An hour bucket (UTC, like the chart's axis): "2026-12-05 14:00".
  if (/^\d{4}-\d\d-\d\dT\d\d:00:00\.000Z$/.test(v))
    return <td class="nowrap">{`${v.slice(0, 10)} ${v.slice(11, 16)}`}</td>;
  return <td class={/^\d{4}-\d\d-\d\d$/.test(v) ? 'nowrap' : 'report-text'}>{v}</td>;
}

/** The section. */
export function ReportSection(props: ReportSectionProps) {
  const { table } = props;
  const headingId = `report-${table.key}`;
  const csv = `/reports/export/${table.key}${queryString(props.params)}`;
  // A series of zeros is as empty as no rows: say so rather than draw bare axes.
  const empty =
    table.rows.length === 0 ||
    (table.chart?.datasets.every((d) => d.data.every((v) => v === null || (v === 0 && !table.chart?.percent))) ??
      false);
  return (
    <section class="card report" id={headingId} aria-labelledby={`${headingId}-h`}>
      <header class="card-head">
        <h2 id={`${headingId}-h`}>{table.title}</h2>
        <a class="btn btn-small" href={csv} download>
          Export as CSV
        </a>
      </header>
      {table.note && !empty ? <p class="muted small report-note">{table.note}</p> : null}
      {table.chart && !empty ? (
        <div class="chart-box">
          <canvas
            class="report-chart"
            data-chart={JSON.stringify(table.chart)}
            role="img"
            aria-label={`${table.title} chart; the same figures are in the table below`}
          />
        </div>
      ) : null}
      {empty ? <p class="muted">Nothing in this range.</p> : null}
      {empty ? null : (
        <details class="table-view" open={table.chart === null || table.key === 'errors'}>
          <summary>{table.chart ? 'Table view' : 'Table'}</summary>
          <div class="table-wrap">
            <table class="table report-table">
              <caption class="sr-only">{table.title}</caption>
              <thead>
                <tr>
                  {table.columns.map((c) => (
                    <th scope="col">{c}</th>
                  ))}
                  {table.errors ? <th scope="col">logs</th> : null}
                </tr>
              </thead>
              <tbody>
                {table.rows.map((row, i) => (
                  <tr>
                    {row.map((v, j) => (
                      <Cell value={v} time={table.timeColumns?.includes(j) ?? false} />
                    ))}
                    {table.errors?.[i] ? (
                      <td>
                        <a href={logsLinkFor(table.errors[i].errorCode, props.params, table.errors[i].lastSeen)}>
                          View failures
                        </a>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      )}
    </section>
  );
}
