/**
 * Admin Credentials and Settings of an application: an editable form for admins, read-only values for
 * everyone else. The stored Secret Token is never rendered, not even masked.
 */
import type { Application } from '../../src/apps/applications';
import {
  AdvancedFields,
  AdvancedReadOnly,
  type AdvancedValues,
  advancedValuesFrom,
  advancedValuesOf,
} from './app-settings-advanced';
import {
  CompatFields,
  CompatReadOnly,
  type CompatValues,
  compatValuesFrom,
  compatValuesOf,
} from './app-settings-compat';
import { FormErrors } from './error-summary';
import { Csrf, control, Field, type FieldErrors, formText } from './field';
import { TEST_FORM_ID, TestConnectionForm, type TestResult, TestResultSlot } from './test-connection';
import { TestMailButton, TestMailForm, type TestMailOutcome, TestMailSlot } from './test-mail';

export interface SettingsValues extends AdvancedValues, CompatValues {
  tenantUrl: string;
  scope: string;
  notificationEmail: string;
  schedule: string;
  maxConcurrency: string;
  allowHttp: boolean;
}

export interface SettingsProps {
  appId: string;
  hasSecretToken: boolean;
  values: SettingsValues;
  editable: boolean;
  canTest: boolean;
  csrfToken: string | null | undefined;
  errors?: FieldErrors | undefined;
  testResult?: TestResult | undefined;
  /** False when no SMTP relay is configured: the failure-mail checkbox warns that nothing will leave. */
  mailConfigured?: boolean | undefined;
  testMailResult?: TestMailOutcome | undefined;
}

/** The form values of a stored application (the Secret Token is never a value). */
export function settingsValuesOf(app: Application): SettingsValues {
  return {
    tenantUrl: app.tenantUrl ?? '',
    scope: app.scope,
    notificationEmail: app.notificationEmail ?? '',
    schedule: app.schedule,
    maxConcurrency: String(app.maxConcurrency),
    allowHttp: app.allowHttp,
    ...advancedValuesOf(app),
    ...compatValuesOf(app),
  };
}

/** The form values as submitted, to re-render the form after a validation error. */
export function settingsValuesFrom(body: Record<string, unknown>): SettingsValues {
  return {
    tenantUrl: formText(body.tenantUrl),
    scope: formText(body.scope),
    notificationEmail: formText(body.notificationEmail),
    schedule: formText(body.schedule),
    maxConcurrency: formText(body.maxConcurrency),
    allowHttp: body.allowHttp === 'on',
    ...advancedValuesFrom(body),
    ...compatValuesFrom(body),
  };
}

/** The summary's names of the fields (the advanced ones read well enough as words of their names). */
const LABELS: Record<string, string> = {
  tenantUrl: 'Tenant URL',
  secretToken: 'Secret Token',
  notificationEmail: 'Notification Email',
  schedule: 'Schedule (cron)',
  maxConcurrency: 'Max concurrency',
  allowHttp: 'Allow a plain http Tenant URL',
  requestsPerSecond: 'Requests per second',
  deleteThreshold: 'Accidental deletion threshold',
  deleteThresholdPercent: 'Deletion threshold percentage',
  quarantineMinFailures: 'Quarantine: minimum failures',
  quarantineFailurePercent: 'Quarantine: failure percentage',
  quarantineBackoffHours: 'Quarantine retry schedule (hours)',
  memberRemovalForm: 'Member removal',
};

const SCOPES: [string, string][] = [
  ['assigned', 'Sync only assigned users and groups'],
  ['all', 'Sync all users and groups'],
];

function HttpWarning() {
  return (
    <p class="alert alert-warn">
      Plain http is allowed for this application: the Secret Token and user data travel unencrypted. Use it only for a
      local test app.
    </p>
  );
}

function ReadOnly(props: SettingsProps) {
  const v = props.values;
  return (
    <dl class="props">
      <dt>Tenant URL</dt>
      <dd>{v.tenantUrl || <span class="muted">Not set</span>}</dd>
      <dt>Secret Token</dt>
      <dd>{props.hasSecretToken ? 'Stored (hidden)' : <span class="muted">Not set</span>}</dd>
      <dt>Scope</dt>
      <dd>{SCOPES.find(([k]) => k === v.scope)?.[1] ?? v.scope}</dd>
      <dt>Notification Email</dt>
      <dd>{v.notificationEmail || <span class="muted">None</span>}</dd>
      <dt>Schedule</dt>
      <dd>
        <code>{v.schedule}</code>
      </dd>
      <dt>Max concurrency (ceiling)</dt>
      <dd>{v.maxConcurrency}</dd>
      <dt>Allow plain http</dt>
      <dd>{v.allowHttp ? 'Yes' : 'No'}</dd>
      <AdvancedReadOnly values={v} mailConfigured={props.mailConfigured ?? true} />
      <CompatReadOnly values={v} />
    </dl>
  );
}

