/** Settings → Accounts (admin): who can sign in, with which role; create, role, disable, reset, sign out. */
import type { AccountListRow } from '../../src/auth/account-admin';
import type { Actor } from '../../src/kernel/actor';
import { ROLES } from '../../src/kernel/actor';
import { FormErrors } from '../partials/error-summary';
import { Csrf, control, Field, type FieldErrors } from '../partials/field';
import { Time } from '../partials/format';
import { ActionButton, ShownOnce } from '../partials/security-bits';
import { SettingsLayout } from '../settings-layout';

export interface AccountsPageProps {
  actor: Actor;
  csrf: string;
  accounts: AccountListRow[];
  notice?: string | undefined;
  error?: string | undefined;
  shown?: { email: string; password: string } | undefined;
  form?: { email: string; role: string; errors?: FieldErrors | undefined } | undefined;
}

function RoleForm(props: { a: AccountListRow; csrf: string }) {
  return (
    <form method="post" action={`/settings/accounts/${props.a.id}/role`} class="inline-action">
      <Csrf token={props.csrf} />
      <label class="sr-only" for={`role-${props.a.id}`}>
        Role of {props.a.email}
      </label>
      <select id={`role-${props.a.id}`} name="role">
        {ROLES.map((r) => (
          <option value={r} selected={r === props.a.role}>
            {r}
          </option>
        ))}
      </select>
      <button type="submit" class="btn btn-small">
        Change
      </button>
    </form>
  );
}

/** The page. */
export function AccountsPage(props: AccountsPageProps) {
  const f = props.form ?? { email: '', role: 'viewer' };
  return (
    <SettingsLayout title="Accounts" actor={props.actor} csrfToken={props.csrf} active="accounts">
      {props.notice ? (
        <p class="alert alert-ok" role="status">
          {props.notice}
        </p>
      ) : null}
      {props.error ? (
        <p class="alert alert-error" role="alert">
          {props.error}
        </p>
      ) : null}
      {props.shown ? (
        <ShownOnce
          label={`Password for ${props.shown.email}`}
          value={props.shown.password}
          note="shown once, valid for 72 hours. Hand it over securely; at the first sign-in they choose their own."
        />
      ) : null}
      <section class="card">
        <div class="table-wrap">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Status</th>
                <th scope="col">Last sign-in</th>
                <th scope="col" class="num">
                  Sessions
                </th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {props.accounts.map((a) => (
                <tr>
                  <td class="mono">{a.email}</td>
                  <td>
                    <RoleForm a={a} csrf={props.csrf} />
                  </td>
                  <td>
                    {a.disabled ? (
                      <span class="badge badge-warn">Disabled</span>
                    ) : (
                      <span class="badge badge-ok">Enabled</span>
                    )}
                  </td>
                  <td>
                    <Time at={a.lastLoginAt} />
                  </td>
                  <td class="num">{a.sessions}</td>
                  <td class="row-actions">
                    <ActionButton
                      action={`/settings/accounts/${a.id}/${a.disabled ? 'enable' : 'disable'}`}
                      csrf={props.csrf}
                      label={a.disabled ? 'Enable' : 'Disable'}
                      danger={!a.disabled}
                      name={`${a.disabled ? 'Enable' : 'Disable'} ${a.email}`}
                    />
                    <ActionButton
                      action={`/settings/accounts/${a.id}/reset-password`}
                      csrf={props.csrf}
                      label="Reset password"
                      name={`Reset the password of ${a.email}`}
                    />
                    <ActionButton
                      action={`/settings/accounts/${a.id}/sign-out`}
                      csrf={props.csrf}
                      label="Sign out everywhere"
                      name={`Sign ${a.email} out everywhere`}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section class="card narrow" aria-labelledby="new-account">
        <h2 id="new-account">Add an account</h2>
        <p class="muted small">
          A password is generated and shown once. Viewers read everything but secrets; operators also run cycles,
          provision on demand, retry and allow deletes; admins change configuration, credentials, accounts and tokens.
        </p>
        <form method="post" action="/settings/accounts" class="stack">
          <Csrf token={props.csrf} />
          <FormErrors
            errors={f.errors}
            heading="The account was not created."
            labels={{ email: 'Email', role: 'Role' }}
          />
          <Field label="Email" name="email" errors={f.errors}>
            <input type="email" required autocomplete="off" value={f.email} {...control('email', f.errors)} />
          </Field>
          <Field label="Role" name="role" errors={f.errors}>
            <select {...control('role', f.errors)}>
              {ROLES.map((r) => (
                <option value={r} selected={r === f.role}>
                  {r}
                </option>
              ))}
            </select>
          </Field>
          <button type="submit" class="btn btn-primary">
            Create account
          </button>
        </form>
      </section>
    </SettingsLayout>
  );
}
