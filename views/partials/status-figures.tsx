/**
 * Figures on the status card (issue 8): a running cycle's rate and ETA, the overview's 24-hour activity
 * (failures linking to the filtered logs, escrow, throttles, a sparkline drawn by public/charts.js from a
 * data- attribute) and the application page's facts (statistics to date, steady state, next cycle).
 */
import type { AppStatus } from '../../src/operate/status';
import type { AppFacts, Progress } from '../../src/reports/app-facts';
import type { Activity24h } from '../../src/reports/app-summary';
import { formatDuration, queryString, Time } from './format';

/** The filtered-logs link for an app's failures (the "three clicks" path starts here). */
export function failedLogsHref(appId: string, range: '24h' | '7d'): string {
  return `/logs${queryString({ appId, status: 'failure', range })}`;
}

/** "42.5 objects/s · about 3 min 10 s left". */
export function ProgressFigures(props: { progress: Progress; cycleLogs: string }) {
  const { rate, etaMs } = props.progress;
  return (
    <p class="progress-figures">
      <span class="rate">{rate === null ? 'measuring rate…' : `${rate.toFixed(rate < 10 ? 1 : 0)} objects/s`}</span>
      <span class="eta">{etaMs === null ? '' : etaMs === 0 ? 'finishing' : `about ${formatDuration(etaMs)} left`}</span>
      <a href={props.cycleLogs}>Logs of this cycle</a>
    </p>
  );
}

/**
 * "Pacing: up to 14 requests in flight (ceiling 32) · rate: 90 req/s, learned from 429s · waited 3.2 s this
 * cycle": why a cycle runs at the speed it does (issue 16 item 2).
 */
export function PacingLine(props: { pacing: NonNullable<AppStatus['pacing']>; running: boolean }) {
  const p = props.pacing;
  const rate = (r: number) => `${r.toFixed(r < 10 ? 1 : 0)} req/s`;
  const learned = p.learnedRate !== null && (p.rateCeiling === null || p.learnedRate < p.rateCeiling);
  const rateText = learned
    ? `${rate(p.learnedRate ?? 0)}, learned from the target's 429s`
    : p.rateCeiling !== null
      ? `${rate(p.rateCeiling)} (your ceiling)`
      : 'not limited';
  return (
    <p class="pacing muted">
      <span>
        Pacing: up to <strong class="pacing-limit">{p.limit}</strong> {p.limit === 1 ? 'request' : 'requests'} in flight
        (ceiling {p.ceiling})
      </span>
      {' · '}
      <span class="pacing-rate">rate: {rateText}</span>
      {' · '}
      <span
        class="pacing-waited"
        title="Time requests waited before being sent (Retry-After, rate, backoff), summed over requests"
      >
        waited {p.waitedMs === 0 ? '0 s' : formatDuration(p.waitedMs)}{' '}
        {props.running ? 'this cycle' : 'in the last cycle'}
      </span>
    </p>
  );
}

/** Overview card: failures and throttles in 24 h, escrow size, and the sparkline. */
export function OverviewFigures(props: { appId: string; status: AppStatus; activity: Activity24h | undefined }) {
  const a = props.activity;
  const esc = props.status.escrows;
  const failed = a?.failed ?? 0;
  const points = (a?.hours ?? []).map((h) => [h.total, h.failed]);
  const total = (a?.hours ?? []).reduce((sum, h) => sum + h.total, 0);
  return (
    <div class="overview-figures">
      <p class="card-figures">
        <span>
          Failures (24 h):{' '}
          {failed > 0 ? (
            <a class="failed-link failures-24h" href={failedLogsHref(props.appId, '24h')}>
              {failed}
            </a>
          ) : (
            <strong class="failures-24h">0</strong>
          )}
        </span>
        <span>
          <a href={failedLogsHref(props.appId, '7d')} class="failed-7d-link">
            Failed users, last 7 days
          </a>
        </span>
        <span>
          Escrow: <strong class="escrow-size">{esc.failures + esc.staged}</strong>
          {esc.staged > 0 ? ` (${esc.staged} held)` : ''}
        </span>
        <span>
          Throttled (24 h): <strong class="throttles-24h">{a?.throttled ?? 0}</strong>
        </span>
      </p>
      <div class="sparkline-box">
        <canvas
          class="sparkline"
          data-sparkline={JSON.stringify(points)}
          role="img"
          aria-label={`Activity in the last 24 hours: ${total} events, ${failed} failed`}
        />
      </div>
    </div>
  );
}

/** Application page: statistics to date, steady state, next scheduled cycle. */
export function StatusFacts(props: { facts: AppFacts }) {
  const f = props.facts;
  return (
    <dl class="status-facts">
      <dt>Users in scope</dt>
      <dd class="users-in-scope">{f.usersInScope}</dd>
      <dt>Groups in scope</dt>
      <dd>{f.groupsInScope}</dd>
      <dt>Users provisioned</dt>
      <dd class="users-provisioned">{f.usersProvisioned}</dd>
      <dt>Users disabled in the target</dt>
      <dd>{f.usersDisabled}</dd>
      <dt>Groups provisioned</dt>
      <dd>{f.groupsProvisioned}</dd>
      <dt>Deleted to date</dt>
      <dd>{f.deleted}</dd>
      <dt>Steady state first achieved</dt>
      <dd>
        <Time at={f.steadyFirst} />
      </dd>
      <dt>Steady state last achieved</dt>
      <dd>
        <Time at={f.steadyLast} />
      </dd>
      <dt>Next scheduled cycle</dt>
      <dd class="next-cycle">
        {f.nextCycle === null ? (
          <span class="muted">none (provisioning is off)</span>
        ) : (
          <>
            <Time at={f.nextCycle} />
            {f.nextCycleReason === 'quarantine' ? ' (quarantine retry)' : ''}
          </>
        )}
      </dd>
    </dl>
  );
}
