/**
 * The Requests tab (beyond Entra): the SCIM exchanges made for one event, so "what exactly did we send, and
 * what did the app answer?" has an answer. Bodies were redacted and cut to 4 KiB when they were written.
 */
import type { LogRequestRow } from '../../src/log/requests';
import { formatDuration } from './format';

function prettyBody(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body; // cut at 4 KiB or not JSON: show it as stored
  }
}

function Body(props: { label: string; body: string | null }) {
  if (!props.body) return <p class="muted small">{props.label}: none</p>;
  return (
    <details class="req-body">
      <summary>{props.label}</summary>
      <pre class="code">{prettyBody(props.body)}</pre>
    </details>
  );
}

/** The list of exchanges, in the order they were made. */
export function LogRequests(props: { requests: LogRequestRow[] }) {
  if (props.requests.length === 0)
    return <p class="muted">No SCIM requests were recorded for this event (nothing was sent, or it predates them).</p>;
  return (
    <ol class="requests">
      {props.requests.map((r) => (
        <li class={`request ${r.status !== null && r.status < 400 ? 'request-ok' : 'request-bad'}`}>
          <div class="request-line">
            <code class="method">{r.method}</code> <code class="path">{r.path}</code>{' '}
            <span class="status">{r.status === null ? (r.error ?? 'no answer') : `HTTP ${r.status}`}</span>
          </div>
          <dl class="kv request-meta">
            <dt>Duration</dt>
            <dd>{formatDuration(r.durationMs)}</dd>
            <dt>Attempt</dt>
            <dd>{r.attempts}</dd>
            <dt>Waited before sending</dt>
            <dd>{formatDuration(r.waitedMs)}</dd>
            {r.error ? (
              <>
                <dt>Error</dt>
                <dd>
                  <code>{r.error}</code>
                </dd>
              </>
            ) : null}
          </dl>
          <Body label="Request body" body={r.requestBody} />
          <Body label="Response body" body={r.responseBody} />
        </li>
      ))}
    </ol>
  );
}
