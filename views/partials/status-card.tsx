/**
 * The live "Current cycle status" card (Entra's Current Status). While a cycle runs, the card re-renders
 * itself every second (`hx-trigger="load delay:1s"` + outerHTML); a card rendered for an idle app has no
 * trigger, so polling stops by itself at a terminal state.
 */
import type { AppStatus } from '../../src/operate/status';
import type { AppFacts } from '../../src/reports/app-facts';
import { cycleProgress } from '../../src/reports/app-facts';
import type { Activity24h } from '../../src/reports/app-summary';
import { Counts, CycleSummary, type CycleView, cycleLogsHref } from './cycle-summary';
import { Csrf } from './field';
import { Badge, labelOf, Time } from './format';
import { HealthPanel } from './health-panel';
import { OverviewFigures, PacingLine, ProgressFigures, StatusFacts } from './status-figures';

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

/**
 * The last cycle and, when it is not the initial one, the last initial cycle beside it; while a cycle runs
 * only the initial one stays (the running block shows the rest).
 */
function Cycles(props: { status: AppStatus; appId: string; justFinished: boolean }) {
  const { currentCycle: current, lastCycle: last, lastInitialCycle: initial } = props.status;
  const showLast = last !== null && current === null;
  const showInitial = initial !== null && current?.type !== 'initial' && (current !== null || initial.id !== last?.id);
  if (!showLast && !showInitial) return null;
  return (
    <div class="cycle-summaries">
      {showLast ? (
        <CycleSummary
          cycle={last}
          appId={props.appId}
          title="Last cycle"
          class="last-cycle"
          justFinished={props.justFinished}
        />
      ) : null}
      {showInitial ? (
        <CycleSummary cycle={initial} appId={props.appId} title="Last initial cycle" class="last-initial-cycle" />
      ) : null}
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
      {status.pacing ? <PacingLine pacing={status.pacing} running={current !== null} /> : null}
      <Cycles status={status} appId={app.id} justFinished={props.justFinished ?? false} />
      {variant === 'overview' ? <OverviewFigures appId={app.id} status={status} activity={props.activity} /> : null}
      {props.facts ? <StatusFacts facts={props.facts} /> : null}
      {props.facts ? null : (
        <p class="stats">
          <span>
            Users in scope: <strong class="users-in-scope">{status.statistics.inScope.users}</strong> ·{' '}
          </span>
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
