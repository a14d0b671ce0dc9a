/**
 * Settings → Sources (admin only): the list with each LDAP source's sync state, a new SCIM source (token shown
 * once) or LDAP source (then its page: pages-ldap-source.tsx), rotate a SCIM token. Both create forms post here,
 * told apart by their hidden `type`.
 */
import type { Context, Hono } from 'hono';
import { SourcesPage, type SourcesPageProps } from '../../../views/pages/sources';
import { fieldErrors, formText } from '../../../views/partials/field';
import { AppError, ValidationError } from '../../kernel/errors';
import { createLdapSource } from '../../sources/ldap/ldap-source';
import { sourceSyncStatus } from '../../sources/ldap/sync-runs';
import { createSource, getSource, listSources, rotateSourceToken } from '../../sources/sources';
import { requireRole } from '../auth';
import type { AppEnv, WebDeps } from '../env';
import { publicOrigin } from '../headers';
import { ldapBodyFromForm, ldapFieldErrors, ldapFormValues } from '../ldap-source-form';
import { SCIM_INBOUND_BASE } from './scim-inbound';

function page(c: Context<AppEnv>, deps: WebDeps, extra: Partial<SourcesPageProps>, status: 200 | 400 = 200) {
  // A shown-once token must not be cached.
  c.header('Cache-Control', 'no-store');
  const sources = listSources(deps.db).map((s) => ({
    ...s,
    status: s.type === 'ldap' ? sourceSyncStatus(deps.db, s.id) : null,
  }));
  return c.html(
    <SourcesPage
      actor={c.get('actor')}
      csrf={c.get('session')?.csrfToken ?? ''}
      sources={sources}
      endpoint={`${publicOrigin(c, deps)}${SCIM_INBOUND_BASE}`}
      {...extra}
    />,
    status,
  );
}

/** Mount /settings/sources. */
export function mountSourcePages(app: Hono<AppEnv>, deps: WebDeps): void {
  const admin = requireRole('admin');
  const ldapDeps = {
    db: deps.db,
    clock: deps.clock,
    secrets: deps.secrets,
    onSourceChanged: (id: string) => deps.sourceRunner.refresh(id),
  };
  app.get('/settings/sources', admin, (c) =>
    page(c, deps, {
      notice: c.req.query('deleted') ? 'Source deleted; its users and groups are local now.' : undefined,
    }),
  );

  app.post('/settings/sources', admin, async (c) => {
    const body = await c.req.parseBody();
    if (body.type === 'ldap') return createLdap(c, body);
    const form = { name: formText(body.scimName ?? body.name) };
    try {
      const { source, token } = createSource(deps.db, deps.clock, c.get('actor'), { type: 'scim', name: form.name });
      return page(c, deps, { shown: { name: source.name, token }, notice: `Source "${source.name}" created.` });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const errors = fieldErrors(err.details, err.message, ['name']);
      const { name, ...rest } = errors;
      return page(c, deps, { form: { ...form, errors: name ? { ...rest, scimName: name } : rest } }, 400);
    }
  });

  const createLdap = (c: Context<AppEnv>, body: Record<string, unknown>) => {
    const values = ldapFormValues(body);
    try {
      const row = createLdapSource(ldapDeps, c.get('actor'), ldapBodyFromForm(values, 'create'));
      return c.redirect(`/settings/sources/${encodeURIComponent(row.id)}?notice=created`, 303);
    } catch (err) {
      const errors =
        err instanceof ValidationError
          ? ldapFieldErrors(err.details, err.message)
          : err instanceof AppError && err.code === 'source_exists'
            ? { name: err.message }
            : null;
      if (!errors) throw err;
      // The typed values stay for the next try; the password is typed again.
      return page(c, deps, { ldapForm: { values: { ...values, bindPassword: '' }, errors } }, 400);
    }
  };

  app.post('/settings/sources/:id/rotate', admin, (c) => {
    const source = getSource(deps.db, c.req.param('id'));
    const { token } = rotateSourceToken(deps.db, deps.clock, c.get('actor'), source.id);
    return page(c, deps, {
      shown: { name: source.name, token },
      notice: 'Token replaced; the old one no longer works.',
    });
  });
}
