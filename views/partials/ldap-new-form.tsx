/**
 * "New LDAP source" on Settings → Sources: the connection only (name, URL, StartTLS, bind DN and password,
 * base DN, flavour); filters, anchor, map and schedule take the flavour's defaults and are changed on the
 * source's page, where Test connection is.
 */
import type { LdapFormValues } from '../../src/web/ldap-source-form';
import { Csrf, type FieldErrors, FormError } from './field';
import { LdapErrorSummary } from './ldap-map-table';
import { LdapConnectionFields } from './ldap-source-fields';

/** The form (posts to /settings/sources with type=ldap). */
export function NewLdapSourceForm(props: { csrf: string; values: LdapFormValues; errors?: FieldErrors | undefined }) {
  return (
    <section class="card" aria-labelledby="new-ldap-source">
      <h2 id="new-ldap-source">New LDAP source</h2>
      <p class="muted">OpenLDAP, FreeIPA or Active Directory, read with a bind DN. It starts importing at once.</p>
      <LdapErrorSummary errors={props.errors} />
      <form method="post" action="/settings/sources" class="stack ldap-new" novalidate>
        <Csrf token={props.csrf} />
        <input type="hidden" name="type" value="ldap" />
        <FormError errors={props.errors} />
        <LdapConnectionFields values={props.values} errors={props.errors} saved={false} />
        <button type="submit" class="btn btn-primary">
          Create LDAP source
        </button>
      </form>
    </section>
  );
}
