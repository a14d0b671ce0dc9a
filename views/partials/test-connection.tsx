/**
 * Test Connection: a tiny form of its own that htmx-posts and shows the result in place. It tests what is typed:
 * hx-include sends the Tenant URL, Secret Token and allowHttp fields of the settings (or New application) form,
 * whose button points at this form with the `form` attribute. Saving stays the settings form's job.
 */
import { Csrf } from './field';

/** What the SCIM client's testConnection() answers. */
export type TestResult =
  | { ok: true; latencyMs: number }
  | { ok: false; code: string; message: string; status?: number | undefined };

export const TEST_FORM_ID = 'test-connection-form';

/** The outcome, worded like Entra's notification. */
export function TestConnectionResult(props: { result: TestResult }) {
  const r = props.result;
  if (r.ok) {
    return (
      <p class="alert alert-ok test-ok" role="status">
        The supplied credentials are authorized to enable provisioning (the app answered in {Math.round(r.latencyMs)}{' '}
        ms).
      </p>
    );
  }
  return (
    <p class="alert alert-error test-failed" role="alert">
      Test connection failed: {r.message}{' '}
      <span class="muted">
        ({r.status ? `HTTP ${r.status}, ` : ''}
        {r.code})
      </span>
    </p>
  );
}

/** The typed fields sent with a test (absent on an operator's read-only page: then the saved values are tested). */
const TYPED_FIELDS = '#tenantUrl, #secretToken, #allowHttp';

/** The form (appId null: the New application page); with `withButton` it carries its own button (operators). */
export function TestConnectionForm(props: {
  appId: string | null;
  csrfToken: string | null | undefined;
  withButton: boolean;
}) {
  const action = props.appId ? `/apps/${props.appId}/test-connection` : '/apps/test-connection';
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
      class={props.withButton ? 'actions' : 'detached-form'}
    >
      <Csrf token={props.csrfToken} />
      {props.withButton ? (
        <button type="submit" class="btn">
          Test Connection
        </button>
      ) : null}
    </form>
  );
}

/** Where the result lands (kept across swaps by id). */
export function TestResultSlot(props: { result?: TestResult | undefined }) {
  return (
    <>
      {/* Shown while the request runs (htmx-request); public/app.js counts the seconds and wires Cancel. */}
      <p id="test-waiting" class="test-waiting" role="status">
        Testing… <span data-test-elapsed>0 s</span>{' '}
        <button type="button" class="btn btn-small" data-test-cancel={TEST_FORM_ID}>
          Cancel
        </button>
      </p>
      <div id="test-result" class="test-result" aria-live="polite">
        {props.result ? <TestConnectionResult result={props.result} /> : null}
      </div>
    </>
  );
}
