/**
 * Import users from CSV: paste or upload, see per line what would happen (create, update, unchanged, error),
 * then import. The previewed text travels in a hidden field so the import commits exactly what was shown.
 */

import type { ImportResult } from '../../src/directory/csv-import';
import type { PreviewLine, PreviewOutcome } from '../../src/directory/csv-preview';
import { USER_ATTRIBUTES } from '../../src/directory/user-input';
import type { Actor } from '../../src/kernel/actor';
import { Layout } from '../layout';
import { DirectoryTabs } from '../partials/directory-tabs';
import { Csrf, control, Field, type FieldErrors, FormError } from '../partials/field';
import { Name } from '../partials/safe-text';

export interface ImportPreview {
  lines: PreviewLine[];
  counts: Record<PreviewOutcome, number>;
  listed: number;
}

const TONE: Record<PreviewOutcome, string> = { create: 'ok', update: 'info', unchanged: 'neutral', error: 'bad' };

function PreviewTable(props: { preview: ImportPreview }) {
  const { counts, lines } = props.preview;
  const total = counts.create + counts.update + counts.unchanged + counts.error;
  return (
    <>
      <p id="import-counts">
        {counts.create} to create, {counts.update} to update, {counts.unchanged} unchanged, {counts.error} with errors
        {lines.length < total ? ` (first ${lines.length} lines listed)` : ''}.
      </p>
      <div class="table-wrap">
        <table class="table">
          <thead>
            <tr>
              <th scope="col">Line</th>
              <th scope="col">User principal name</th>
              <th scope="col">Outcome</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((l) => (
              <tr class={`import-${l.outcome}`}>
                <td class="num">{l.line}</td>
                <td class="mono">
                  <Name value={l.userPrincipalName} />
                </td>
                <td>
                  <span class={`badge badge-${TONE[l.outcome]}`}>{l.outcome}</span>
                </td>
                <td>
                  <Name value={l.detail} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** The page: the form, and after a preview the lines and the import button (only when no line has errors). */
export function DirectoryImportPage(props: {
  actor: Actor;
  csrfToken: string | null | undefined;
  csv: string;
  preview?: ImportPreview | undefined;
  result?: ImportResult | undefined;
  errors?: FieldErrors | undefined;
}) {
  return (
    <Layout title="Import users" actor={props.actor} csrfToken={props.csrfToken} active="directory">
      <div class="page-head">
        <h1>Import users</h1>
      </div>
      <DirectoryTabs current="users" />
      {props.result ? (
        <div class="alert alert-ok" role="status">
          Imported: {props.result.created} created, {props.result.updated} updated, {props.result.unchanged} unchanged.
          Apps that provision these users pick the changes up on their next cycle.
        </div>
      ) : null}
      <section class="card">
        <form method="post" action="/directory/users/import/preview" enctype="multipart/form-data">
          <Csrf token={props.csrfToken} />
          <FormError errors={props.errors} />
          <Field
            label="CSV text"
            name="csv"
            errors={props.errors}
            hint={`Header row of attribute names (userPrincipalName required; also ${USER_ATTRIBUTES.slice(1, 6).join(', ')}, …). Users are matched by userPrincipalName; absent columns are left alone.`}
          >
            <textarea rows={8} {...control('csv', props.errors, true)}>
              {props.csv}
            </textarea>
          </Field>
          <Field label="Or a CSV file" name="file">
            <input type="file" id="file" name="file" accept=".csv,text/csv" />
          </Field>
          <button type="submit" class="btn">
            Preview
          </button>
        </form>
      </section>
      {props.preview ? (
        <section class="card" id="import-preview">
          <h2>Preview</h2>
          <PreviewTable preview={props.preview} />
          {props.preview.counts.error === 0 && props.preview.counts.create + props.preview.counts.update > 0 ? (
            <form method="post" action="/directory/users/import">
              <Csrf token={props.csrfToken} />
              <input type="hidden" name="csv" value={props.csv} />
              <button type="submit" class="btn btn-primary">
                Import {props.preview.counts.create + props.preview.counts.update} users
              </button>
            </form>
          ) : props.preview.counts.error > 0 ? (
            <p class="field-error">Fix the lines with errors and preview again: a file with errors imports nothing.</p>
          ) : (
            <p class="muted">Nothing to import: every line matches the directory.</p>
          )}
        </section>
      ) : null}
    </Layout>
  );
}
