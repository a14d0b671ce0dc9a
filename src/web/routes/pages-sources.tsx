/** Settings → Sources (admin only): list, create (token shown once), rotate the token, delete. */
import type { Context, Hono } from 'hono';
import { SourcesPage, type SourcesPageProps } from '../../../views/pages/sources';
import { fieldErrors, formText } from '../../../views/partials/field';
import { ValidationError } from '../../kernel/errors';
import { createSource, deleteSource, getSource, listSources, rotateSourceToken } from '../../sources/sources';
import { requireRole } from '../auth';
import type { AppEnv, WebDeps } from '../env';
import { publicOrigin } from '../headers';
import { SCIM_INBOUND_BASE } from './scim-inbound';

function page(c: Context<AppEnv>, deps: WebDeps, extra: Partial<SourcesPageProps>, status: 200 | 400 = 200) {
  // A shown-once token must not be cached.
  c.header('Cache-Control', 'no-store');
  return c.html(
    <SourcesPage
      actor={c.get('actor')}
      csrf={c.get('session')?.csrfToken ?? ''}
      sources={listSources(deps.db)}
      endpoint={`${publicOrigin(c, deps)}${SCIM_INBOUND_BASE}`}
      {...extra}
    />,
    status,
  );
}

/** Mount /settings/sources. */
export function mountSourcePages(app: Hono<AppEnv>, deps: WebDeps): void {
  const admin = requireRole('admin');
  app.get('/settings/sources', admin, (c) =>
    page(c, deps, {
      notice: c.req.query('deleted') ? 'Source deleted; its users and groups are local now.' : undefined,
    }),
  );

  app.post('/settings/sources', admin, async (c) => {
    const body = await c.req.parseBody();
    const form = { name: formText(body.name) };
    try {
      const { source, token } = createSource(deps.db, deps.clock, c.get('actor'), { type: 'scim', name: form.name });
      return page(c, deps, { shown: { name: source.name, token }, notice: `Source "${source.name}" created.` });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return page(c, deps, { form: { ...form, errors: fieldErrors(err.details, err.message, ['name']) } }, 400);
    }
  });

  app.post('/settings/sources/:id/rotate', admin, (c) => {
    const source = getSource(deps.db, c.req.param('id'));
    const { token } = rotateSourceToken(deps.db, deps.clock, c.get('actor'), source.id);
    return page(c, deps, {
      shown: { name: source.name, token },
      notice: 'Token replaced; the old one no longer works.',
    });
  });

  app.post('/settings/sources/:id/delete', admin, (c) => {
    deleteSource(deps.db, deps.clock, c.get('actor'), c.req.param('id'));
    return c.redirect('/settings/sources?deleted=1', 303);
  });
}
