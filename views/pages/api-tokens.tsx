/** Settings → API tokens (admin): tokens for automation, shown once, with role, expiry, last use, revoke. */
import type { ApiTokenRow, TokenOwner } from '../../src/auth/api-tokens';
import type { Actor } from '../../src/kernel/actor';
import { ROLES } from '../../src/kernel/actor';
import { FormErrors } from '../partials/error-summary';
import { Csrf, control, Field, type FieldErrors } from '../partials/field';
import { Time } from '../partials/format';
import { ActionButton, ShownOnce } from '../partials/security-bits';
import { SettingsLayout } from '../settings-layout';

export interface TokensPageProps {
  actor: Actor;
  csrf: string;
  now: number;
  tokens: ApiTokenRow[];
  notice?: string | undefined;
  shown?: { name: string; token: string } | undefined;
  form?: { name: string; role: string; expires: string; errors?: FieldErrors | undefined } | undefined;
}

export const EXPIRY_CHOICES: [string, string][] = [
  ['30', '30 days'],
  ['90', '90 days'],
  ['365', '1 year'],
  ['never', 'Never'],
];

function Status(props: { t: ApiTokenRow; now: number }) {
  if (props.t.revokedAt !== null) return <span class="badge badge-neutral">Revoked</span>;
  // Refused at once, even before the disable's revocation (tokens of accounts disabled before issue 12).
  if (props.t.owner.kind === 'account' && props.t.owner.state !== 'active')
    return <span class="badge badge-neutral">Creator {props.t.owner.state}</span>;
  if (props.t.expiresAt !== null && props.t.expiresAt <= props.now)
    return <span class="badge badge-warn">Expired</span>;
  return <span class="badge badge-ok">Active</span>;
}

/** Whose token it is: it dies with its creator account, or belongs to the instance (README, API tokens). */
function Owner(props: { owner: TokenOwner }) {
  const o = props.owner;
  if (o.kind === 'instance') return <span title="Created from the command line; not tied to an account">Instance</span>;
  return (
    <span>
      {o.email}
      {o.state === 'active' ? null : <span class="muted small"> ({o.state})</span>}
    </span>
  );
}

/** The page. */
export function TokensPage(props: TokensPageProps) {
  const f = props.form ?? { name: '', role: 'viewer', expires: '90' };
  return (
    <SettingsLayout title="API tokens" actor={props.actor} csrfToken={props.csrf} active="tokens">
      {props.notice ? (
        <p class="alert alert-ok" role="status">
          {props.notice}
        </p>
      ) : null}
      {props.shown ? (
        <ShownOnce
          label={`Token "${props.shown.name}"`}
          value={props.shown.token}
          note="shown once; only its hash is stored. Send it as Authorization: Bearer <token>."
        />
      ) : null}
      <section class="card">
        {props.tokens.length === 0 ? (
          <p class="empty muted">No API tokens yet.</p>
        ) : (
          <div class="table-wrap">
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Role</th>
                  <th scope="col">Owner</th>
                  <th scope="col">Status</th>
                  <th scope="col">Created</th>
                  <th scope="col">Expires</th>
                  <th scope="col">Last used</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {props.tokens.map((t) => (
                  <tr>
                    <td>{t.name}</td>
                    <td>{t.role}</td>
                    <td>
                      <Owner owner={t.owner} />
                    </td>
                    <td>
                      <Status t={t} now={props.now} />
                    </td>
                    <td>
                      <Time at={t.createdAt} />
                      {t.createdBy ? <span class="muted small"> by {t.createdBy}</span> : null}
                    </td>
                    <td>{t.expiresAt === null ? <span class="muted">Never</span> : <Time at={t.expiresAt} />}</td>
                    <td>{t.lastUsedAt === null ? <span class="muted">Never</span> : <Time at={t.lastUsedAt} />}</td>
                    <td>
                      {t.revokedAt === null ? (
                        <ActionButton
                          action={`/settings/tokens/${t.id}/revoke`}
                          csrf={props.csrf}
                          label="Revoke"
                          danger
                          name={`Revoke ${t.name}`}
                        />
                      ) : (
                        <Time at={t.revokedAt} />
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section class="card narrow" aria-labelledby="new-token">
        <h2 id="new-token">Create a token</h2>
        <form method="post" action="/settings/tokens" class="stack">
          <Csrf token={props.csrf} />
          <FormErrors
            errors={f.errors}
            heading="The token was not created."
            labels={{ name: 'Name', role: 'Role', expires: 'Expires after' }}
          />
          <Field label="Name" name="name" errors={f.errors} hint="What uses it, e.g. the HR import job.">
            <input type="text" required maxlength={100} value={f.name} {...control('name', f.errors, true)} />
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
          <Field label="Expires after" name="expires" errors={f.errors}>
            <select {...control('expires', f.errors)}>
              {EXPIRY_CHOICES.map(([v, label]) => (
                <option value={v} selected={v === f.expires}>
                  {label}
                </option>
              ))}
            </select>
          </Field>
          <button type="submit" class="btn btn-primary">
            Create token
          </button>
        </form>
      </section>
    </SettingsLayout>
  );
}
