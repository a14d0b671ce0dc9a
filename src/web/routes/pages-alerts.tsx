/**
 * Settings → Alerts (admin: rules, test sends, scheduled reports; CSRF forms, field errors in place) and the
 * alert history (every role). Writes go through the same use cases as the API, so they are audited alike.
 */
import type { Context, Hono } from 'hono';
import { AlertHistoryPage } from '../../../views/pages/alert-history';
import { AlertRulesPage, type RuleForm } from '../../../views/pages/alert-rules';
import { fieldErrors, formText } from '../../../views/partials/field';
import { listAlerts } from '../../alerts/alert-query';
import { createSubscription, deleteSubscription, listSubscriptions } from '../../alerts/report-subscriptions';
import { testRule } from '../../alerts/rule-test';
import { createRule, deleteRule, listRules, updateRule } from '../../alerts/rules';
import { listApplications } from '../../apps/applications';
import { ValidationError } from '../../kernel/errors';
import { listStreams, sinkConfigOf } from '../../streams/streams';
import { requireRole } from '../auth';
import type { AppEnv, WebDeps } from '../env';
import { alertSendDeps } from './api-alerts';

const RULE_FIELDS = [
  'name',
  'kind',
  'threshold',
  'windowMinutes',
  'appIds',
  'severity',
  'muteUntil',
  'channelType',
  'url',
  'format',
  'secret',
  'emailTo',
  'streamId',
];
const REPORT_FIELDS = ['reportKey', 'range', 'appId', 'frequency', 'recipients'];

/** A validation path of the API's shape as the form field that holds it. */
function formPath(path: string): string {
  if (path.startsWith('condition.')) return path.slice('condition.'.length);
  if (/^channels\.\d+\.to/.test(path)) return 'emailTo';
  if (path.startsWith('channels.')) return path.split('.')[2] ?? 'url';
  return path;
}

type Extras = {
  notice?: { tone: 'ok' | 'error'; text: string };
  form?: RuleForm;
  errors?: Record<string, string>;
  reportForm?: Record<string, string>;
  reportErrors?: Record<string, string>;
};

function page(c: Context<AppEnv>, deps: WebDeps, x: Extras = {}, status: 200 | 400 = 200) {
  const apps = listApplications(deps.db).map((a) => ({ id: a.id, name: a.name }));
  return c.html(
    <AlertRulesPage
      actor={c.get('actor')}
      csrf={c.get('session')?.csrfToken ?? ''}
      rules={listRules(deps.db)}
      apps={apps}
      now={deps.clock.now()}
      syslogStreams={listStreams(deps.db)
        .filter((s) => sinkConfigOf(s).type === 'syslog')
        .map((s) => ({ id: s.id, name: s.name }))}
      notice={x.notice}
      form={x.form}
      errors={x.errors}
      reports={{ items: listSubscriptions(deps.db), form: x.reportForm, errors: x.reportErrors }}
    />,
    status,
  );
}

const list = (v: string) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
const num = (v: string) => (v === '' ? undefined : Number(v));

/** Form fields as the API's rule. */
function ruleOf(f: RuleForm): Record<string, unknown> {
  const channel =
    f.channelType === 'email'
      ? { type: 'email', to: list(f.emailTo ?? '') }
      : f.channelType === 'syslog'
        ? { type: 'syslog', streamId: f.streamId ?? '' }
        : {
            type: 'webhook',
            url: f.url ?? '',
            format: f.format || 'generic',
            ...(f.secret ? { secret: f.secret } : {}),
          };
  return {
    name: f.name ?? '',
    condition: {
      kind: f.kind,
      ...(num(f.threshold ?? '') !== undefined ? { threshold: num(f.threshold ?? '') } : {}),
      ...(num(f.windowMinutes ?? '') !== undefined ? { windowMinutes: num(f.windowMinutes ?? '') } : {}),
    },
    appIds: f.appIds ? list(f.appIds) : null,
    severity: f.severity || 'warning',
    // datetime-local has no zone; the label says UTC.
    muteUntil: f.muteUntil ? `${f.muteUntil.length === 16 ? `${f.muteUntil}:00` : f.muteUntil}Z` : null,
    channels: [channel],
  };
}

