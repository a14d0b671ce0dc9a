/**
 * Settings → Notifications (admin): the SMTP relay notification mail goes through. The password is
 * write-only (never rendered); when PROVISIO_SMTP_URL is set the form is read-only and says so.
 */
import type { SmtpSettings } from '../../src/notify/smtp-settings';
import { FormErrors } from './error-summary';
import { Csrf, control, Field, type FieldErrors } from './field';

export interface SmtpFormValues {
  host: string;
  port: string;
  security: string;
  user: string;
  from: string;
}

/** Stored settings as form values (the password is never one). */
export function smtpValuesOf(s: SmtpSettings | null): SmtpFormValues {
  return {
    host: s?.host ?? '',
    port: String(s?.port ?? 587),
    security: s?.security ?? 'starttls',
    user: s?.user ?? '',
    from: s?.from ?? '',
  };
}

const LABELS = { host: 'Host', port: 'Port', security: 'Security', user: 'User', password: 'Password', from: 'From' };

const SECURITY: [string, string][] = [
  ['starttls', 'STARTTLS (port 587)'],
  ['tls', 'TLS (port 465)'],
  ['none', 'None (local relay only)'],
];

/** The card. */
export function SmtpSettingsCard(props: {
  values: SmtpFormValues;
  hasPassword: boolean;
  fromEnv: boolean;
  csrfToken: string;
  errors?: FieldErrors | undefined;
  notice?: { tone: 'ok' | 'error'; text: string } | undefined;
  /** The test-mail form: the address typed (kept after a send or a refusal) and its message. */
  test?: { to: string; errors?: FieldErrors | undefined } | undefined;
}) {
  const { values: v, errors } = props;
  return (
    <section class="card" aria-labelledby="smtp-title">
      <h2 id="smtp-title">Notification mail (SMTP)</h2>
      <p class="muted small">
        Quarantine, deletion-guard, failure-digest and Secret Token expiry mails go to each application's Notification
        Email through this relay.
      </p>
      {props.notice ? (
        <p class={props.notice.tone === 'ok' ? 'alert alert-ok' : 'alert alert-error'} role="status">
          {props.notice.text}
        </p>
      ) : null}
      {props.fromEnv ? (
        <p class="alert alert-warn">SMTP is configured by PROVISIO_SMTP_URL; it takes precedence over this form.</p>
      ) : null}
      <form method="post" action="/settings/notifications" class="stack">
        <Csrf token={props.csrfToken} />
        <FormErrors errors={errors} heading="The SMTP settings were not saved." labels={LABELS} />
        <Field label="Host" name="host" errors={errors}>
          <input type="text" {...control('host', errors)} value={v.host} required />
        </Field>
        <Field label="Port" name="port" errors={errors}>
          <input type="number" min="1" max="65535" {...control('port', errors)} value={v.port} required />
        </Field>
        <Field label="Security" name="security" errors={errors}>
          <select {...control('security', errors)}>
            {SECURITY.map(([k, label]) => (
              <option value={k} selected={v.security === k}>
                {label}
              </option>
            ))}
          </select>
        </Field>
        <Field label="User" name="user" errors={errors}>
          <input type="text" {...control('user', errors)} value={v.user} autocomplete="off" />
        </Field>
        <Field label="Password" name="password" errors={errors} hint="Write-only: leave empty to keep the stored one.">
          <input
            type="password"
            {...control('password', errors, true)}
            autocomplete="new-password"
            placeholder={props.hasPassword ? 'A password is stored' : ''}
          />
        </Field>
        <Field label="From" name="from" errors={errors}>
          <input
            type="text"
            {...control('from', errors)}
            value={v.from}
            placeholder="Provisio <provisio@contoso.com>"
          />
        </Field>
        <div class="actions">
          <button type="submit" class="btn btn-primary">
            Save
          </button>
        </div>
      </form>
      <form method="post" action="/settings/notifications/test" class="actions">
        <Csrf token={props.csrfToken} />
        <FormErrors
          errors={props.test?.errors}
          heading="No test mail was sent."
          labels={{ to: 'Send a test mail to' }}
        />
        <Field label="Send a test mail to" name="to" errors={props.test?.errors}>
          <input type="email" {...control('to', props.test?.errors)} value={props.test?.to ?? ''} required />
        </Field>
        <button type="submit" class="btn">
          Send test mail
        </button>
      </form>
    </section>
  );
}