function EditForm(props: SettingsProps) {
  const { values: v, errors } = props;
  return (
    <form method="post" action={`/apps/${props.appId}/settings`} class="stack" id="settings-form">
      <Csrf token={props.csrfToken} />
      <FormErrors errors={errors} heading="The settings were not saved." labels={LABELS} />
      <fieldset>
        <legend>Admin Credentials</legend>
        <Field label="Tenant URL" name="tenantUrl" errors={errors}>
          <input
            type="url"
            {...control('tenantUrl', errors)}
            value={v.tenantUrl}
            placeholder="https://admin.mindtickle.com/scim"
          />
        </Field>
        <Field
          label="Secret Token"
          name="secretToken"
          errors={errors}
          hint="Write-only: leave empty to keep the stored token."
        >
          <input
            type="password"
            {...control('secretToken', errors, true)}
            autocomplete="new-password"
            placeholder={props.hasSecretToken ? 'A token is stored; type to replace it' : 'Paste the Secret Token'}
          />
        </Field>
        <div class="actions">
          <button type="submit" class="btn" form={TEST_FORM_ID}>
            Test Connection
          </button>
          <span class="hint">Tests the values typed here (an empty Secret Token: the stored one), without saving.</span>
        </div>
        <TestResultSlot result={props.testResult} />
      </fieldset>
      <fieldset>
        <legend>Settings</legend>
        <Field
          label="Notification Email"
          name="notificationEmail"
          errors={errors}
          hint={
            <>
              Quarantine and failure mails go here, through the relay in{' '}
              <a href="/settings/notifications">Settings → Notifications</a>.
            </>
          }
        >
          <input type="email" {...control('notificationEmail', errors, true)} value={v.notificationEmail} />
        </Field>
        {props.canTest ? <TestMailButton /> : null}
        {props.canTest ? <TestMailSlot result={props.testMailResult} /> : null}
        <Field label="Scope" name="scope" errors={errors}>
          <select {...control('scope', errors)}>
            {SCOPES.map(([k, label]) => (
              <option value={k} selected={v.scope === k}>
                {label}
              </option>
            ))}
          </select>
        </Field>
        <Field
          label="Schedule (cron)"
          name="schedule"
          errors={errors}
          hint="Five fields, e.g. */5 * * * * for every 5 minutes."
        >
          <input type="text" {...control('schedule', errors, true)} value={v.schedule} spellcheck={false} />
        </Field>
        <Field
          label="Max concurrency (ceiling)"
          name="maxConcurrency"
          errors={errors}
          hint="Most SCIM requests in flight (1–32). Provisio starts lower and adapts to how the target answers."
        >
          <input type="number" min="1" max="32" {...control('maxConcurrency', errors, true)} value={v.maxConcurrency} />
        </Field>
        <div class={errors?.allowHttp ? 'field check has-error' : 'field check'}>
          <input type="checkbox" {...control('allowHttp', errors)} checked={v.allowHttp} />
          <label for="allowHttp">Allow a plain http Tenant URL (local test apps only)</label>
        </div>
        {v.allowHttp ? <HttpWarning /> : null}
      </fieldset>
      <AdvancedFields values={v} errors={errors} mailConfigured={props.mailConfigured ?? true} />
      <CompatFields values={v} errors={errors} />
      <div class="actions">
        <button type="submit" class="btn btn-primary">
          Save
        </button>
      </div>
    </form>
  );
}

/** The section body. */
export function AppSettings(props: SettingsProps) {
  return (
    <>
      {props.editable ? <EditForm {...props} /> : <ReadOnly {...props} />}
      {!props.editable && props.values.allowHttp ? <HttpWarning /> : null}
      {props.canTest ? (
        <TestConnectionForm appId={props.appId} csrfToken={props.csrfToken} withButton={!props.editable} />
      ) : null}
      {props.canTest && !props.editable ? <TestResultSlot result={props.testResult} /> : null}
      {props.canTest ? (
        <TestMailForm
          appId={props.appId}
          csrfToken={props.csrfToken}
          {...(props.editable ? {} : { address: props.values.notificationEmail })}
        />
      ) : null}
      {props.canTest && !props.editable ? <TestMailSlot result={props.testMailResult} /> : null}
    </>
  );
}
