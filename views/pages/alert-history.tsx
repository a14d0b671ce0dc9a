/**
 * Alert history (every role): each alert's state, rule, application, fired and resolved times, a link to the
 * matching log rows, and every delivery attempt with its error.
 */
import type { AlertItem } from '../../src/alerts/alert-query';
import type { Actor } from '../../src/kernel/actor';
import { Layout } from '../layout';
import { Time } from '../partials/format';

export interface AlertHistoryProps {
  actor: Actor;
  csrf: string;
  state: string;
  items: AlertItem[];
  nextCursor: string | null;
  appNames: Map<string, string>;
}

const STATES: [string, string][] = [
  ['', 'All'],
  ['firing', 'Firing'],
  ['resolved', 'Resolved'],
];

export function AlertHistoryPage(props: AlertHistoryProps) {
  return (
    <Layout title="Alert history" actor={props.actor} csrfToken={props.csrf} active="alerts">
      <h1>Alert history</h1>
      <nav class="settings-nav" aria-label="Alert state">
        {STATES.map(([v, l]) => (
          <a
            href={v ? `/alerts?state=${v}` : '/alerts'}
            aria-current={props.state === v ? 'page' : undefined}
            class={props.state === v ? 'is-current' : undefined}
          >
            {l}
          </a>
        ))}
      </nav>
      {props.items.length === 0 ? (
        <p class="empty muted">No alerts.</p>
      ) : (
        props.items.map((a) => (
          <section class="card stack" aria-label={`${a.ruleName}: ${a.state}`}>
            <h2>
              <span class={a.state === 'firing' ? 'badge badge-bad' : 'badge badge-ok'}>
                {a.state === 'firing' ? 'Firing' : 'Resolved'}
              </span>{' '}
              {a.ruleName} <span class="muted small">({a.severity})</span> — {props.appNames.get(a.appId) ?? a.appId}
            </h2>
            <p>{a.summary}</p>
            <p class="small">
              Fired <Time at={a.firedAt} />
              {a.resolvedAt ? (
                <>
                  , resolved <Time at={a.resolvedAt} />
                </>
              ) : null}
              {' · '}
              <a href={`/logs?${a.logsQuery}`}>The matching log rows</a>
              {a.pending > 0 ? <span class="muted"> · {a.pending} message(s) waiting to be retried</span> : null}
            </p>
            {a.deliveries.length === 0 ? (
              <p class="muted small">No delivery attempt yet.</p>
            ) : (
              <div class="table-wrap">
                <table class="table">
                  <caption class="sr-only">Delivery attempts</caption>
                  <thead>
                    <tr>
                      <th scope="col">At</th>
                      <th scope="col">Message</th>
                      <th scope="col">Channel</th>
                      <th scope="col">Status</th>
                      <th scope="col">Error</th>
                    </tr>
                  </thead>
                  <tbody>
                    {a.deliveries.map((d) => (
                      <tr>
                        <td>
                          <Time at={d.at} />
                        </td>
                        <td>{d.event}</td>
                        <td>{d.channel}</td>
                        <td>
                          <span class={d.status === 'sent' ? 'badge badge-ok' : 'badge badge-bad'}>{d.status}</span>
                        </td>
                        <td>{d.error ?? ''}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        ))
      )}
      {props.nextCursor ? (
        <p>
          <a
            href={`/alerts?${new URLSearchParams({ ...(props.state ? { state: props.state } : {}), cursor: props.nextCursor }).toString()}`}
          >
            Older alerts
          </a>
        </p>
      ) : null}
    </Layout>
  );
}
