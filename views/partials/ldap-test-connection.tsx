/**
 * Test Connection of an LDAP source: a detached form that htmx-posts the connection fields as typed in the
 * settings form (hx-include), so a change is tried before Save. It keeps the ids of the application's Test
 * Connection (test-connection-form, #test-waiting, #test-result) so public/app.js counts the wait and Cancel
 * aborts it the same way.
 */
import { Csrf } from './field';
import { TEST_FORM_ID } from './test-connection';

export { TEST_FORM_ID };

export type LdapTestResult = { ok: boolean; detail: string };

// An empty password field is not sent as a value: the saved one is tested (ldap-admin.ts).
const TYPED_FIELDS = '#url, #startTls, #bindDn, #bindPassword, #baseDn, #caFile';

/** The outcome with the client's detail (which never holds the password). */
export function LdapTestOutcome(props: { result: LdapTestResult }) {
  const r = props.result;
  return r.ok ? (
    <p class="alert alert-ok test-ok" role="status">
      Connection OK. {r.detail}
    </p>
  ) : (
    <p class="alert alert-error test-failed" role="alert">
      Test connection failed: {r.detail}
    </p>
  );
}

/** The detached form; the settings form's button points at it with `form=`. */
export function LdapTestForm(props: { sourceId: string; csrf: string }) {
  const action = `/settings/sources/${props.sourceId}/test-connection`;
  return (
    <form
      id={TEST_FORM_ID}
      method="post"
      action={action}
      hx-post={action}
      hx-include={TYPED_FIELDS}
      hx-target="#test-result"
      hx-swap="innerHTML"
      hx-indicator="#test-waiting"
      hx-disable="find button"
      class="detached-form"
    >
      <Csrf token={props.csrf} />
    </form>
  );
}

/** The button and where its answer lands, next to it. */
export function LdapTestButton(props: { result?: LdapTestResult | undefined }) {
  return (
    <>
      <div class="actions">
        <button type="submit" class="btn test-connection" form={TEST_FORM_ID}>
          Test connection
        </button>
        <span class="hint">Tests the URL, bind DN, password and base DN typed above, without saving.</span>
      </div>
      <p id="test-waiting" class="test-waiting" role="status">
        Testing… <span data-test-elapsed>0 s</span>{' '}
        <button type="button" class="btn btn-small" data-test-cancel={TEST_FORM_ID}>
          Cancel
        </button>
      </p>
      <div id="test-result" class="test-result" aria-live="polite">
        {props.result ? <LdapTestOutcome result={props.result} /> : null}
      </div>
    </>
  );
}
