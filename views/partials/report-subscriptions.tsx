/** Scheduled reports on Settings → Alerts: the subscriptions and a form to add one (admin). */
import { FREQUENCIES, type LastDelivery, type SubscriptionView } from '../../src/alerts/report-subscriptions';
import { REPORT_KEYS } from '../../src/reports/report-tables';
import { FormErrors } from './error-summary';
import { Csrf, control, Field, type FieldErrors } from './field';
import { Time } from './format';
import { ActionButton } from './security-bits';

export interface ReportSubscriptionsProps {
  csrf: string;
  apps: { id: string; name: string }[];
  items: (SubscriptionView & { lastDelivery: LastDelivery | null })[];
  form?: Record<string, string> | undefined;
  errors?: FieldErrors | undefined;
}

const RANGES = ['24h', '7d', '30d', '90d'];

function Options(props: { values: readonly (readonly [string, string])[]; selected: string }) {
  return (
    <>
      {props.values.map(([v, l]) => (
        <option value={v} selected={props.selected === v}>
          {l}
        </option>
      ))}
    </>
  );
}

/** The latest mail: when, and whether it went, waits for a retry, or failed (with the relay's answer). */
function LastMail(props: { d: LastDelivery | null }) {
  const d = props.d;
  if (!d) return <span class="muted">—</span>;
  const badge = d.status === 'sent' ? 'badge badge-ok' : d.status === 'failed' ? 'badge badge-bad' : 'badge badge-warn';
  const label = d.status === 'pending' && d.attempts > 0 ? `retrying (${d.attempts} failed)` : d.status;
  return (
    <span>
      <Time at={d.at} /> <span class={badge}>{label}</span>
      {d.error ? <span class="muted small"> {d.error}</span> : null}
    </span>
  );
}

export function ReportSubscriptions(props: ReportSubscriptionsProps) {
  const f = props.form ?? {};
  const e = props.errors;
  const appName = (id: string | null) => (id ? (props.apps.find((a) => a.id === id)?.name ?? id) : 'All applications');
  return (
    <section class="card" aria-labelledby="reports-title">
      <h2 id="reports-title">Scheduled reports</h2>
      <p class="muted small">
        The report's CSV (as the Reports page exports it) is attached, with totals, success rate and top errors.
      </p>
      {props.items.length === 0 ? (
        <p class="empty muted">No scheduled reports yet.</p>
      ) : (
        <div class="table-wrap">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">Report</th>
                <th scope="col">Range</th>
                <th scope="col">Application</th>
                <th scope="col">Every</th>
                <th scope="col">Recipients</th>
                <th scope="col">Next</th>
                <th scope="col">Last mail</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {props.items.map((s) => (
                <tr>
                  <td>{s.reportKey}</td>
                  <td>{s.range}</td>
                  <td>{appName(s.appId)}</td>
                  <td>{s.frequency}</td>
                  <td>{s.recipients.join(', ')}</td>
                  <td>
                    <Time at={s.nextRunAt} />
                  </td>
                  <td>
                    <LastMail d={s.lastDelivery} />
                  </td>
                  <td>
                    <ActionButton
                      action={`/settings/alerts/reports/${s.id}/delete`}
                      csrf={props.csrf}
                      label="Delete"
                      danger
                      name={`Delete the ${s.reportKey} report`}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form method="post" action="/settings/alerts/reports" class="stack">
        <Csrf token={props.csrf} />
        <FormErrors
          errors={e}
          heading="The subscription was not created."
          labels={{ reportKey: 'Report', appId: 'Application', frequency: 'Every' }}
        />
        <Field label="Report" name="reportKey" errors={e}>
          <select {...control('reportKey', e)}>
            <Options values={REPORT_KEYS.map((k) => [k, k])} selected={f.reportKey ?? 'statuses'} />
          </select>
        </Field>
        <Field label="Range" name="range" errors={e}>
          <select {...control('range', e)}>
            <Options values={RANGES.map((k) => [k, k])} selected={f.range ?? '7d'} />
          </select>
        </Field>
        <Field label="Application" name="appId" errors={e}>
          <select {...control('appId', e)}>
            <Options
              values={[['', 'All applications'], ...props.apps.map((a): [string, string] => [a.id, a.name])]}
              selected={f.appId ?? ''}
            />
          </select>
        </Field>
        <Field label="Every" name="frequency" errors={e}>
          <select {...control('frequency', e)}>
            <Options values={FREQUENCIES.map((k) => [k, k])} selected={f.frequency ?? 'weekly'} />
          </select>
        </Field>
        <Field label="Recipients" name="recipients" errors={e} hint="Comma-separated addresses.">
          <input type="text" value={f.recipients ?? ''} {...control('recipients', e)} />
        </Field>
        <button type="submit" class="btn">
          Schedule report
        </button>
      </form>
    </section>
  );
}
