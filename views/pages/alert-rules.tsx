/**
 * Settings → Alerts (admin): the rules (condition, scope, severity, mute, channels) with Test and Delete, a form
 * for a new rule with per-field errors, and the scheduled reports below.
 */

import { CONDITION_KINDS, CONDITIONS, SEVERITIES, WEBHOOK_FORMATS } from '../../src/alerts/rule-input';
import type { RuleView } from '../../src/alerts/rules';
import type { Actor } from '../../src/kernel/actor';
import { Layout } from '../layout';
import { Csrf, control, Field, type FieldErrors, FormError } from '../partials/field';
import { Time } from '../partials/format';
import { ReportSubscriptions, type ReportSubscriptionsProps } from '../partials/report-subscriptions';
import { ActionButton, SettingsNav } from '../partials/security-bits';

export type RuleForm = Record<string, string> & { appIds?: string };

export interface AlertRulesPageProps {
  actor: Actor;
  csrf: string;
  rules: RuleView[];
  apps: { id: string; name: string }[];
  syslogStreams: { id: string; name: string }[];
  notice?: { tone: 'ok' | 'error'; text: string } | undefined;
  form?: RuleForm | undefined;
  errors?: FieldErrors | undefined;
  reports: Omit<ReportSubscriptionsProps, 'csrf' | 'apps'>;
}

function conditionText(r: RuleView): string {
  const d = CONDITIONS[r.condition.kind];
  const t = r.condition.threshold ?? d.threshold;
  const w = r.condition.windowMinutes ?? d.windowMinutes;
  return `${d.label}${t === null ? '' : ` ${t} ${d.unit}`}${w === null ? '' : ` in ${w} min`}`;
}

function channelText(c: Record<string, unknown>): string {
  if (c.type === 'email') return `Email ${(c.to as string[]).join(', ')}`;
  if (c.type === 'syslog') return `Syslog (log stream ${String(c.streamId)})`;
  return `Webhook (${String(c.format)}) ${String(c.url)}${c.signed ? ', signed' : ''}`;
}

function Select(props: {
  name: string;
  value: string;
  options: readonly (readonly [string, string])[];
  errors?: FieldErrors | undefined;
}) {
  return (
    <select {...control(props.name, props.errors)}>
      {props.options.map(([v, l]) => (
        <option value={v} selected={props.value === v}>
          {l}
        </option>
      ))}
    </select>
  );
}

