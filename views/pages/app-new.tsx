/** New application form (admin). Validation errors are shown next to their fields. */
import { TEMPLATES } from '../../src/apps/app-input';
import type { Actor } from '../../src/kernel/actor';
import { Layout } from '../layout';
import { FormErrors } from '../partials/error-summary';
import { Csrf, control, Field, type FieldErrors, formText } from '../partials/field';
import { TEST_FORM_ID, TestConnectionForm, type TestResult, TestResultSlot } from '../partials/test-connection';

export interface NewAppValues {
  name: string;
  template: string;
  tenantUrl: string;
  scope: string;
  notificationEmail: string;
  allowHttp: boolean;
}

export const NEW_APP_DEFAULTS: NewAppValues = {
  name: '',
  template: 'mindtickle',
  tenantUrl: TEMPLATES.mindtickle.defaultTenantUrl,
  scope: 'assigned',
  notificationEmail: '',
  allowHttp: false,
};

/** The form values as submitted, to re-render the form after a validation error. */
export function newAppValuesFrom(body: Record<string, unknown>): NewAppValues {
  return {
    name: formText(body.name),
    template: formText(body.template) || 'mindtickle',
    tenantUrl: formText(body.tenantUrl),
    scope: formText(body.scope) || 'assigned',
    notificationEmail: formText(body.notificationEmail),
    allowHttp: body.allowHttp === 'on',
  };
}

/**
 * The built-in sandbox, when the server runs it: `available` shows "Use the built-in sandbox"; `token` is set
 * only in the answer to that button (an admin's POST), so the page itself never carries the secret.
 */
export interface SandboxOffer {
  available: boolean;
  token?: string | undefined;
}

export const SANDBOX_FILL_PATH = '/apps/new/sandbox';

/**
 * Tenant URL, Secret Token, allowHttp and Test Connection. Its own element so the sandbox button can swap it
 * (htmx) without touching what was typed elsewhere in the form.
 */
export function AdminCredentials(props: {
  values: NewAppValues;
  errors?: FieldErrors | undefined;
  testResult?: TestResult | undefined;
  sandbox?: SandboxOffer | undefined;
}) {
  const { values: v, errors, sandbox } = props;
  const filled = sandbox?.token !== undefined;
  return (
    <fieldset id="admin-credentials">
      <legend>Admin Credentials</legend>
      {sandbox?.available ? (
        <div class="actions sandbox-offer">
          <button
            type="submit"
            class="btn"
            formaction={SANDBOX_FILL_PATH}
            formnovalidate
            hx-post={SANDBOX_FILL_PATH}
            hx-target="#admin-credentials"
            hx-swap="outerHTML"
          >
            Use the built-in sandbox
          </button>
          <span class="hint">
            {filled
              ? "Filled in with the sandbox's Tenant URL and Secret Token."
              : "Fills in the Tenant URL and Secret Token of this server's built-in SCIM app, to try provisioning."}
          </span>
        </div>
      ) : null}
      <Field
        label="Tenant URL"
        name="tenantUrl"
        errors={errors}
        hint="The app's SCIM base URL, e.g. https://admin.mindtickle.com/scim"
      >
        <input type="url" {...control('tenantUrl', errors, true)} value={v.tenantUrl} />
      </Field>
      <Field
        label="Secret Token"
        name="secretToken"
        errors={errors}
        hint="Stored encrypted and never shown again. You can add it later."
      >
        <input
          type="password"
          {...control('secretToken', errors, true)}
          autocomplete="new-password"
          value={filled ? sandbox?.token : undefined}
        />
      </Field>
      <div class="field check">
        <input type="checkbox" {...control('allowHttp', errors)} checked={v.allowHttp} />
        <label for="allowHttp">Allow a plain http Tenant URL (local test apps only)</label>
      </div>
      <div class="actions">
        <button type="submit" class="btn" form={TEST_FORM_ID}>
          Test Connection
        </button>
        <span class="hint">Tests the typed Tenant URL and Secret Token; nothing is saved.</span>
      </div>
      <TestResultSlot result={props.testResult} />
    </fieldset>
  );
}

const LABELS = {
  name: 'Name',
  template: 'Template',
  tenantUrl: 'Tenant URL',
  secretToken: 'Secret Token',
  allowHttp: 'Allow a plain http Tenant URL',
  scope: 'Scope',
  notificationEmail: 'Notification Email',
};

/** The page. */
export function NewAppPage(props: {
  actor: Actor;
  csrfToken: string | null | undefined;
  values: NewAppValues;
  errors?: FieldErrors | undefined;
  testResult?: TestResult | undefined;
  sandbox?: SandboxOffer | undefined;
}) {
  const { values: v, errors } = props;
  return (
    <Layout title="New application" actor={props.actor} csrfToken={props.csrfToken} active="overview">
      <nav class="crumbs" aria-label="Breadcrumb">
        <a href="/">Overview</a> <span aria-hidden="true">/</span> <span>New application</span>
      </nav>
      <h1>New application</h1>
      <section class="card narrow">
        <form method="post" action="/apps" class="stack" id="new-app-form">
          <Csrf token={props.csrfToken} />
          <FormErrors errors={errors} heading="The application was not created." labels={LABELS} />
          <Field label="Name" name="name" errors={errors}>
            <input type="text" {...control('name', errors)} value={v.name} required maxlength={200} />
          </Field>
          <Field label="Template" name="template" errors={errors}>
            <select {...control('template', errors)} data-tenant-default="tenantUrl">
              {Object.entries(TEMPLATES).map(([key, t]) => (
                <option value={key} selected={v.template === key} data-default-url={t.defaultTenantUrl ?? ''}>
                  {t.label}
                </option>
              ))}
            </select>
          </Field>
          <AdminCredentials values={v} errors={errors} testResult={props.testResult} sandbox={props.sandbox} />
          <fieldset>
            <legend>Settings</legend>
            <Field label="Scope" name="scope" errors={errors}>
              <select {...control('scope', errors)}>
                <option value="assigned" selected={v.scope === 'assigned'}>
                  Sync only assigned users and groups
                </option>
                <option value="all" selected={v.scope === 'all'}>
                  Sync all users and groups
                </option>
              </select>
            </Field>
            <Field label="Notification Email" name="notificationEmail" errors={errors}>
              <input type="email" {...control('notificationEmail', errors)} value={v.notificationEmail} />
            </Field>
          </fieldset>
          <div class="actions">
            <button type="submit" class="btn btn-primary">
              Create
            </button>
            <a class="btn btn-quiet" href="/">
              Cancel
            </a>
          </div>
        </form>
        <TestConnectionForm appId={null} csrfToken={props.csrfToken} withButton={false} />
      </section>
    </Layout>
  );
}
