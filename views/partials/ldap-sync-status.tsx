/**
 * An LDAP source's sync status: its state, the run going on, the last runs with their counts and errors, the
 * link to its inbound log rows, and Sync now / Full sync (operators). While a run goes on the panel reloads
 * itself every 2 s (htmx), so the counts appear without a page reload.
 */
import type { recentSyncRuns, SyncRunView, sourceSyncStatus } from '../../src/sources/ldap/sync-runs';
import { Csrf } from './field';
import { formatDuration, Time } from './format';

type Status = ReturnType<typeof sourceSyncStatus>;

const STATE: Record<string, { label: string; tone: string }> = {
  never: { label: 'Never synced', tone: 'neutral' },
  idle: { label: 'Idle', tone: 'ok' },
  syncing: { label: 'Syncing', tone: 'info' },
  failed: { label: 'Failed', tone: 'bad' },
  held: { label: 'Deletes held', tone: 'warn' },
  running: { label: 'Running', tone: 'info' },
  succeeded: { label: 'Succeeded', tone: 'ok' },
};

/** A state badge (source state or run state). */
export function SyncStateBadge(props: { state: string }) {
  const s = STATE[props.state] ?? { label: props.state, tone: 'neutral' };
  return <span class={`badge badge-${s.tone} sync-state`}>{s.label}</span>;
}

/** "12 created, 3 updated …" of a run; zero counts are left out. */
export function runCounts(run: SyncRunView): string {
  const parts = Object.entries(run.counts)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k}`);
  return parts.length > 0 ? parts.join(', ') : 'no changes';
}

/** The one-line summary the source list shows. */
export function SyncSummary(props: { status: Status }) {
  const { state, lastSync } = props.status;
  return (
    <>
      <SyncStateBadge state={state} />
      {lastSync ? (
        <span class="small muted">
          {' '}
          <Time at={lastSync.endedAt ?? lastSync.startedAt} /> · {runCounts(lastSync)}
        </span>
      ) : null}
    </>
  );
}

interface PanelProps {
  sourceId: string;
  status: Status;
  runs: ReturnType<typeof recentSyncRuns>;
  csrf: string;
  canSync: boolean;
  schedule: { pollSeconds: number; reconcileMinutes: number; paused: boolean };
  message?: { tone: 'ok' | 'error'; text: string } | undefined;
}

/** The panel (its own htmx target: #sync-status). */
export function SyncStatusPanel(props: PanelProps) {
  const { status, runs } = props;
  const base = `/settings/sources/${props.sourceId}`;
  const logs = `/logs?appId=${encodeURIComponent(`source:${props.sourceId}`)}&range=24h`;
  const polling = status.state === 'syncing';
  return (
    <section
      class="card sync-status stack"
      id="sync-status"
      aria-labelledby="sync-status-h"
      hx-get={polling ? `${base}/status` : undefined}
      hx-trigger={polling ? 'every 2s' : undefined}
      hx-swap={polling ? 'outerHTML' : undefined}
    >
      <header class="card-head">
        <h2 id="sync-status-h">Status</h2>
        <SyncStateBadge state={status.state} />
      </header>
      {props.message ? (
        <p class={`alert alert-${props.message.tone}`} role={props.message.tone === 'error' ? 'alert' : 'status'}>
          {props.message.text}
        </p>
      ) : null}
      {status.currentSync ? (
        <p class="current-sync">
          A {status.currentSync.type} sync is running since <Time at={status.currentSync.startedAt} />.
        </p>
      ) : null}
      {status.state === 'held' && status.lastSync?.error ? (
        <p class="alert alert-warn">{status.lastSync.error}</p>
      ) : null}
      <p class="muted sync-schedule">
        {props.schedule.paused
          ? 'Scheduled syncs are paused; Sync now and Full sync still run.'
          : `Changes are polled every ${props.schedule.pollSeconds} s; a full sync, which also finds deletes, runs every ${props.schedule.reconcileMinutes} min.`}
      </p>
      {props.canSync ? <SyncButtons base={base} csrf={props.csrf} held={status.state === 'held'} /> : null}
      <h3>Last syncs</h3>
      {runs.length === 0 ? <p class="empty muted">No syncs yet.</p> : <RunsTable runs={runs} />}
      <p>
        <a class="source-logs-link" href={logs}>
          Inbound log of this source, last 24 hours
        </a>
      </p>
    </section>
  );
}

function SyncButtons(props: { base: string; csrf: string; held: boolean }) {
  const button = (type: string, label: string, primary: boolean, allowDeletes = false) => (
    <form method="post" action={`${props.base}/run`} class="inline-action">
      <Csrf token={props.csrf} />
      <input type="hidden" name="type" value={type} />
      {allowDeletes ? <input type="hidden" name="allowDeletes" value="on" /> : null}
      <button
        type="submit"
        class={allowDeletes ? 'btn btn-danger' : primary ? 'btn btn-primary' : 'btn'}
        data-confirm={
          allowDeletes
            ? 'Run a full sync that deletes every user and group missing from LDAP, above the threshold?'
            : undefined
        }
      >
        {label}
      </button>
    </form>
  );
  return (
    <div class="actions">
      {button('incremental', 'Sync now', true)}
      {button('full', 'Full sync', false)}
      {props.held ? button('full', 'Full sync, allow deletes', false, true) : null}
    </div>
  );
}

function RunsTable(props: { runs: SyncRunView[] }) {
  return (
    <div class="table-wrap">
      <table class="table sync-runs">
        <caption class="sr-only">Last syncs, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Started</th>
            <th scope="col">Type</th>
            <th scope="col">Trigger</th>
            <th scope="col">State</th>
            <th scope="col">Duration</th>
            <th scope="col">Changes</th>
            <th scope="col">Error</th>
          </tr>
        </thead>
        <tbody>
          {props.runs.map((r) => (
            <tr>
              <td>
                <Time at={r.startedAt} />
              </td>
              <td>{r.type === 'full' ? 'Full' : 'Incremental'}</td>
              <td>{r.trigger === 'manual' ? 'Manual' : 'Schedule'}</td>
              <td>
                <SyncStateBadge state={r.state} />
              </td>
              <td>{r.endedAt ? formatDuration(r.endedAt - r.startedAt) : '—'}</td>
              <td class="run-counts">{r.state === 'running' ? '…' : runCounts(r)}</td>
              <td class="run-error">{r.error ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