function RuleFormCard(props: {
  csrf: string;
  apps: { id: string; name: string }[];
  syslogStreams: { id: string; name: string }[];
  form: RuleForm;
  errors?: FieldErrors | undefined;
}) {
  const f = props.form;
  const e = props.errors;
  const text = (name: string, type = 'text', extra: Record<string, string> = {}) => (
    <input type={type} value={f[name] ?? ''} {...control(name, e)} {...extra} />
  );
  return (
    <section class="card" aria-labelledby="new-rule">
      <h2 id="new-rule">New alert rule</h2>
      <form method="post" action="/settings/alerts" class="stack">
        <Csrf token={props.csrf} />
        <FormError errors={e} />
        <Field label="Name" name="name" errors={e}>
          {text('name', 'text', { required: 'required', maxlength: '200' })}
        </Field>
        <Field label="Condition" name="kind" errors={e}>
          <Select
            name="kind"
            value={f.kind ?? 'failures'}
            errors={e}
            options={CONDITION_KINDS.map((k) => [k, CONDITIONS[k].label])}
          />
        </Field>
        <Field
          label="Threshold"
          name="threshold"
          errors={e}
          hint="Failures, hours, objects, minutes or days, as the condition says; empty takes its default."
        >
          {text('threshold', 'number', { min: '0', step: 'any' })}
        </Field>
        <Field label="Window (minutes)" name="windowMinutes" errors={e} hint="Failures and throttles only.">
          {text('windowMinutes', 'number', { min: '1' })}
        </Field>
        <Field label="Applications" name="appIds" errors={e} hint="None chosen: every application.">
          <select multiple {...control('appIds', e)}>
            {props.apps.map((a) => (
              <option value={a.id} selected={(f.appIds ?? '').split(',').includes(a.id)}>
                {a.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Severity" name="severity" errors={e}>
          <Select name="severity" value={f.severity ?? 'warning'} errors={e} options={SEVERITIES.map((s) => [s, s])} />
        </Field>
        <Field label="Muted until (UTC)" name="muteUntil" errors={e}>
          {text('muteUntil', 'datetime-local')}
        </Field>
        <Field label="Channel" name="channelType" errors={e}>
          <Select
            name="channelType"
            value={f.channelType ?? 'webhook'}
            errors={e}
            options={[
              ['webhook', 'Webhook'],
              ['email', 'Email'],
              ['syslog', 'Syslog (a log stream’s receiver)'],
            ]}
          />
        </Field>
        <Field label="Webhook URL" name="url" errors={e} hint="Slack: an incoming-webhook URL with the Slack format.">
          {text('url', 'url')}
        </Field>
        <Field label="Webhook format" name="format" errors={e}>
          <Select name="format" value={f.format ?? 'generic'} errors={e} options={WEBHOOK_FORMATS.map((x) => [x, x])} />
        </Field>
        <Field
          label="Signing secret"
          name="secret"
          errors={e}
          hint="Optional, 16+ characters: adds X-Provisio-Signature. Never shown again."
        >
          <input type="password" autocomplete="off" {...control('secret', e)} />
        </Field>
        <Field label="Email recipients" name="emailTo" errors={e} hint="Comma-separated addresses.">
          {text('emailTo')}
        </Field>
        <Field label="Syslog log stream" name="streamId" errors={e} hint="Log streams with a syslog sink.">
          <Select
            name="streamId"
            value={f.streamId ?? ''}
            errors={e}
            options={[['', '—'], ...props.syslogStreams.map((x): [string, string] => [x.id, x.name])]}
          />
        </Field>
        <button type="submit" class="btn btn-primary">
          Create rule
        </button>
      </form>
    </section>
  );
}

/** The page. */
export function AlertRulesPage(props: AlertRulesPageProps) {
  return (
    <Layout title="Alerts" actor={props.actor} csrfToken={props.csrf}>
      <SettingsNav active="alerts" />
      <h1>Alerts</h1>
      <p>
        <a href="/alerts">Alert history</a>
      </p>
      {props.notice ? (
        <p class={props.notice.tone === 'ok' ? 'alert alert-ok' : 'alert alert-error'} role="status">
          {props.notice.text}
        </p>
      ) : null}
      <section class="card" aria-labelledby="rules-title">
        <h2 id="rules-title">Rules</h2>
        {props.rules.length === 0 ? (
          <p class="empty muted">No alert rules yet.</p>
        ) : (
          <div class="table-wrap">
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Condition</th>
                  <th scope="col">Applications</th>
                  <th scope="col">Severity</th>
                  <th scope="col">Muted until</th>
                  <th scope="col">Channels</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {props.rules.map((r) => (
                  <tr>
                    <td>{r.name}</td>
                    <td>{conditionText(r)}</td>
                    <td>
                      {r.appIds
                        ? r.appIds.map((id) => props.apps.find((a) => a.id === id)?.name ?? id).join(', ')
                        : 'All'}
                    </td>
                    <td>{r.severity}</td>
                    <td>{r.muteUntil ? <Time at={r.muteUntil} /> : <span class="muted">—</span>}</td>
                    <td>{r.channels.map(channelText).join('; ')}</td>
                    <td>
                      <ActionButton
                        action={`/settings/alerts/${r.id}/test`}
                        csrf={props.csrf}
                        label="Send test"
                        name={`Send a test notification for ${r.name}`}
                      />
                      <ActionButton
                        action={`/settings/alerts/${r.id}/delete`}
                        csrf={props.csrf}
                        label="Delete"
                        danger
                        name={`Delete ${r.name}`}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <RuleFormCard
        csrf={props.csrf}
        apps={props.apps}
        syslogStreams={props.syslogStreams}
        form={props.form ?? {}}
        errors={props.errors}
      />
      <ReportSubscriptions {...props.reports} csrf={props.csrf} apps={props.apps} />
    </Layout>
  );
}
