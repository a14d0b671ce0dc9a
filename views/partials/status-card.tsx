/**
 * The live "Current cycle status" card (Entra's Current Status). While a cycle runs, the card re-renders
 * itself every second (`hx-trigger="load delay:1s"` + outerHTML); a card rendered for an idle app has no
 * trigger, so polling stops by itself at a terminal state.
 */
import type { AppStatus } from '../../src/operate/status';
import type { AppFacts } from '../../src/reports/app-facts';
import { cycleProgress } from '../../src/reports/app-facts';
import type { Activity24h } from '../../src/reports/app-summary';
import { Csrf } from './field';
import { Badge, formatDuration, labelOf, Time } from './format';
import { HealthPanel } from './health-panel';
import { OverviewFigures, ProgressFigures, StatusFacts } from './status-figures';

type CycleView = NonNullable<AppStatus['lastCycle']>;

export interface StatusCardProps {
  app: { id: string; name: string };
  status: AppStatus;
  variant: 'overview' | 'app';
  canRun: boolean;
  /** Admins get Restart on a quarantined job; operators (canRun) and admins get Allow deletes. */
  canAdmin?: boolean | undefined;
  csrfToken: string | null | undefined;
  notice?: { tone: 'ok' | 'error'; text: string } | undefined;
  /** Overview: the last 24 hours (failures, throttles, sparkline). */
  activity?: Activity24h | undefined;
  /** Application page: statistics to date, steady state, next cycle. */
  facts?: AppFacts | undefined;
  /** The poll that saw the cycle end: show the finished bar at 100 % once. */
  justFinished?: boolean | undefined;
  now?: number | undefined;
}

const IDLE_TEXT: Record<string, string> = {
  not_configured: 'Set the Tenant URL and Secret Token to start provisioning.',
  paused: 'Provisioning is off; no cycles run until it is turned on.',
  not_run: 'Initial cycle not run.',
  active: 'Incremental cycles run on the schedule and after directory changes.',
  quarantine: 'Scheduled cycles are suspended; the job retries at its next attempt.',
};

const COUNTS = [
  ['created', 'Created'],
  ['updated', 'Updated'],
  ['disabled', 'Disabled'],
  ['deleted', 'Deleted'],
  ['skipped', 'Skipped'],
  ['failed', 'Failed'],
] as const;

