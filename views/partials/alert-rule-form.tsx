/** The New alert rule form (one channel; the API takes several), with per-field errors. */
import { CONDITION_KINDS, CONDITIONS, SEVERITIES, WEBHOOK_FORMATS } from '../../src/alerts/rule-input';
import { FormErrors } from './error-summary';
import { Csrf, control, Field, type FieldErrors } from './field';

export type RuleForm = Record<string, string> & { appIds?: string };

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

const LABELS = {
  name: 'Name',
  kind: 'Condition',
  windowMinutes: 'Window (minutes)',
  appIds: 'Applications',
  muteUntil: 'Muted until (UTC)',
  channelType: 'Channel',
  url: 'Webhook URL',
  format: 'Webhook format',
  secret: 'Signing secret',
  emailTo: 'Email recipients',
  streamId: 'Syslog log stream',
};

export function RuleFormCard(props: {
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
        <FormErrors errors={e} heading="The rule was not created." labels={LABELS} />
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
