/** My account: change my password, see my sessions, revoke one or sign out everywhere. */

import { MIN_PASSWORD_LENGTH } from '../../src/auth/password-policy';
import type { SessionListRow } from '../../src/auth/sessions';
import type { Actor } from '../../src/kernel/actor';
import { Layout } from '../layout';
import { FormErrors } from '../partials/error-summary';
import { Csrf, control, Field, type FieldErrors } from '../partials/field';
import { Time } from '../partials/format';
import { ActionButton } from '../partials/security-bits';

export interface MyAccountProps {
  actor: Actor;
  csrf: string;
  currentSession: string;
  sessions: SessionListRow[];
  notice?: string | undefined;
  errors?: FieldErrors | undefined;
  mustChangePassword?: boolean | undefined;
}

/** Passwords are never sent back; the summary names the field to type again. */
const LABELS = { current: 'Current password', next: 'New password', repeat: 'Repeat the new password' };

/** The page. */
export function MyAccountPage(props: MyAccountProps) {
  return (
    <Layout title="My account" actor={props.actor} csrfToken={props.csrf}>
      <h1>My account</h1>
      <p class="muted">
        {props.actor.name} · {props.actor.role}
      </p>
      {props.mustChangePassword ? (
        <p class="alert alert-warn" role="alert">
          Your password was generated for you. Choose your own to continue; the rest of Provisio opens once you have.
        </p>
      ) : null}
      {props.notice ? (
        <p class="alert alert-ok" role="status">
          {props.notice}
        </p>
      ) : null}
      <section class="card narrow" aria-labelledby="pw-title">
        <h2 id="pw-title">Change password</h2>
        <form method="post" action="/account/password" class="stack">
          <Csrf token={props.csrf} />
          <FormErrors errors={props.errors} heading="The password was not changed." labels={LABELS} />
          <Field label="Current password" name="current" errors={props.errors}>
            <input type="password" required autocomplete="current-password" {...control('current', props.errors)} />
          </Field>
          <Field
            label="New password"
            name="next"
            errors={props.errors}
            hint={`At least ${MIN_PASSWORD_LENGTH} characters and not a common password; a few unrelated words work well.`}
          >
            <input
              type="password"
              required
              minlength={MIN_PASSWORD_LENGTH}
              autocomplete="new-password"
              {...control('next', props.errors, true)}
            />
          </Field>
          <Field label="Repeat the new password" name="repeat" errors={props.errors}>
            <input type="password" required autocomplete="new-password" {...control('repeat', props.errors)} />
          </Field>
          <button type="submit" class="btn btn-primary">
            Change password
          </button>
        </form>
      </section>
      <section class="card" aria-labelledby="sessions-title">
        <div class="card-head">
          <h2 id="sessions-title">Sessions</h2>
          <ActionButton action="/account/sessions/revoke-all" csrf={props.csrf} label="Sign out everywhere" danger />
        </div>
        <div class="table-wrap">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">Signed in</th>
                <th scope="col">Last active</th>
                <th scope="col">IP address</th>
                <th scope="col">Browser</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {props.sessions.map((s) => (
                <tr>
                  <td>
                    <Time at={s.createdAt} />
                  </td>
                  <td>
                    <Time at={s.lastSeenAt} />
                  </td>
                  <td class="mono">{s.ip ?? '—'}</td>
                  <td class="small">{s.userAgent ?? '—'}</td>
                  <td>
                    {s.idHash === props.currentSession ? (
                      <span class="badge badge-info">This session</span>
                    ) : (
                      <ActionButton
                        action={`/account/sessions/${s.idHash}/revoke`}
                        csrf={props.csrf}
                        label="Revoke"
                        danger
                      />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </Layout>
  );
}