function Counts(props: { cycle: CycleView }) {
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

function Running(props: { cycle: CycleView; appId: string; now: number }) {
  const { cycle } = props;
  const progress = cycleProgress(cycle.processed, cycle.total, Date.parse(cycle.startedAt), props.now);
  const pct = progress.percent;
  return (
    <div class="cycle-running">
      <p>
        <strong>{cycle.type === 'initial' ? 'Initial' : 'Incremental'} cycle running</strong>, started{' '}
        <Time at={cycle.startedAt} /> by {cycle.initiatedBy}
      </p>
      {cycle.total > 0 ? (
        <progress value={cycle.processed} max={cycle.total} aria-label="Cycle progress">
          {pct}%
        </progress>
      ) : (
        <progress aria-label="Cycle progress" />
      )}
      <p class="progress-text">
        <span class="processed">{cycle.processed}</span> / <span class="total">{cycle.total}</span> users processed
        {pct === null ? '' : ` (${pct}%)`}
      </p>
      <ProgressFigures progress={progress} cycleLogs={cycleLogsHref(props.appId, cycle.id)} />
      <Counts cycle={cycle} />
    </div>
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

function cycleLogsHref(appId: string, cycleId: string): string {
  return `/logs?appId=${encodeURIComponent(appId)}&cycleId=${encodeURIComponent(cycleId)}`;
}

function LastCycle(props: { cycle: CycleView; appId: string; justFinished: boolean }) {
  const { cycle } = props;
  const ms = cycle.endedAt ? Date.parse(cycle.endedAt) - Date.parse(cycle.startedAt) : null;
  return (
    <div class="last-cycle">
      <h3>Last cycle</h3>
      {props.justFinished ? (
        <>
          <progress value={cycle.processed} max={Math.max(cycle.processed, cycle.total, 1)} aria-label="Cycle progress">
            100%
          </progress>
          <p class="progress-text">
            <span class="processed">{cycle.processed}</span> / <span class="total">{cycle.total}</span> users processed
            (100%) · cycle finished
          </p>
        </>
      ) : null}
      <p>
        {cycle.type === 'initial' ? 'Initial' : 'Incremental'} · <Badge code={cycle.status} /> · completed{' '}
        <Time at={cycle.endedAt ?? cycle.startedAt} /> · took {formatDuration(ms)}
      </p>
      {cycle.error ? <p class="alert alert-error">{cycle.error}</p> : null}
      <Counts cycle={cycle} />
      <Requests cycle={cycle} />
      <p>
        <a href={cycleLogsHref(props.appId, cycle.id)}>View the logs of this cycle</a>
      </p>
    </div>
  );
}

/** The card; the same markup serves the overview grid, the application page and the polling partial. */
export function StatusCard(props: StatusCardProps) {
  const { app, status, variant } = props;
  const current = status.currentCycle;
  // Failures in the last 24 hours or failed objects waiting in escrow: the card says so at a glance.
  const failing = (props.activity?.failed ?? 0) > 0 || status.escrows.failures > 0;
  const poll = current
    ? {
        'hx-get': `/apps/${app.id}/status-card?variant=${variant}&was=running`,
        'hx-trigger': 'load delay:1s',
        'hx-swap': 'outerHTML',
      }
    : {};
  return (
    <section
      class={`card status-card state-${status.state}${failing ? ' failing' : ''}`}
      id={`status-${app.id}`}
      data-state={status.state}
      {...poll}
    >
      <header class="card-head">
        {variant === 'overview' ? (
          <h2>
            <a href={`/apps/${app.id}`}>{app.name}</a>
          </h2>
        ) : (
          <h2>Current cycle status</h2>
        )}
        <Badge code={status.state} />
      </header>
      {props.notice ? (
        <p class={props.notice.tone === 'ok' ? 'alert alert-ok' : 'alert alert-error'} role="status">
          {props.notice.text}
        </p>
      ) : null}
      <HealthPanel
        appId={app.id}
        status={status}
        canAdmin={props.canAdmin ?? false}
        canOperate={props.canRun}
        csrfToken={props.csrfToken}
      />
      {current ? (
        <Running cycle={current} appId={app.id} now={props.now ?? Date.now()} />
      ) : (
        <p class="state-text">{IDLE_TEXT[status.state] ?? labelOf(status.state)}</p>
      )}
      {status.lastCycle && !current ? (
        <LastCycle cycle={status.lastCycle} appId={app.id} justFinished={props.justFinished ?? false} />
      ) : null}
      {variant === 'overview' ? <OverviewFigures appId={app.id} status={status} activity={props.activity} /> : null}
      {props.facts ? <StatusFacts facts={props.facts} /> : null}
      {props.facts ? null : (
        <p class="stats">
          <span>
            Users provisioned: <strong class="users-provisioned">{status.statistics.usersProvisioned}</strong>
          </span>
          {status.statistics.usersDisabled > 0 ? (
            <span> · disabled in the target: {status.statistics.usersDisabled}</span>
          ) : null}
        </p>
      )}
      {props.canRun && !current && status.state !== 'not_configured' ? (
        <form
          method="post"
          action={`/apps/${app.id}/run`}
          hx-post={`/apps/${app.id}/run`}
          hx-target="closest .status-card"
          hx-swap="outerHTML"
          class="actions"
        >
          <Csrf token={props.csrfToken} />
          <input type="hidden" name="variant" value={variant} />
          <button type="submit" class="btn">
            Run cycle now
          </button>
        </form>
      ) : null}
      {props.canAdmin && variant === 'app' && !current && status.state !== 'not_configured' && !status.quarantine ? (
        <form
          method="post"
          action={`/apps/${app.id}/restart`}
          class="actions"
          data-confirm="Restart provisioning? Escrows are cleared and the next cycle re-evaluates every user."
        >
          <Csrf token={props.csrfToken} />
          <button type="submit" class="btn">
            Restart provisioning
          </button>
        </form>
      ) : null}
    </section>
  );
}
