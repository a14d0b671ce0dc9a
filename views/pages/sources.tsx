/**
 * Settings → Sources (admin): directory sources, SCIM (an IdP pushes; token shown once) and LDAP (Provisio
 * reads; its sync state here, its settings on its own page).
 */
import type { Actor } from '../../src/kernel/actor';
import type { sourceSyncStatus } from '../../src/sources/ldap/sync-runs';
import type { listSources } from '../../src/sources/sources';
import { blankLdapForm, type LdapFormValues } from '../../src/web/ldap-source-form';
import { FormErrors } from '../partials/error-summary';
import { Csrf, control, Field, type FieldErrors } from '../partials/field';
import { Time } from '../partials/format';
import { NewLdapSourceForm } from '../partials/ldap-new-form';
import { SyncSummary } from '../partials/ldap-sync-status';
import { Name } from '../partials/safe-text';
import { ActionButton, ShownOnce } from '../partials/security-bits';
import { SettingsLayout } from '../settings-layout';

export interface SourcesPageProps {
  actor: Actor;
  csrf: string;
  sources: (ReturnType<typeof listSources>[number] & { status: ReturnType<typeof sourceSyncStatus> | null })[];
  /** Absolute URL of the SCIM endpoint, for the IdP's Tenant URL. */
  endpoint: string;
  notice?: string | undefined;
  shown?: { name: string; token: string } | undefined;
  form?: { name: string; errors?: FieldErrors | undefined } | undefined;
  ldapForm?: { values: LdapFormValues; errors?: FieldErrors | undefined } | undefined;
}

const TYPE_LABEL: Record<string, string> = { scim: 'SCIM', ldap: 'LDAP' };

/** The page. */
export function SourcesPage(props: SourcesPageProps) {
  const f = props.form ?? { name: '' };
  return (
    <SettingsLayout title="Sources" actor={props.actor} csrfToken={props.csrf} active="sources">
      <p class="muted">
        An identity provider (Entra ID, Okta …) provisions into Provisio through the SCIM endpoint{' '}
        <code>{props.endpoint}</code> with its source's token; Provisio reads an LDAP directory itself. Users and groups
        a source creates are read-only here.
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
                  <th scope="col">Sync</th>
                  <th scope="col">Created</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {props.sources.map((s) => (
                  <tr>
                    <td>
                      {s.type === 'ldap' ? (
                        <a href={`/settings/sources/${s.id}`}>
                          <Name value={s.name} />
                        </a>
                      ) : (
                        <Name value={s.name} />
                      )}
                    </td>
                    <td>{TYPE_LABEL[s.type] ?? s.type}</td>
                    <td>{s.users}</td>
                    <td>{s.groups}</td>
                    <td>
                      {s.status ? <SyncSummary status={s.status} /> : <span class="muted">pushed by the IdP</span>}
                    </td>
                    <td>
                      <Time at={s.createdAt} />
                    </td>
                    {s.type === 'ldap' ? (
                      <td class="actions">
                        <a class="btn btn-small" href={`/settings/sources/${s.id}`} aria-label={`Open ${s.name}`}>
                          Settings and status
                        </a>
                      </td>
                    ) : (
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
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <div class="two-col">
        <section class="card" aria-labelledby="new-source">
          <h2 id="new-source">New SCIM source</h2>
          <p class="muted">An IdP pushes users and groups with a bearer token, shown once.</p>
          <form method="post" action="/settings/sources" class="stack">
            <Csrf token={props.csrf} />
            <FormErrors errors={f.errors} heading="The source was not created." labels={{ scimName: 'Name' }} />
            {/* scimName: the LDAP form beside it has its own name field (ids must be unique on the page). */}
            <Field label="Name" name="scimName" errors={f.errors} hint="Shown in the provisioning log, e.g. Entra ID.">
              <input type="text" required maxlength={100} value={f.name} {...control('scimName', f.errors, true)} />
            </Field>
            <button type="submit" class="btn btn-primary">
              Create SCIM source
            </button>
          </form>
        </section>
        <NewLdapSourceForm
          csrf={props.csrf}
          values={props.ldapForm?.values ?? blankLdapForm()}
          errors={props.ldapForm?.errors}
        />
      </div>
    </SettingsLayout>
  );
}
