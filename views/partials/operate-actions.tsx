/**
 * The application page's job actions (Entra's Overview buttons): Start / Stop provisioning, Stop now while a
 * cycle runs, Restart (with the option to forget links), and the ways in to Provision on demand, Dry run
 * and Drift report. Admins change the job's state; operators and viewers get the tools their role allows.
 */
import { hasRole } from '../../src/auth/roles';
import type { Actor } from '../../src/kernel/actor';
import { Csrf } from './field';

export interface OperateActionsProps {
  actor: Actor;
  csrfToken: string | null | undefined;
  appId: string;
  provisioningEnabled: boolean;
  configured: boolean;
  running: boolean;
}

function Post(props: {
  action: string;
  csrfToken: string | null | undefined;
  label: string;
  confirm?: string;
  name?: string;
  value?: string;
  primary?: boolean;
}) {
  return (
    <form method="post" action={props.action} {...(props.confirm ? { 'data-confirm': props.confirm } : {})}>
      <Csrf token={props.csrfToken} />
      {props.name ? <input type="hidden" name={props.name} value={props.value ?? ''} /> : null}
      <button type="submit" class={props.primary ? 'btn btn-primary' : 'btn'}>
        {props.label}
      </button>
    </form>
  );
}

/** The action bar. */
export function OperateActions(props: OperateActionsProps) {
  const base = `/apps/${encodeURIComponent(props.appId)}`;
  const admin = hasRole(props.actor.role, 'admin');
  return (
    <section class="card operate-actions" id="operate" aria-label="Job actions">
      <div class="actions">
        {admin && props.configured && !props.provisioningEnabled ? (
          <Post
            action={`${base}/provisioning`}
            csrfToken={props.csrfToken}
            name="status"
            value="on"
            label="Start provisioning"
            primary
          />
        ) : null}
        {admin && props.provisioningEnabled ? (
          <Post
            action={`${base}/provisioning`}
            csrfToken={props.csrfToken}
            name="status"
            value="off"
            label="Stop provisioning"
            confirm="Stop provisioning? A running cycle finishes; no new cycle starts until you start it again."
          />
        ) : null}
        {admin && props.running ? (
          <Post
            action={`${base}/stop-now`}
            csrfToken={props.csrfToken}
            label="Stop now"
            confirm="Stop now? The running cycle stops after the users in hand; the rest are picked up when provisioning starts again."
          />
        ) : null}
        <a class="btn" href={`${base}/on-demand`}>
          Provision on demand
        </a>
        <a class="btn" href={`${base}/dry-runs`}>
          Dry run
        </a>
        <a class="btn" href={`${base}/drift`}>
          Drift report
        </a>
      </div>
      {admin && props.configured ? (
        <details class="restart-options">
          <summary>Restart provisioning…</summary>
          <form
            method="post"
            action={`${base}/restart`}
            data-confirm="Restart provisioning? Escrows, quarantine and the watermark are cleared and every user is evaluated again."
          >
            <Csrf token={props.csrfToken} />
            <p class="small">
              Clears escrows, quarantine and the watermark, then runs an initial cycle. Links to target users are kept.
            </p>
            <label>
              <input type="checkbox" name="forgetLinks" /> Also forget links to target users
            </label>
            <p class="small field-hint">
              Warning: without links every user is matched again by its matching attributes. Users whose matching value
              changed in the target are created again (duplicates); the connector counts start over.
            </p>
            <button type="submit" class="btn">
              Restart provisioning
            </button>
          </form>
        </details>
      ) : null}
    </section>
  );
}
