/**
 * The users CSV import page (admin): preview per line, then import the previewed text with the same use case
 * as the API (importUsersCsv: all or nothing, journalled, audited, nudging the scheduler). Mounted before the
 * user page so /directory/users/import is not taken for a user id.
 */
import type { Context, Hono } from 'hono';
import { DirectoryImportPage } from '../../../views/pages/directory-import';
import { fieldErrors } from '../../../views/partials/field';
import { importUsersCsv } from '../../directory/csv-import';
import { previewUsersCsv } from '../../directory/csv-preview';
import { ValidationError } from '../../kernel/errors';
import { requireRole } from '../auth';
import type { AppEnv, WebDeps } from '../env';
import { directoryDeps } from '../request';

/** The CSV from an uploaded file if one was sent, else from the text box. */
async function readCsv(c: Context<AppEnv>): Promise<string> {
  const form = await c.req.parseBody();
  const file = form.file;
  if (file instanceof File && file.size > 0) return file.text();
  return typeof form.csv === 'string' ? form.csv : '';
}

/** Mount /directory/users/import (+ /preview). */
export function mountDirectoryImportPages(app: Hono<AppEnv>, deps: WebDeps): void {
  const shell = (c: Context<AppEnv>) => ({ actor: c.get('actor'), csrfToken: c.get('session')?.csrfToken });
  const refused = (err: unknown) => {
    if (!(err instanceof ValidationError)) throw err;
    return fieldErrors(err.details.length ? [] : [{ path: 'csv', message: err.message }], err.message, ['csv']);
  };

  app.get('/directory/users/import', requireRole('admin'), (c) => c.html(<DirectoryImportPage {...shell(c)} csv="" />));

  app.post('/directory/users/import/preview', requireRole('admin'), async (c) => {
    const csv = await readCsv(c);
    if (csv.trim() === '') {
      const errors = { csv: 'Paste CSV text or choose a file' };
      return c.html(<DirectoryImportPage {...shell(c)} csv="" errors={errors} />, 400);
    }
    try {
      const preview = await previewUsersCsv(deps.db, csv);
      return c.html(<DirectoryImportPage {...shell(c)} csv={csv} preview={preview} />);
    } catch (err) {
      return c.html(<DirectoryImportPage {...shell(c)} csv={csv} errors={refused(err)} />, 400);
    }
  });

  app.post('/directory/users/import', requireRole('admin'), async (c) => {
    const csv = await readCsv(c);
    try {
      const result = await importUsersCsv(directoryDeps(deps), c.get('actor'), csv);
      return c.html(<DirectoryImportPage {...shell(c)} csv="" result={result} />);
    } catch (err) {
      // The directory changed since the preview (or the text was altered): show the fresh preview and why.
      const errors = refused(err);
      const preview = await previewUsersCsv(deps.db, csv).catch(() => undefined);
      return c.html(<DirectoryImportPage {...shell(c)} csv={csv} preview={preview} errors={errors} />, 400);
    }
  });
}
