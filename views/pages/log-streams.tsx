/**
 * Settings → Log streams (issue 17): each stream's state, lag, throughput and last error, with pause, resume,
 * rewind and delete for admins, and the New log stream form. Viewers see the list only.
 */
import type { Actor } from '../../src/kernel/actor';
import type { StreamView } from '../../src/streams/stream-view';
import type { FieldErrors } from '../partials/field';
import { Csrf } from '../partials/field';
import { Time } from '../partials/format';
import { NewStreamForm, type StreamFormValues } from '../partials/log-stream-form';
import { Name } from '../partials/safe-text';
import { ActionButton } from '../partials/security-bits';
import { SettingsLayout } from '../settings-layout';

export interface LogStreamsPageProps {
  actor: Actor;
  csrf: string;
  streams: StreamView[];
  notice?: string | undefined;
  form?: { values: StreamFormValues; errors?: FieldErrors | undefined } | undefined;
}

const STATE: Record<string, [string, string]> = {
  active: ['ok', 'Active'],
  paused: ['warn', 'Paused'],
  failing: ['bad', 'Failing (retrying)'],
};

function where(s: StreamView): string {
  const k = s.sink;
  return 'host' in k
    ? `${k.tls ? 'tls' : 'tcp'}://${k.host}:${k.port}`
    : 'index' in k
      ? `${k.url} → ${k.index}`
      : k.url;
}

const SINK_LABEL: Record<string, string> = { syslog: 'Syslog', hec: 'Splunk HEC', bulk: '_bulk', webhook: 'Webhook' };

function Row(props: { s: StreamView; csrf: string; admin: boolean }) {
  const s = props.s;
  const [tone, label] = STATE[s.state] ?? ['neutral', s.state];
  const base = `/settings/log-streams/${s.id}`;
  return (
    <tr>
      <td>
        <Name value={s.name} />
        <div class="muted">{s.log === 'audit' ? 'Audit log' : 'Provisioning log'}</div>
      </td>
      <td>
        {SINK_LABEL[s.sink.type] ?? s.sink.type}
        <div class="muted">
          <code>{where(s)}</code>
        </div>
      </td>
      <td>
        <span class={`badge badge-${tone}`}>{label}</span>
      </td>
      <td>
        {s.lag.rows.toLocaleString('en')} rows
        <div class="muted">{s.lag.seconds.toLocaleString('en')} s behind</div>
      </td>
      <td>{s.throughput.toLocaleString('en')} rows/s</td>
      <td>
        {s.delivered.toLocaleString('en')}
        <div class="muted">
          <Time at={s.lastDeliveredAt} />
        </div>
      </td>
      <td>
        {s.lastError ? (
          <>
            <span class="field-error">{s.lastError}</span>
            <div class="muted">
              <Time at={s.lastErrorAt} />
            </div>
          </>
        ) : (
          <span class="muted">none</span>
        )}
      </td>
      {props.admin ? (
        <td class="actions">
          {s.state === 'paused' ? (
            <ActionButton action={`${base}/resume`} csrf={props.csrf} label="Resume" name={`Resume ${s.name}`} />
          ) : (
            <ActionButton action={`${base}/pause`} csrf={props.csrf} label="Pause" name={`Pause ${s.name}`} />
          )}
          <form method="post" action={`${base}/rewind`} class="inline-action">
            <Csrf token={props.csrf} />
            <label class="sr-only" for={`from-${s.id}`}>
              Rewind {s.name} to (UTC)
            </label>
            <input type="datetime-local" id={`from-${s.id}`} name="from" required />
            <button type="submit" class="btn btn-small">
              Rewind
            </button>
          </form>
          <ActionButton action={`${base}/delete`} csrf={props.csrf} label="Delete" danger name={`Delete ${s.name}`} />
        </td>
      ) : null}
    </tr>
  );
}

export function LogStreamsPage(props: LogStreamsPageProps) {
  const admin = props.actor.role === 'admin';
  return (
    <SettingsLayout title="Log streams" actor={props.actor} csrfToken={props.csrf} active="streams">
      <p class="muted">
        Streams hand the provisioning or audit log to a SIEM or search engine, in order, at least once: a stream resumes
        where its sink last acknowledged after a restart or an outage. Rewind times are UTC.
      </p>
      {props.notice ? (
        <p class="alert alert-ok" role="status">
          {props.notice}
        </p>
      ) : null}
      <section class="card">
        {props.streams.length === 0 ? (
          <p class="empty muted">No log streams yet.</p>
        ) : (
          <div class="table-wrap">
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Sink</th>
                  <th scope="col">State</th>
                  <th scope="col">Lag</th>
                  <th scope="col">Throughput</th>
                  <th scope="col">Delivered</th>
                  <th scope="col">Last error</th>
                  {admin ? <th scope="col">Actions</th> : null}
                </tr>
              </thead>
              <tbody>
                {props.streams.map((s) => (
                  <Row s={s} csrf={props.csrf} admin={admin} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {admin && props.form ? (
        <NewStreamForm csrf={props.csrf} values={props.form.values} errors={props.form.errors} />
      ) : null}
    </SettingsLayout>
  );
}
