/**
 * Failure notifications that can actually leave (issue 15): a warning where "Send an email notification when a
 * failure occurs" is ticked while no SMTP relay is configured, and "Send test mail" to the address typed in
 * Notification Email. Like Test Connection, the test is a small form of its own that htmx-posts and shows
 * the answer in place; an admin's button sits in the settings form and points at it with `form`, and
 * hx-include sends the typed address. An operator, who cannot edit the settings, gets the form with its own
 * address field.
 */
import { Csrf } from './field';

export const TEST_MAIL_FORM_ID = 'test-mail-form';

/** What a test send came to; `message` is a sentence for the admin. */
export type TestMailOutcome = { ok: true; to: string } | { ok: false; message: string };

/** No relay: say plainly that nothing will be mailed, and where to fix it. */
export function NoMailWarning() {
  return (
    <p class="alert alert-warn no-mail-warning" role="note">
      No SMTP server is configured, so no notification mail will leave Provisio, whatever is ticked here. Set one up in{' '}
      <a href="/settings/notifications">Settings → Notifications</a> (admins), or with <code>PROVISIO_SMTP_URL</code>.
    </p>
  );
}

export function TestMailResult(props: { result: TestMailOutcome }) {
  const r = props.result;
  return r.ok ? (
    <p class="alert alert-ok test-mail-ok" role="status">
      Test mail sent to {r.to}. If it does not arrive, check the spam folder and the relay's log.
    </p>
  ) : (
    <p class="alert alert-error test-mail-failed" role="alert">
      {r.message}
    </p>
  );
}

/** Where the answer lands. */
export function TestMailSlot(props: { result?: TestMailOutcome | undefined }) {
  return (
    <div id="test-mail-result" aria-live="polite">
      {props.result ? <TestMailResult result={props.result} /> : null}
    </div>
  );
}

/** The admin's button inside the settings form (submits the detached test form). */
export function TestMailButton() {
  return (
    <div class="actions">
      <button type="submit" class="btn" form={TEST_MAIL_FORM_ID}>
        Send test mail
      </button>
      <span class="hint">Sends a test to the address typed above, without saving.</span>
    </div>
  );
}

/** The form; `address` set (operators) gives it its own address field and button. */
export function TestMailForm(props: { appId: string; csrfToken: string | null | undefined; address?: string }) {
  const action = `/apps/${props.appId}/test-mail`;
  const own = props.address !== undefined;
  return (
    <form
      id={TEST_MAIL_FORM_ID}
      method="post"
      action={action}
      hx-post={action}
      hx-include={own ? undefined : '#notificationEmail'}
      hx-target="#test-mail-result"
      hx-swap="innerHTML"
      hx-disable="find button"
      class={own ? 'actions test-mail-form' : 'detached-form'}
    >
      <Csrf token={props.csrfToken} />
      {own ? (
        <>
          <label for="test-mail-to">Send a test notification mail to</label>
          <input type="email" id="test-mail-to" name="to" value={props.address} required />
          <button type="submit" class="btn">
            Send test mail
          </button>
        </>
      ) : null}
    </form>
  );
}
