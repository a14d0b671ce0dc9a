/** Settings → Sources (admin): directory sources that push people in (SCIM today), token shown once. */
import type { Actor } from '../../src/kernel/actor';
import type { listSources } from '../../src/sources/sources';
import { Layout } from '../layout';
import { Csrf, control, Field, type FieldErrors, FormError } from '../partials/field';
import { Time } from '../partials/format';
import { Name } from '../partials/safe-text';
import { ActionButton, SettingsNav, ShownOnce } from '../partials/security-bits';

export interface SourcesPageProps {
  actor: Actor;
  csrf: string;
  sources: ReturnType<typeof listSources>;
  /** Absolute URL of the SCIM endpoint, for the IdP's Tenant URL. */
  endpoint: string;
  notice?: string | undefined;
  shown?: { name: string; token: string } | undefined;
  form?: { name: string; errors?: FieldErrors | undefined } | undefined;
}

/** The page. */
export function SourcesPage(props: SourcesPageProps) {
  const f = props.form ?? { name: '' };
  return (
    <Layout title="Sources" actor={props.actor} csrfToken={props.csrf}>
      <SettingsNav active="sources" />
      <h1>Sources</h1>
      <p class="muted">
        An identity provider (Entra ID, Okta …) provisions into Provisio through the SCIM endpoint{' '}
        <code>{props.endpoint}</code> with its source's token. Users and groups a source creates are read-only here.
      </p>
      {props.notice ? (
        <p class="alert alert-ok" role="status">
          {props.notice}
        </p>
      ) : null}
      {props.shown ? (
        <ShownOnce
          label={`Token of "${props.shown.name}"`}
          value={props.shown.token}
          note="shown once; only its hash is stored. Paste it as the Secret Token of the provisioning app."
        />
      ) : null}
      <section class="card">
        {props.sources.length === 0 ? (
          <p class="empty muted">No sources yet.</p>
        ) : (
          <div class="table-wrap">
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Type</th>
                  <th scope="col">Users</th>
                  <th scope="col">Groups</th>
                  <th scope="col">Created</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {props.sources.map((s) => (
                  <tr>
                    <td>
                      <Name value={s.name} />
                    </td>
                    <td>{s.type.toUpperCase()}</td>
                    <td>{s.users}</td>
                    <td>{s.groups}</td>
                    <td>
                      <Time at={s.createdAt} />
                    </td>
                    <td class="actions">
                      <ActionButton
                        action={`/settings/sources/${s.id}/rotate`}
                        csrf={props.csrf}
                        label="Rotate token"
                        name={`Rotate the token of ${s.name}`}
                      />
                      <ActionButton
                        action={`/settings/sources/${s.id}/delete`}
                        csrf={props.csrf}
                        label="Delete"
                        danger
                        name={`Delete ${s.name}`}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section class="card narrow" aria-labelledby="new-source">
        <h2 id="new-source">Add a SCIM source</h2>
        <form method="post" action="/settings/sources" class="stack">
          <Csrf token={props.csrf} />
          <FormError errors={f.errors} />
          <Field label="Name" name="name" errors={f.errors} hint="Shown in the provisioning log, e.g. Entra ID.">
            <input type="text" required maxlength={100} value={f.name} {...control('name', f.errors, true)} />
          </Field>
          <button type="submit" class="btn btn-primary">
            Create source
          </button>
        </form>
      </section>
    </Layout>
  );
}
