/**
 * Settings → Sources → one LDAP source: its settings (admins edit, operators read), Test connection of what is
 * typed, the sync status with Sync now / Full sync (operators), the effective attribute map, and Delete with a
 * typed confirmation.
 */
import type { Actor } from '../../src/kernel/actor';
import type { ldapSourceView } from '../../src/sources/ldap/ldap-admin';
import type { recentSyncRuns } from '../../src/sources/ldap/sync-runs';
import type { LdapFormValues } from '../../src/web/ldap-source-form';
import { Csrf, type FieldErrors, FormError } from '../partials/field';
import { Time } from '../partials/format';
import { LdapErrorSummary, MapTable } from '../partials/ldap-map-table';
import { LdapConnectionFields, LdapSyncFields } from '../partials/ldap-source-fields';
import { SyncStatusPanel } from '../partials/ldap-sync-status';
import { LdapTestButton, LdapTestForm, type LdapTestResult } from '../partials/ldap-test-connection';
import { Name } from '../partials/safe-text';
import { TypedNameConfirm } from '../partials/typed-confirm';
import { SettingsLayout } from '../settings-layout';

export interface LdapSourcePageProps {
  actor: Actor;
  csrf: string;
  view: ReturnType<typeof ldapSourceView>;
  runs: ReturnType<typeof recentSyncRuns>;
  values: LdapFormValues;
  canEdit: boolean;
  canSync: boolean;
  errors?: FieldErrors | undefined;
  notice?: string | undefined;
  syncMessage?: { tone: 'ok' | 'error'; text: string } | undefined;
  testResult?: LdapTestResult | undefined;
  deleteErrors?: FieldErrors | undefined;
}

/** The page. */
export function LdapSourcePage(props: LdapSourcePageProps) {
  const { view, values, errors } = props;
  const base = `/settings/sources/${view.id}`;
  return (
    <SettingsLayout
      title={view.name}
      actor={props.actor}
      csrfToken={props.csrf}
      active="sources"
      crumbs={
        <nav class="crumbs" aria-label="Breadcrumb">
          <a href="/settings/sources">Sources</a> <span aria-hidden="true">/</span> <Name value={view.name} />
        </nav>
      }
      heading={
        <>
          <Name value={view.name} />{' '}
          <span class="badge badge-neutral">
            {view.settings.flavor === 'ad' ? 'LDAP · Active Directory' : 'LDAP · OpenLDAP'}
          </span>
        </>
      }
    >
      <p class="muted">
        Created <Time at={view.createdAt} />, last changed <Time at={view.updatedAt} />.
      </p>
      {props.notice ? (
        <p class="alert alert-ok" role="status">
          {props.notice}
        </p>
      ) : null}
      <LdapErrorSummary errors={errors} />
      <SyncStatusPanel
        sourceId={view.id}
        status={view.status}
        runs={props.runs}
        csrf={props.csrf}
        canSync={props.canSync}
        schedule={view.settings.schedule}
        message={props.syncMessage}
      />
      <section class="card" aria-labelledby="settings-h">
        <h2 id="settings-h">Settings</h2>
        <LdapTestForm sourceId={view.id} csrf={props.csrf} />
        <form method="post" action={base} class="stack ldap-settings" novalidate>
          <Csrf token={props.csrf} />
          <FormError errors={errors} />
          <fieldset disabled={!props.canEdit}>
            <legend>Connection</legend>
            <LdapConnectionFields values={values} errors={errors} saved />
            {props.canEdit ? <LdapTestButton result={props.testResult} /> : null}
          </fieldset>
          {/* Outside the disabled fieldset, so an operator can test the saved settings. */}
          {props.canEdit ? null : <LdapTestButton result={props.testResult} />}
          <fieldset disabled={!props.canEdit}>
            <legend>What is read, and when</legend>
            <LdapSyncFields values={values} errors={errors} saved placeholders={view.effective} />
          </fieldset>
          {props.canEdit ? (
            <div class="actions">
              <button type="submit" class="btn btn-primary">
                Save
              </button>
            </div>
          ) : null}
        </form>
      </section>
      <MapTable map={view.effective.attributeMap} custom={!!view.settings.attributeMap} />
      {props.canEdit ? (
        <section class="card narrow danger-zone" aria-labelledby="delete-h">
          <h2 id="delete-h">Delete source</h2>
          <p>
            Its users and groups stay in the directory as local ones; nothing changes in LDAP. Its sync history goes.
          </p>
          <form method="post" action={`${base}/delete`} class="stack">
            <Csrf token={props.csrf} />
            <TypedNameConfirm what="source" name={view.name} errors={props.deleteErrors} />
            <button type="submit" class="btn btn-danger">
              Delete source
            </button>
          </form>
        </section>
      ) : null}
    </SettingsLayout>
  );
}
