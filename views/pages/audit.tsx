/** Audit log: filters in a plain GET form (shareable URL), the rows, "Older entries" paging and CSV export. */
import type { Names } from '../../src/audit/audit-names';
import type { AuditRow } from '../../src/audit/audit-query';
import type { Actor } from '../../src/kernel/actor';
import { Layout } from '../layout';
import { AuditTable } from '../partials/audit-table';
import { appOptions, SelectField } from '../partials/field';
import { queryString } from '../partials/format';

export interface AuditFilterValues {
  actor: string;
  activity: string;
  appId: string;
  result: string;
  from: string;
  to: string;
  q: string;
}

export interface AuditPageProps {
  actor: Actor;
  csrfToken: string | null | undefined;
  apps: { id: string; name: string }[];
  activities: string[];
  form: AuditFilterValues;
  rows: AuditRow[];
  /** Names of the ids the rows show (targets, ids inside the changes). */
  names: Names;
  next: number | null;
  error?: string | undefined;
}

const RESULTS: [string, string][] = [
  ['', 'Any result'],
  ['success', 'Success'],
  ['failure', 'Failure'],
];

function families(activities: string[]): string[] {
  return [...new Set(activities.map((a) => `${a.split('.')[0]}.`))];
}

function TextField(props: { name: keyof AuditFilterValues; label: string; value: string; type?: string }) {
  return (
    <div class="field">
      <label for={`a-${props.name}`}>{props.label}</label>
      <input id={`a-${props.name}`} type={props.type ?? 'text'} name={props.name} value={props.value} />
    </div>
  );
}

/** The page. */
export function AuditPage(props: AuditPageProps) {
  const { form } = props;
  const filters = { ...form };
  return (
    <Layout title="Audit log" actor={props.actor} csrfToken={props.csrfToken} active="audit">
      <div class="page-head">
        <h1>Audit log</h1>
        <a class="btn" href={`/audit/export${queryString(filters)}`} download>
          Export as CSV
        </a>
      </div>
      <form method="get" action="/audit" class="card filters" aria-label="Audit filters">
        <TextField name="actor" label="Actor" value={form.actor} />
        <SelectField
          id="a-activity"
          name="activity"
          label="Activity"
          value={form.activity}
          options={[
            ['', 'Any activity'],
            ...families(props.activities).map((f): [string, string] => [f, `${f}* (all)`]),
            ...props.activities.map((a): [string, string] => [a, a]),
          ]}
        />
        <SelectField
          id="a-app"
          name="appId"
          label="Application"
          value={form.appId}
          options={appOptions(props.apps, 'Any application')}
        />
        <SelectField id="a-result" name="result" label="Result" value={form.result} options={RESULTS} />
        <TextField name="from" label="From (UTC date)" value={form.from} type="date" />
        <TextField name="to" label="To (UTC date)" value={form.to} type="date" />
        <TextField name="q" label="Text" value={form.q} />
        <div class="actions">
          <button type="submit" class="btn btn-primary">
            Filter
          </button>{' '}
          <a href="/audit">Clear</a>
        </div>
      </form>
      {props.error ? (
        <p class="alert alert-error" role="alert">
          {props.error}
        </p>
      ) : null}
      <section class="card" aria-labelledby="audit-entries">
        <h2 id="audit-entries">Entries</h2>
        <p class="muted small">Newest first. Audit entries cannot be edited or deleted.</p>
        <AuditTable rows={props.rows} names={props.names} />
        {props.next !== null ? (
          <p>
            <a class="btn" href={`/audit${queryString({ ...filters, cursor: props.next })}`}>
              Older entries
            </a>
          </p>
        ) : null}
      </section>
    </Layout>
  );
}
