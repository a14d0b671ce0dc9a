/**
 * Recent cycles of an application, each linked to its filtered provisioning logs. Refreshes itself when
 * the status card reports that a cycle finished (the `cycle-finished` event from an HX-Trigger header).
 */
import type { cycleSummary } from '../../src/engine/cycle/cycles-repo';
import { Badge, formatDuration, Time } from './format';

type CycleView = ReturnType<typeof cycleSummary>;

/** The table (or an empty-state line) in its own card. */
export function CyclesTable(props: { appId: string; cycles: CycleView[] }) {
  return (
    <section
      class="card"
      id="recent-cycles"
      hx-get={`/apps/${props.appId}/cycles`}
      hx-trigger="cycle-finished from:body"
      hx-swap="outerHTML"
    >
      <h2>Recent cycles</h2>
      {props.cycles.length === 0 ? (
        <p class="muted">No cycle has run yet.</p>
      ) : (
        <div class="table-wrap">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">Started</th>
                <th scope="col">Type</th>
                <th scope="col">Status</th>
                <th scope="col">Initiated by</th>
                <th scope="col">Duration</th>
                <th scope="col" class="num">
                  Processed
                </th>
                <th scope="col" class="num" title="Created / Updated / Disabled / Deleted">
                  C / U / Dis / Del
                </th>
                <th scope="col" class="num">
                  Skipped
                </th>
                <th scope="col" class="num">
                  Failed
                </th>
                <th scope="col">Logs</th>
              </tr>
            </thead>
            <tbody>
              {props.cycles.map((c) => (
                <tr>
                  <td>
                    <Time at={c.startedAt} />
                  </td>
                  <td>{c.type === 'initial' ? 'Initial' : 'Incremental'}</td>
                  <td>
                    <Badge code={c.status === 'running' ? 'running' : c.status} />
                  </td>
                  <td>{c.initiatedBy}</td>
                  <td>{c.endedAt ? formatDuration(Date.parse(c.endedAt) - Date.parse(c.startedAt)) : '—'}</td>
                  <td class="num">
                    {c.processed} / {c.total}
                  </td>
                  <td class="num">
                    {c.counts.created} / {c.counts.updated} / {c.counts.disabled} / {c.counts.deleted}
                  </td>
                  <td class="num">{c.counts.skipped}</td>
                  <td class={c.counts.failed > 0 ? 'num bad' : 'num'}>{c.counts.failed}</td>
                  <td>
                    <a href={`/logs?appId=${encodeURIComponent(props.appId)}&cycleId=${encodeURIComponent(c.id)}`}>
                      View logs
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