export function mountAlertPages(app: Hono<AppEnv>, deps: WebDeps): void {
  const admin = requireRole('admin');
  app.get('/settings/alerts', admin, (c) => {
    const done = c.req.query('done');
    return page(c, deps, done ? { notice: { tone: 'ok', text: done === 'deleted' ? 'Deleted.' : 'Saved.' } } : {});
  });
  app.post('/settings/alerts', admin, async (c) => {
    const body = await c.req.parseBody({ all: true });
    const form: RuleForm = {};
    for (const k of RULE_FIELDS) {
      const v = body[k];
      form[k] = Array.isArray(v) ? v.map(formText).join(',') : formText(v);
    }
    try {
      createRule(deps, c.get('actor'), ruleOf(form));
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const details = err.details.map((d) => ({ ...d, path: formPath(d.path) }));
      const { secret: _secret, ...kept } = form;
      return page(c, deps, { form: kept, errors: fieldErrors(details, err.message, RULE_FIELDS) }, 400);
    }
    return c.redirect('/settings/alerts?done=saved', 303);
  });
  app.post('/settings/alerts/:id/delete', admin, (c) => {
    deleteRule(deps, c.get('actor'), c.req.param('id'));
    return c.redirect('/settings/alerts?done=deleted', 303);
  });
  // Mute for a day (maintenance, a known outage) or unmute; a firing alert still resolves while muted.
  app.post('/settings/alerts/:id/mute', admin, (c) => {
    const until = new Date(deps.clock.now() + 24 * 3_600_000).toISOString();
    updateRule(deps, c.get('actor'), c.req.param('id'), { muteUntil: until });
    return c.redirect('/settings/alerts?done=saved', 303);
  });
  app.post('/settings/alerts/:id/unmute', admin, (c) => {
    updateRule(deps, c.get('actor'), c.req.param('id'), { muteUntil: null });
    return c.redirect('/settings/alerts?done=saved', 303);
  });
  app.post('/settings/alerts/:id/test', admin, async (c) => {
    const results = await testRule(alertSendDeps(deps), c.get('actor'), c.req.param('id'));
    const failed = results.filter((r) => r.status === 'failed');
    const text = failed.length
      ? `Test failed: ${failed.map((r) => `${r.channel}: ${r.error}`).join('; ')}`
      : `Test notification sent to ${results.map((r) => r.channel).join('; ')}.`;
    return page(c, deps, { notice: { tone: failed.length ? 'error' : 'ok', text } });
  });
  app.post('/settings/alerts/reports', admin, async (c) => {
    const body = await c.req.parseBody();
    const form = Object.fromEntries(REPORT_FIELDS.map((k) => [k, formText(body[k])]));
    try {
      createSubscription(deps, c.get('actor'), {
        ...form,
        appId: form.appId || null,
        recipients: list(form.recipients ?? ''),
      });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return page(
        c,
        deps,
        { reportForm: form, reportErrors: fieldErrors(err.details, err.message, REPORT_FIELDS) },
        400,
      );
    }
    return c.redirect('/settings/alerts?done=saved', 303);
  });
  app.post('/settings/alerts/reports/:id/delete', admin, (c) => {
    deleteSubscription(deps, c.get('actor'), c.req.param('id'));
    return c.redirect('/settings/alerts?done=deleted', 303);
  });
  app.get('/alerts', requireRole('viewer'), (c) => {
    const state = c.req.query('state');
    const s = state === 'firing' || state === 'resolved' ? state : undefined;
    const r = listAlerts(deps.db, { state: s, cursor: c.req.query('cursor') || undefined });
    const appNames = new Map(listApplications(deps.db).map((a) => [a.id, a.name]));
    return c.html(
      <AlertHistoryPage
        actor={c.get('actor')}
        csrf={c.get('session')?.csrfToken ?? ''}
        state={s ?? ''}
        items={r.items}
        nextCursor={r.nextCursor}
        appNames={appNames}
      />,
    );
  });
}
