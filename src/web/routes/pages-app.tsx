/**
 * Application pages: create (admin), the application page, and its plain-form actions (settings, provisioning
 * On/Off: admin; Test Connection: operator; assignments are in pages-app-assign). Each action parses the form, calls one domain
 * function and redirects (POST/redirect/GET); a ValidationError re-renders the form with the message next to
 * the field instead.
 */
import type { Context, Hono } from 'hono';
import { NEW_APP_DEFAULTS, NewAppPage, newAppValuesFrom } from '../../../views/pages/app-new';
import { settingsValuesFrom } from '../../../views/partials/app-settings';
import { ADVANCED_FIELDS, advancedInput } from '../../../views/partials/app-settings-advanced';
import { COMPAT_FIELDS, compatInput } from '../../../views/partials/app-settings-compat';
import { CyclesTable } from '../../../views/partials/cycles-table';
import { type FieldErrors, fieldErrors, formText as text } from '../../../views/partials/field';
import { TestConnectionResult, type TestResult } from '../../../views/partials/test-connection';
import { createApplication, getApplication, setProvisioning, updateApplication } from '../../apps/applications';
import { cycleSummary, recentCycles } from '../../engine/cycle/cycles-repo';
import { ValidationError } from '../../kernel/errors';
import { testConnection } from '../../operate/test-connection';
import { requireRole } from '../auth';
import type { AppEnv, WebDeps } from '../env';
import { isHtmx, pageOrPartial } from '../htmx';
import { appsDeps, lookupOwn } from '../request';
import { appPage, backToApp } from './app-page';
import { sandboxOffer } from './pages-app-sandbox';

type Body = Record<string, unknown>;

const NOTICES: Record<string, string> = {
  created: 'Application created. Add the Secret Token, test the connection, assign users and turn provisioning on.',
  saved: 'Settings saved.',
  group_settings_saved: 'Group settings saved.',
  provisioning_on: 'Provisioning is on; the first cycle starts shortly.',
  provisioning_off: 'Provisioning is off. A running cycle finishes; no new cycle starts.',
  assigned: 'Assignment saved.',
  unassigned: 'Assignment removed; the account is disabled in the app on the next cycle.',
  run_started: 'Cycle started.',
  deletes_allowed: 'Deletes allowed: the held disables and deletes are processed by the cycle that just started.',
  restarted: 'Provisioning restarted: escrows and quarantine cleared; an initial cycle runs next.',
  restarted_forgot:
    'Provisioning restarted and links forgotten: every user is matched again by its matching attributes in the initial cycle.',
  stopped_now:
    'Provisioning is off and the running cycle was stopped; the users it did not reach are picked up when it starts again.',
  retry_queued: 'The object is due again; it is retried by the next cycle.',
};

const SETTINGS_FIELDS = [
  'tenantUrl',
  'secretToken',
  'scope',
  'notificationEmail',
  'schedule',
  'maxConcurrency',
  'allowHttp',
  ...ADVANCED_FIELDS,
  ...COMPAT_FIELDS,
];
const NEW_APP_FIELDS = ['name', 'template', 'tenantUrl', 'secretToken', 'allowHttp', 'scope', 'notificationEmail'];

function validationOf(err: unknown, fields: readonly string[]): FieldErrors | null {
  return err instanceof ValidationError ? fieldErrors(err.details, err.message, fields) : null;
}

/** Form fields → updateApplication input; empty optional fields are left out (an empty token keeps the stored one). */
function settingsInput(body: Body): Record<string, unknown> {
  const v = settingsValuesFrom(body);
  const input: Record<string, unknown> = { allowHttp: v.allowHttp, notificationEmail: v.notificationEmail };
  if (v.tenantUrl) input.tenantUrl = v.tenantUrl;
  if (text(body.secretToken)) input.secretToken = text(body.secretToken);
  if (v.scope) input.scope = v.scope;
  // An emptied Schedule is refused with a message, not silently kept as it was.
  if (body.schedule !== undefined) input.schedule = v.schedule;
  if (v.maxConcurrency) input.maxConcurrency = Number(v.maxConcurrency);
  // Forms that predate these fields (or API-less clients posting a subset) leave them unchanged.
  if (body.deleteThreshold !== undefined) Object.assign(input, advancedInput(v));
  Object.assign(input, compatInput(v));
  return input;
}

function newAppInput(body: Body): Record<string, unknown> {
  const v = newAppValuesFrom(body);
  const input: Record<string, unknown> = { name: v.name, template: v.template, scope: v.scope, allowHttp: v.allowHttp };
  if (v.tenantUrl) input.tenantUrl = v.tenantUrl;
  if (v.notificationEmail) input.notificationEmail = v.notificationEmail;
  if (text(body.secretToken)) input.secretToken = text(body.secretToken);
  return input;
}

