/**
 * Import users, groups or memberships from CSV: paste or upload, see per line what would happen (create,
 * update, unchanged, error), then import. The previewed text travels in a hidden field so the import commits
 * exactly what was shown.
 */

import type { ImportResult } from '../../src/directory/csv-import';
import type { PreviewLine, PreviewOutcome } from '../../src/directory/csv-preview';
import { USER_ATTRIBUTES } from '../../src/directory/user-input';
import type { Actor } from '../../src/kernel/actor';
import { Layout } from '../layout';
import { DirectoryTabs } from '../partials/directory-tabs';
import { Csrf, control, Field, type FieldErrors, FormError } from '../partials/field';
import { Name } from '../partials/safe-text';

export type ImportKind = 'users' | 'groups' | 'memberships';

interface KindText {
  path: string;
  title: string;
  nameHeader: string;
  hint: string;
  /** Outcome words in the counts line and the badges; memberships are added, never updated. */
  counts: Record<PreviewOutcome, string>;
  badge: Record<PreviewOutcome, string>;
  button: (n: number) => string;
  done: (r: ImportResult) => string;
}

const OUTCOMES: Record<PreviewOutcome, string> = {
  create: 'create',
  update: 'update',
  unchanged: 'unchanged',
  error: 'error',
};
const COUNTS: Record<PreviewOutcome, string> = {
  create: 'to create',
  update: 'to update',
  unchanged: 'unchanged',
  error: 'with errors',
};

/** The three imports: their page paths (users' is the older /directory/users/import) and words. */
export const IMPORT_KINDS: Record<ImportKind, KindText> = {
  users: {
    path: '/directory/users/import',
    title: 'Import users',
    nameHeader: 'User principal name',
    hint: `Header row of attribute names (userPrincipalName required; also ${USER_ATTRIBUTES.slice(1, 6).join(', ')}, …). Users are matched by userPrincipalName; absent columns are left alone.`,
    counts: COUNTS,
    badge: OUTCOMES,
    button: (n) => `Import ${n} users`,
    done: (r) =>
      `Imported: ${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged. Apps that provision these users pick the changes up on their next cycle.`,
  },
  groups: {
    path: '/directory/import/groups',
    title: 'Import groups',
    nameHeader: 'Display name',
    hint: 'Header row: displayName (required), mailNickname, description. Groups are matched by displayName; absent columns are left alone.',
    counts: COUNTS,
    badge: OUTCOMES,
    button: (n) => `Import ${n} groups`,
    done: (r) =>
      `Imported: ${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged. Apps that provision these groups pick the changes up on their next cycle.`,
  },
  memberships: {
    path: '/directory/import/memberships',
    title: 'Import memberships',
    nameHeader: 'Group ← member',
    hint: "Header row: group,member. group is a group's displayName; member a userPrincipalName or a group's displayName. Members are only added, never removed.",
    counts: { create: 'to add', update: 'to update', unchanged: 'already members', error: 'with errors' },
    badge: { create: 'add', update: 'update', unchanged: 'already a member', error: 'error' },
    button: (n) => `Add ${n} memberships`,
    done: (r) => `Imported: ${r.created} memberships added, ${r.unchanged} already there.`,
  },
};

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
          <FormError errors={props.errors} />
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
