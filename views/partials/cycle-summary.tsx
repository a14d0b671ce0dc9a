/**
 * A finished cycle as the status card shows it: outcome line, counts, SCIM traffic and a link to its logs.
 * The card shows the last cycle and, beside it, the last initial cycle (Entra keeps both), so an empty
 * incremental cycle a few seconds after the initial one does not replace what the initial one did.
 */
import type { AppStatus } from '../../src/operate/status';
import { Badge, formatDuration, Time } from './format';

export type CycleView = NonNullable<AppStatus['lastCycle']>;

const COUNTS = [
  ['created', 'Created'],
  ['updated', 'Updated'],
  ['disabled', 'Disabled'],
  ['deleted', 'Deleted'],
  ['skipped', 'Skipped'],
  ['failed', 'Failed'],
] as const;

export function Counts(props: { cycle: CycleView }) {
  return (
    <dl class="counts">
      {COUNTS.map(([k, label]) => (
        <div class={props.cycle.counts[k] > 0 ? `count count-${k} nonzero` : `count count-${k}`}>
          <dt>{label}</dt>
          <dd>{props.cycle.counts[k]}</dd>
        </div>
      ))}
    </dl>
  );
}

/** SCIM traffic of a cycle: requests, retries, throttles (429/503) and the time waited for them. */
function Requests(props: { cycle: CycleView }) {
  const r = props.cycle.requests;
  return (
    <p class="cycle-requests small">
      {r.sent} SCIM requests ({r.retries} retries) · throttled <strong class="throttled">{r.throttled}</strong>{' '}
      {r.throttled === 1 ? 'time' : 'times'} · waited <span class="waited">{formatDuration(r.waitedMs)}</span>
      {props.cycle.counts.staged > 0 ? ` · ${props.cycle.counts.staged} disables/deletes held` : ''}
    </p>
  );
}

export function cycleLogsHref(appId: string, cycleId: string): string {
  return `/logs?appId=${encodeURIComponent(appId)}&cycleId=${encodeURIComponent(cycleId)}`;
}

/** A cycle that found nothing to do (an incremental cycle with no changes since the previous one). */
const isEmpty = (c: CycleView) =>
  c.processed === 0 &&
  c.total === 0 &&
  c.requests.sent === 0 &&
  c.error === null &&
  Object.values(c.counts).every((n) => n === 0);

/** The bar at 100 % the poll that saw the cycle end shows once. */
function FinishedBar(props: { cycle: CycleView }) {
  const { cycle } = props;
  return (
    <>
      <progress value={cycle.processed} max={Math.max(cycle.processed, cycle.total, 1)} aria-label="Cycle progress">
        100%
      </progress>
      <p class="progress-text">
        <span class="processed">{cycle.processed}</span> / <span class="total">{cycle.total}</span> users processed
        (100%) · cycle finished
      </p>
    </>
  );
}

export function CycleSummary(props: {
  cycle: CycleView;
  appId: string;
  title: string;
  class: string;
  justFinished?: boolean | undefined;
}) {
  const { cycle } = props;
  const ms = cycle.endedAt ? Date.parse(cycle.endedAt) - Date.parse(cycle.startedAt) : null;
  const empty = isEmpty(cycle);
  return (
    <div class={props.class}>
      <h3>{props.title}</h3>
      {props.justFinished && !empty ? <FinishedBar cycle={cycle} /> : null}
      <p>
        {cycle.type === 'initial' ? 'Initial' : 'Incremental'} · <Badge code={cycle.status} /> · completed{' '}
        <Time at={cycle.endedAt ?? cycle.startedAt} /> · took {formatDuration(ms)}
      </p>
      {cycle.error ? <p class="alert alert-error">{cycle.error}</p> : null}
      {/* Six zero counts and "0 / 0 (100%)" read like a failure; one sentence says what happened. */}
      {empty ? (
        <p class="progress-text empty-cycle">No changes to process since the previous cycle.</p>
      ) : (
        <>
          <Counts cycle={cycle} />
          <Requests cycle={cycle} />
        </>
      )}
      <p>
        <a href={cycleLogsHref(props.appId, cycle.id)}>View the logs of this cycle</a>
      </p>
    </div>
  );
}