/** Mount the application pages. */
export function mountAppPages(app: Hono<AppEnv>, deps: WebDeps): void {
  const apps = appsDeps(deps);
  const session = (c: Context<AppEnv>) => ({ actor: c.get('actor'), csrfToken: c.get('session')?.csrfToken });

  app.get('/apps/new', requireRole('admin'), (c) =>
    c.html(<NewAppPage {...session(c)} values={NEW_APP_DEFAULTS} sandbox={sandboxOffer(deps, c.get('actor'))} />),
  );
  app.post('/apps', requireRole('admin'), async (c) => {
    const body = await c.req.parseBody();
    try {
      const created = createApplication(apps, c.get('actor'), newAppInput(body));
      return backToApp(c, created.id, 'created');
    } catch (err) {
      const errors = validationOf(err, NEW_APP_FIELDS);
      if (!errors) throw err;
      return c.html(
        <NewAppPage
          {...session(c)}
          values={newAppValuesFrom(body)}
          errors={errors}
          sandbox={sandboxOffer(deps, c.get('actor'))}
        />,
        400,
      );
    }
  });

  app.get('/apps/:id', (c) =>
    c.html(appPage(c, deps, c.req.param('id'), { notice: lookupOwn(NOTICES, c.req.query('notice')) })),
  );
  app.get('/apps/:id/cycles', (c) => {
    const id = c.req.param('id');
    if (!isHtmx(c)) return c.redirect(`/apps/${encodeURIComponent(id)}#current-status`, 303);
    getApplication(deps.db, id);
    return c.html(<CyclesTable appId={id} cycles={recentCycles(deps.db, id, 10).map(cycleSummary)} />);
  });

  app.post('/apps/:id/settings', requireRole('admin'), async (c) => {
    const id = c.req.param('id');
    const body = await c.req.parseBody();
    try {
      updateApplication(apps, c.get('actor'), id, settingsInput(body));
    } catch (err) {
      const errors = validationOf(err, SETTINGS_FIELDS);
      if (!errors) throw err;
      return c.html(appPage(c, deps, id, { settingsErrors: errors, settings: settingsValuesFrom(body) }), 400);
    }
    return backToApp(c, id, 'saved', '#provisioning');
  });

  app.post('/apps/:id/provisioning', requireRole('admin'), async (c) => {
    const id = c.req.param('id');
    const status = text((await c.req.parseBody()).status);
    try {
      if (status !== 'on' && status !== 'off') throw new ValidationError('status must be on or off');
      setProvisioning(apps, c.get('actor'), id, status === 'on');
    } catch (err) {
      const errors = validationOf(err, []);
      if (!errors) throw err;
      return c.html(appPage(c, deps, id, { toggleError: Object.values(errors)[0] }), 400);
    }
    return backToApp(c, id, `provisioning_${status}`);
  });

  // Test Connection tests what is typed (hx-include sends the form's fields); nothing is saved.
  const runTest = async (c: Context<AppEnv>, appId: string | null): Promise<TestResult> => {
    const testDeps = { ...deps.engine, secrets: deps.secrets, onAppChanged: deps.onAppChanged };
    try {
      return await testConnection(testDeps, c.get('actor'), appId, typedValuesOf(await c.req.parseBody()));
    } catch (err) {
      // Nothing was sent; the page words the problem as a step to take.
      if (!(err instanceof ValidationError)) throw err;
      const first = err.details[0];
      const message = first ? `${FIELD_LABELS[first.path] ?? first.path} ${first.message}.` : err.message;
      return { ok: false, code: 'not_configured', message };
    }
  };
  app.post('/apps/test-connection', requireRole('operator'), async (c) => {
    const result = await runTest(c, null);
    const page = () => (
      <NewAppPage
        {...session(c)}
        values={NEW_APP_DEFAULTS}
        testResult={result}
        sandbox={sandboxOffer(deps, c.get('actor'))}
      />
    );
    return pageOrPartial(c, page, () => <TestConnectionResult result={result} />, result.ok ? 200 : 422);
  });
  app.post('/apps/:id/test-connection', requireRole('operator'), async (c) => {
    const target = getApplication(deps.db, c.req.param('id'));
    const result = await runTest(c, target.id);
    return pageOrPartial(
      c,
      () => appPage(c, deps, target.id, { testResult: result }),
      () => <TestConnectionResult result={result} />,
      result.ok ? 200 : 422,
    );
  });
}

const FIELD_LABELS: Record<string, string> = { tenantUrl: 'Tenant URL', secretToken: 'Secret Token' };

/** The typed fields, if the form sent them (an operator's page sends none: the saved values are tested). */
function typedValuesOf(body: Body): Record<string, unknown> {
  if (body.tenantUrl === undefined) return {};
  return { tenantUrl: text(body.tenantUrl), secretToken: text(body.secretToken), allowHttp: body.allowHttp === 'on' };
}
