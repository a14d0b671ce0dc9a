/**
 * An application's Properties (admin): rename (updateApplication, audited as application.update) and delete
 * with a typed confirmation (operate/delete-app.ts: provisioning off first, then the delete, both audited).
 */
import type { Context, Hono } from 'hono';
import { AppPropertiesPage, type AppPropertiesProps } from '../../../views/pages/app-properties';
import { fieldErrors, formText } from '../../../views/partials/field';
import { getApplication, updateApplication } from '../../apps/applications';
import { ValidationError } from '../../kernel/errors';
import { deleteApplicationSafely } from '../../operate/delete-app';
import { requireRole } from '../auth';
import type { AppEnv, WebDeps } from '../env';
import { appsDeps, lookupOwn } from '../request';

const NOTICES: Record<string, string> = { renamed: 'Name saved.' };

type Extras = Pick<AppPropertiesProps, 'nameValue' | 'renameErrors' | 'deleteErrors' | 'confirmValue' | 'notice'>;

/** Mount the Properties page and its two actions. */
export function mountAppPropertiesPages(app: Hono<AppEnv>, deps: WebDeps): void {
  const page = (c: Context<AppEnv>, id: string, extras: Extras = {}) => {
    const a = getApplication(deps.db, id);
    return (
      <AppPropertiesPage
        {...extras}
        actor={c.get('actor')}
        csrfToken={c.get('session')?.csrfToken}
        app={{ id: a.id, name: a.name, provisioningEnabled: a.provisioningEnabled }}
      />
    );
  };
  const refused = (err: unknown, field: string) =>
    err instanceof ValidationError ? fieldErrors(err.details, err.message, [field]) : null;

  app.get('/apps/:id/properties', requireRole('admin'), (c) =>
    c.html(page(c, c.req.param('id'), { notice: lookupOwn(NOTICES, c.req.query('notice')) })),
  );

  app.post('/apps/:id/rename', requireRole('admin'), async (c) => {
    const id = c.req.param('id');
    const name = formText((await c.req.parseBody()).name);
    try {
      if (!name) throw new ValidationError('Enter a name', [{ path: 'name', message: 'Enter a name' }]);
      updateApplication(appsDeps(deps), c.get('actor'), id, { name });
    } catch (err) {
      const errors = refused(err, 'name');
      if (!errors) throw err;
      return c.html(page(c, id, { nameValue: name, renameErrors: errors }), 400);
    }
    return c.redirect(`/apps/${encodeURIComponent(id)}/properties?notice=renamed`, 303);
  });

  app.post('/apps/:id/delete', requireRole('admin'), async (c) => {
    const id = c.req.param('id');
    const confirmName = formText((await c.req.parseBody()).confirmName);
    try {
      await deleteApplicationSafely(appsDeps(deps), deps.jobs, c.get('actor'), id, { confirmName });
    } catch (err) {
      const errors = refused(err, 'confirmName');
      if (!errors) throw err;
      return c.html(page(c, id, { deleteErrors: errors, confirmValue: confirmName }), 400);
    }
    return c.redirect('/?notice=app_deleted', 303);
  });
}
