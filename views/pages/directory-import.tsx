/**
 * Import users, groups or memberships from CSV: paste or upload, see per line what would happen (create,
 * update, unchanged, error), then import. The previewed text travels in a hidden field so the import commits
 * exactly what was shown.
 */

import type { ImportResult } from '../../src/directory/csv-import';
import type { PreviewLine, PreviewOutcome } from '../../src/directory/csv-preview';
import type { Actor } from '../../src/kernel/actor';
import { Layout } from '../layout';
import { DirectoryTabs } from '../partials/directory-tabs';
import { FormErrors } from '../partials/error-summary';
import { Csrf, control, Field, type FieldErrors } from '../partials/field';
import { Name } from '../partials/safe-text';
import { IMPORT_KINDS, type ImportKind, type KindText } from './directory-import-kinds';

export interface ImportPreview {
  lines: PreviewLine[];
  counts: Record<PreviewOutcome, number>;
  listed: number;
}

const TONE: Record<PreviewOutcome, string> = { create: 'ok', update: 'info', unchanged: 'neutral', error: 'bad' };

function PreviewTable(props: { preview: ImportPreview; kind: KindText; memberships: boolean }) {
  const { counts, lines } = props.preview;
  const { counts: words, badge } = props.kind;
  const total = counts.create + counts.update + counts.unchanged + counts.error;
  const shown: PreviewOutcome[] = props.memberships
    ? ['create', 'unchanged', 'error']
    : ['create', 'update', 'unchanged', 'error'];
  return (
    <>
      <p id="import-counts">
        {shown.map((o) => `${counts[o]} ${words[o]}`).join(', ')}
        {lines.length < total ? ` (first ${lines.length} lines listed)` : ''}.
      </p>
      <div class="table-wrap">
        <table class="table">
          <thead>
            <tr>
              <th scope="col">Line</th>
              <th scope="col">{props.kind.nameHeader}</th>
              <th scope="col">Outcome</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((l) => (
              <tr class={`import-${l.outcome}`}>
                <td class="num">{l.line}</td>
                <td class="mono">
                  <Name value={l.name} />
                </td>
                <td>
                  <span class={`badge badge-${TONE[l.outcome]}`}>{badge[l.outcome]}</span>
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

/**
 * Users · Groups · Memberships: which import this page is. Plain links in a line, not a second tab bar: under
 * the directory's own Users / Groups tabs, a second row of tabs read as the same choice twice.
 */
function KindNav(props: { current: ImportKind }) {
  const kinds = Object.keys(IMPORT_KINDS) as ImportKind[];
  return (
    <nav aria-label="What to import">
      <p>
        <span class="muted">Import from CSV: </span>
        {kinds.map((k, i) => (
          <>
            {i > 0 ? ' · ' : ''}
            <a href={IMPORT_KINDS[k].path} aria-current={props.current === k ? 'page' : undefined}>
              {props.current === k ? <strong>{label(k)}</strong> : label(k)}
            </a>
          </>
        ))}
      </p>
    </nav>
  );
}

const label = (k: ImportKind) => `${k[0]?.toUpperCase()}${k.slice(1)}`;

/** The page: the form, and after a preview the lines and the import button (only when no line has errors). */
export function DirectoryImportPage(props: {
  actor: Actor;
  csrfToken: string | null | undefined;
  kind?: ImportKind | undefined;
  csv: string;
  preview?: ImportPreview | undefined;
  result?: ImportResult | undefined;
  errors?: FieldErrors | undefined;
}) {
  const kindName = props.kind ?? 'users';
  const kind = IMPORT_KINDS[kindName];
  const p = props.preview;
  const writes = p ? p.counts.create + p.counts.update : 0;
  return (
    <Layout title={kind.title} actor={props.actor} csrfToken={props.csrfToken} active="directory">
      <div class="page-head">
        <h1>{kind.title}</h1>
      </div>
      <DirectoryTabs current={kindName === 'users' ? 'users' : 'groups'} />
      <KindNav current={kindName} />
      {props.result ? (
        <div class="alert alert-ok" role="status">
          {kind.done(props.result)}
        </div>
      ) : null}
      <section class="card">
        <form method="post" action={`${kind.path}/preview`} enctype="multipart/form-data">
          <Csrf token={props.csrfToken} />
          <FormErrors errors={props.errors} heading="Nothing was imported." labels={{ csv: 'CSV text' }} />
          <Field label="CSV text" name="csv" errors={props.errors} hint={kind.hint}>
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
      {p ? (
        <section class="card" id="import-preview">
          <h2>Preview</h2>
          <PreviewTable preview={p} kind={kind} memberships={kindName === 'memberships'} />
          {p.counts.error === 0 && writes > 0 ? (
            <form method="post" action={kind.path}>
              <Csrf token={props.csrfToken} />
              <input type="hidden" name="csv" value={props.csv} />
              <button type="submit" class="btn btn-primary">
                {kind.button(writes)}
              </button>
            </form>
          ) : p.counts.error > 0 ? (
            <p class="field-error">Fix the lines with errors and preview again: a file with errors imports nothing.</p>
          ) : (
            <p class="muted">Nothing to import: every line matches the directory.</p>
          )}
        </section>
      ) : null}
    </Layout>
  );
}
