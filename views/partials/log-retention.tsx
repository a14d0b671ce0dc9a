/** Log retention settings (admin): the figures of what is kept and the form that changes how long. */
import type { RetentionDays } from '../../src/log/retention';
import { ErrorSummary } from './error-summary';
import { Csrf, control, Field, type FieldErrors } from './field';
import { Time } from './format';

function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

const LABELS = { retentionDays: 'Keep provisioning log rows for (days, or "forever")' };

/** The settings card. */
export function LogRetentionSettings(props: {
  days: RetentionDays;
  stats: { rows: number; bytes: number; oldest: number | null };
  csrfToken: string;
  saved?: boolean | undefined;
  /** A refused save: the message beside the field and what was typed, kept. */
  refused?: { errors: FieldErrors; value: string } | undefined;
}) {
  const errors = props.refused?.errors;
  const value = props.refused?.value ?? (props.days === null ? 'forever' : String(props.days));
  return (
    <section class="card" aria-labelledby="retention-title">
      <h2 id="retention-title">Provisioning log retention</h2>
      {props.saved ? <p class="alert alert-ok">Retention saved.</p> : null}
      <dl class="props">
        <dt>Rows kept</dt>
        <dd data-rows={String(props.stats.rows)}>{props.stats.rows.toLocaleString('en-US')}</dd>
        <dt>Database size on disk</dt>
        <dd>{formatBytes(props.stats.bytes)}</dd>
        <dt>Oldest row</dt>
        <dd>
          <Time at={props.stats.oldest} />
        </dd>
      </dl>
      <form method="post" action="/settings/logs" class="retention-form">
        <Csrf token={props.csrfToken} />
        <ErrorSummary errors={errors} heading="The retention was not saved." labels={LABELS} />
        <Field label={LABELS.retentionDays} name="retentionDays" errors={errors}>
          <input type="text" inputmode="numeric" {...control('retentionDays', errors)} value={value} required />
        </Field>
        <p class="muted small">
          Older rows are deleted every night in batches of 5,000, so the engine keeps writing meanwhile. The default is
          180 days (Entra keeps 30).
        </p>
        <button type="submit" class="btn btn-primary">
          Save
        </button>
      </form>
    </section>
  );
}
