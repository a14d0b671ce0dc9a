/**
 * The CSV import pages (admin) for users, groups and memberships: preview per line, then import the previewed
 * text with the same use cases as the API, which journal, audit and nudge the scheduler. All or nothing on the
 * page for every kind: users' import always is; groups and memberships are asked to be (`allOrNothing`),
 * since the import is offered only for a preview without errors. Users stay at /directory/users/import,
 * mounted before the user page so "import" is not taken for a user id; groups and memberships live under
 * /directory/import/, where no group-page route can shadow them.
 */
import type { Context, Hono } from 'hono';
import type { Db } from '../../../db/client';
import { DirectoryImportPage, type ImportPreview } from '../../../views/pages/directory-import';
import { IMPORT_KINDS, type ImportKind } from '../../../views/pages/directory-import-kinds';
import { fieldErrors } from '../../../views/partials/field';
import { type ImportResult, importUsersCsv } from '../../directory/csv-import';
import { importGroupsCsv, previewGroupsCsv } from '../../directory/csv-import-groups';
import { importMembershipsCsv, previewMembershipsCsv } from '../../directory/csv-import-memberships';
import { previewUsersCsv } from '../../directory/csv-preview';
import type { DirectoryDeps } from '../../directory/users';
import type { Actor } from '../../kernel/actor';
import { ValidationError } from '../../kernel/errors';
import { requireRole } from '../auth';
import type { AppEnv, WebDeps } from '../env';
import { directoryDeps } from '../request';

interface ImportUseCases {
  preview(db: Db, csv: string): Promise<ImportPreview>;
  commit(deps: DirectoryDeps, actor: Actor, csv: string): Promise<ImportResult>;
}

const USE_CASES: Record<ImportKind, ImportUseCases> = {
  users: { preview: previewUsersCsv, commit: importUsersCsv },
  groups: {
    preview: previewGroupsCsv,
    commit: (deps, actor, csv) => importGroupsCsv(deps, actor, csv, { allOrNothing: true }),
  },
  memberships: {
    preview: previewMembershipsCsv,
    commit: (deps, actor, csv) => importMembershipsCsv(deps, actor, csv, { allOrNothing: true }),
  },
};

/** The CSV from an uploaded file if one was sent, else from the text box. */
async function readCsv(c: Context<AppEnv>): Promise<string> {
  const form = await c.req.parseBody();
  const file = form.file;
  if (file instanceof File && file.size > 0) return file.text();
  return typeof form.csv === 'string' ? form.csv : '';
}

const refused = (err: unknown) => {
  if (!(err instanceof ValidationError)) throw err;
  return fieldErrors(err.details.length ? [] : [{ path: 'csv', message: err.message }], err.message, ['csv']);
};

/** Mount one kind's page, preview and import. */
function mountKind(app: Hono<AppEnv>, deps: WebDeps, kind: ImportKind): void {
  const { path } = IMPORT_KINDS[kind];
  const { preview, commit } = USE_CASES[kind];
  const shell = (c: Context<AppEnv>) => ({ actor: c.get('actor'), csrfToken: c.get('session')?.csrfToken, kind });

  app.get(path, requireRole('admin'), (c) => c.html(<DirectoryImportPage {...shell(c)} csv="" />));

  app.post(`${path}/preview`, requireRole('admin'), async (c) => {
    const csv = await readCsv(c);
    if (csv.trim() === '') {
      const errors = { csv: 'Paste CSV text or choose a file' };
      return c.html(<DirectoryImportPage {...shell(c)} csv="" errors={errors} />, 400);
    }
    try {
      const p = await preview(deps.db, csv);
      return c.html(<DirectoryImportPage {...shell(c)} csv={csv} preview={p} />);
    } catch (err) {
      return c.html(<DirectoryImportPage {...shell(c)} csv={csv} errors={refused(err)} />, 400);
    }
  });

  app.post(path, requireRole('admin'), async (c) => {
    const csv = await readCsv(c);
    try {
      const result = await commit(directoryDeps(deps), c.get('actor'), csv);
      return c.html(<DirectoryImportPage {...shell(c)} csv="" result={result} />);
    } catch (err) {
      // The directory changed since the preview (or the text was altered): show the fresh preview and why.
      const errors = refused(err);
      const p = await preview(deps.db, csv).catch(() => undefined);
      return c.html(<DirectoryImportPage {...shell(c)} csv={csv} preview={p} errors={errors} />, 400);
    }
  });
}

/** Mount /directory/users/import, /directory/import/groups and /directory/import/memberships (+ /preview). */
export function mountDirectoryImportPages(app: Hono<AppEnv>, deps: WebDeps): void {
  for (const kind of Object.keys(IMPORT_KINDS) as ImportKind[]) mountKind(app, deps, kind);
}
