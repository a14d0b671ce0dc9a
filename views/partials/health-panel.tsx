/**
 * Job health on the status card: the quarantine (reason spelled out, since when, next attempt, and what an
 * admin can do about it), the Secret Token's expiry when it is a JWT, and what the escrow carries forward.
 */
import type { AppStatus } from '../../src/operate/status';
import { Csrf } from './field';
import { Time } from './format';

const REASONS: Record<string, string> = {
  EncounteredQuarantineException: 'The target rejected our credentials',
  EncounteredEscrowProportionThreshold: 'Too many objects failed',
  TooManyDeletes: 'Too many deletions (accidental-deletions threshold)',
};

function Quarantine(props: {
  appId: string;
  q: NonNullable<AppStatus['quarantine']>;
  canAdmin: boolean;
  /** Operators may allow held deletes (issue 9 role rules); Restart stays admin. */
  canOperate?: boolean | undefined;
  csrfToken: string | null | undefined;
}) {
  const { q, appId } = props;
  return (
    <div class="alert alert-error quarantine" role="status">
      <p>
        <strong>Provisioning has been quarantined:</strong> {REASONS[q.reason] ?? q.reason} ({q.reason}).
      </p>
      {q.detail ? <p class="quarantine-detail">Why: {q.detail}.</p> : null}
      <p class="small">
        Since <Time at={q.since} /> · next attempt <Time at={q.nextAttempt} /> · attempt {q.seriesCount} of the series
      </p>
      <p class="small">
        Fix the cause, then press Test Connection or Restart provisioning; the first healthy cycle ends it.
      </p>
      {props.canAdmin || props.canOperate ? (
        <div class="actions">
          {q.reason === 'TooManyDeletes' ? (
            <form
              method="post"
              action={`/apps/${appId}/allow-deletes`}
              data-confirm="Process all the held disables and deletes?"
            >
              <Csrf token={props.csrfToken} />
              <button type="submit" class="btn btn-danger">
                Allow deletes
              </button>
            </form>
          ) : null}
          {props.canAdmin ? (
            <form
              method="post"
              action={`/apps/${appId}/restart`}
              data-confirm="Restart provisioning with an initial cycle?"
            >
              <Csrf token={props.csrfToken} />
              <button type="submit" class="btn">
                Restart provisioning
              </button>
            </form>
          ) : null}
          <a class="btn" href={`/logs?appId=${encodeURIComponent(appId)}`}>
            View provisioning logs
          </a>
        </div>
      ) : null}
    </div>
  );
}

/** The token line: a warning within 14 days of expiry, an error once expired. */
function TokenHealth(props: { token: NonNullable<AppStatus['secretToken']> }) {
  const t = props.token;
  const tone = t.expired ? 'bad' : t.daysLeft <= 14 ? 'warn' : 'muted';
  return (
    <p class={`token-expiry ${tone}`} data-days-left={String(t.daysLeft)}>
      Secret Token {t.text} (<Time at={t.expiresAt} />)
    </p>
  );
}

/** The panel; renders nothing for a healthy job with no token expiry and an empty escrow. */
export function HealthPanel(props: {
  appId: string;
  status: AppStatus;
  canAdmin: boolean;
  canOperate?: boolean | undefined;
  csrfToken: string | null | undefined;
}) {
  const { status } = props;
  const { failures, staged } = status.escrows;
  return (
    <>
      {status.quarantine ? (
        <Quarantine
          appId={props.appId}
          q={status.quarantine}
          canAdmin={props.canAdmin}
          canOperate={props.canOperate}
          csrfToken={props.csrfToken}
        />
      ) : null}
      {status.secretToken ? <TokenHealth token={status.secretToken} /> : null}
      {failures + staged > 0 ? (
        <p class="escrow-summary">
          <a href={`/apps/${props.appId}#escrows`}>Escrow</a>: {failures} failed object{failures === 1 ? '' : 's'} to
          retry{staged > 0 ? `, ${staged} held disables/deletes` : ''}
        </p>
      ) : null}
    </>
  );
}
