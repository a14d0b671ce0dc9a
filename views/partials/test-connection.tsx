/**
 * Test Connection: a tiny form of its own (outside the settings form, so a typed Secret Token is never sent
 * with it) that htmx-posts and shows the result in place. An admin's button sits inside the settings form
 * and points at this form with the `form` attribute.
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

/** The form; with `withButton` it carries its own button (operators, who see no settings form). */
export function TestConnectionForm(props: {
  appId: string;
  csrfToken: string | null | undefined;
  withButton: boolean;
}) {
  return (
    <form
      id={TEST_FORM_ID}
      method="post"
      action={`/apps/${props.appId}/test-connection`}
      hx-post={`/apps/${props.appId}/test-connection`}
      hx-target="#test-result"
      hx-swap="innerHTML"
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
    <div id="test-result" class="test-result" aria-live="polite">
      {props.result ? <TestConnectionResult result={props.result} /> : null}
    </div>
  );
}
