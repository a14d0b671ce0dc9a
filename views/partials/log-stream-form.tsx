/**
 * The New log stream form: one fieldset per sink type would need script to switch; instead every sink field
 * is shown with a hint saying which sink uses it, and the server says which are missing for the chosen type.
 */
import { FormErrors } from './error-summary';
import { Csrf, control, Field, type FieldErrors } from './field';

export interface StreamFormValues {
  name: string;
  log: string;
  sinkType: string;
  host: string;
  port: string;
  tls: boolean;
  caFile: string;
  url: string;
  index: string;
  username: string;
  appIds: string;
  statuses: string;
  actions: string;
}

export const blankStreamForm = (): StreamFormValues => ({
  name: '',
  log: 'provisioning',
  sinkType: 'syslog',
  host: '',
  port: '6514',
  tls: true,
  caFile: '',
  url: '',
  index: '',
  username: '',
  appIds: '',
  statuses: '',
  actions: '',
});

const SINKS: [string, string][] = [
  ['syslog', 'Syslog (RFC 5424 over TCP)'],
  ['hec', 'Splunk HTTP Event Collector'],
  ['bulk', 'OpenSearch / Elasticsearch _bulk'],
  ['webhook', 'HTTPS NDJSON webhook'],
];

function Text(p: {
  label: string;
  name: keyof StreamFormValues;
  v: StreamFormValues;
  e?: FieldErrors | undefined;
  hint: string;
}) {
  return (
    <Field label={p.label} name={p.name} errors={p.e} hint={p.hint}>
      <input type="text" value={String(p.v[p.name])} {...control(p.name, p.e, true)} />
    </Field>
  );
}

const LABELS = {
  sinkType: 'Sink',
  caFile: 'CA file',
  url: 'URL',
  secret: 'Token, password or secret',
  appIds: 'Application ids',
};

export function NewStreamForm(props: { csrf: string; values: StreamFormValues; errors?: FieldErrors | undefined }) {
  const v = props.values;
  const e = props.errors;
  return (
    <section class="card" aria-labelledby="new-stream">
      <h2 id="new-stream">New log stream</h2>
      <form method="post" action="/settings/log-streams" class="stack">
        <Csrf token={props.csrf} />
        <FormErrors errors={e} heading="The log stream was not created." labels={LABELS} />
        <Field label="Name" name="name" errors={e}>
          <input type="text" required maxlength={100} value={v.name} {...control('name', e)} />
        </Field>
        <Field label="Log" name="log" errors={e}>
          <select {...control('log', e)}>
            <option value="provisioning" selected={v.log === 'provisioning'}>
              Provisioning log
            </option>
            <option value="audit" selected={v.log === 'audit'}>
              Audit log
            </option>
          </select>
        </Field>
        <Field label="Sink" name="sinkType" errors={e}>
          <select {...control('sinkType', e)}>
            {SINKS.map(([k, label]) => (
              <option value={k} selected={v.sinkType === k}>
                {label}
              </option>
            ))}
          </select>
        </Field>
        <div class="two-col">
          <fieldset class="stack">
            <legend>Syslog</legend>
            <Text label="Host" name="host" v={v} e={e} hint="Syslog only." />
            <Text label="Port" name="port" v={v} e={e} hint="Syslog only: 6514 for TLS, 514 or 601 plain." />
            <div class="field">
              <label>
                <input type="checkbox" name="tls" value="1" checked={v.tls} /> TLS (RFC 5425)
              </label>
            </div>
            <Text label="CA file" name="caFile" v={v} e={e} hint="Optional PEM file of a private CA, on this server." />
          </fieldset>
          <fieldset class="stack">
            <legend>HTTP sinks</legend>
            <Text
              label="URL"
              name="url"
              v={v}
              e={e}
              hint="HEC: https://splunk:8088; _bulk: https://opensearch:9200; webhook: its full URL."
            />
            <Text label="Index" name="index" v={v} e={e} hint="_bulk only, e.g. provisio-logs." />
            <Text label="Username" name="username" v={v} e={e} hint="_bulk only, optional (basic authentication)." />
            <Field
              label="Token, password or secret"
              name="secret"
              errors={e}
              hint="HEC token, _bulk password or webhook signing secret. Stored encrypted; never shown again."
            >
              <input type="password" autocomplete="new-password" value="" {...control('secret', e, true)} />
            </Field>
          </fieldset>
        </div>
        <fieldset class="stack">
          <legend>Filter (optional, comma-separated)</legend>
          <Text label="Application ids" name="appIds" v={v} e={e} hint="Provisioning log only." />
          <Text
            label="Statuses"
            name="statuses"
            v={v}
            e={e}
            hint="success, failure, skipped, warning (audit: success, failure)."
          />
          <Text
            label="Actions"
            name="actions"
            v={v}
            e={e}
            hint="create, update, delete, disable … (audit: activity names)."
          />
        </fieldset>
        <button type="submit" class="btn btn-primary">
          Create log stream
        </button>
      </form>
    </section>
  );
}
