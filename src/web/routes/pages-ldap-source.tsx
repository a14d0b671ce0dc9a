/**
 * Settings → Sources → one LDAP source (issue 14): the page and its status panel (operators and up, who may
 * sync), Save (admin), Test connection of the typed values and Sync now / Full sync (operators, as the
 * application's Test Connection and Run now are), and Delete with a typed confirmation (admin). Every action is
 * audited by its use case.
 */
import type { Context, Hono } from 'hono';
import { LdapSourcePage, type LdapSourcePageProps } from '../../../views/pages/ldap-source';
import { formText } from '../../../views/partials/field';
import { SyncStatusPanel } from '../../../views/partials/ldap-sync-status';
import { LdapTestOutcome } from '../../../views/partials/ldap-test-connection';
import { hasRole } from '../../auth/roles';
import { AppError, ValidationError } from '../../kernel/errors';
import { ldapSourceView, testLdapSource } from '../../sources/ldap/ldap-admin';
import { updateLdapSource } from '../../sources/ldap/ldap-source';
import { recentSyncRuns } from '../../sources/ldap/sync-runs';
import { deleteSource, getSource } from '../../sources/sources';
import { requireRole } from '../auth';
import type { AppEnv, WebDeps } from '../env';
import { pageOrPartial } from '../htmx';
import {
  ldapBodyFromForm,
  ldapFieldErrors,
  ldapFormFromView,
  ldapFormValues,
  ldapTypedConnection,
} from '../ldap-source-form';

const NOTICES: Record<string, string> = {
  saved: 'Settings saved. The next sync uses them.',
  created: 'Source created. Test the connection, then run a first full sync (or wait for the schedule).',
  sync_started: 'Sync started. The status below follows it.',
};

type Extra = Partial<Omit<LdapSourcePageProps, 'actor' | 'csrf' | 'view' | 'runs' | 'canEdit' | 'canSync'>>;

/** Mount /settings/sources/:id and its actions. */
export function mountLdapSourcePages(app: Hono<AppEnv>, deps: WebDeps): void {
  const ldapDeps = {
    db: deps.db,
    clock: deps.clock,
    secrets: deps.secrets,
    onSourceChanged: (id: string) => deps.sourceRunner.refresh(id),
  };
  const csrf = (c: Context<AppEnv>) => c.get('session')?.csrfToken ?? '';
  const props = (c: Context<AppEnv>, id: string, extra: Extra): LdapSourcePageProps => {
    const view = ldapSourceView(deps.db, id);
    const role = c.get('actor').role;
    return {
      actor: c.get('actor'),
      csrf: csrf(c),
      view,
      runs: recentSyncRuns(deps.db, id, 20),
      values: ldapFormFromView(view),
      canEdit: hasRole(role, 'admin'),
      canSync: hasRole(role, 'operator'),
      ...extra,
    };
  };
  const page = (c: Context<AppEnv>, id: string, extra: Extra, status: 200 | 400 | 409 = 200) =>
    c.html(<LdapSourcePage {...props(c, id, extra)} />, status);

  app.get('/settings/sources/:id', requireRole('operator'), (c) => {
    const source = getSource(deps.db, c.req.param('id'));
    // A SCIM source has no page of its own: its actions (rotate token, delete) are on the list.
    if (source.type !== 'ldap') return c.redirect('/settings/sources', 303);
    return page(c, source.id, { notice: NOTICES[c.req.query('notice') ?? ''] });
  });

  app.get('/settings/sources/:id/status', requireRole('operator'), (c) => {
    const p = props(c, c.req.param('id'), {});
    const panel = () => (
      <SyncStatusPanel
        sourceId={p.view.id}
        status={p.view.status}
        runs={p.runs}
        csrf={p.csrf}
        canSync={p.canSync}
        schedule={p.view.settings.schedule}
      />
    );
    return pageOrPartial(c, () => <LdapSourcePage {...p} />, panel);
  });

  app.post('/settings/sources/:id', requireRole('admin'), async (c) => {
    const id = c.req.param('id');
    const values = ldapFormValues(await c.req.parseBody());
    try {
      updateLdapSource(ldapDeps, c.get('actor'), id, ldapBodyFromForm(values, 'update'));
    } catch (err) {
      const errors = refused(err);
      if (!errors) throw err;
      // The typed values stay; a typed password does not come back.
      return page(c, id, { values: { ...values, bindPassword: '' }, errors }, 400);
    }
    return c.redirect(`/settings/sources/${encodeURIComponent(id)}?notice=saved`, 303);
  });

  app.post('/settings/sources/:id/test-connection', requireRole('operator'), async (c) => {
    const id = c.req.param('id');
    const body = await c.req.parseBody();
    // Fields absent (an operator's read-only form sends none): the saved settings are tested.
    const typed = 'url' in body ? ldapTypedConnection(ldapFormValues(body)) : {};
    let result: { ok: boolean; detail: string };
    try {
      result = await testLdapSource(ldapDeps, c.get('actor'), id, typed);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      // Nothing was tried: say which typed value to fix.
      const first = err.details[0];
      result = { ok: false, detail: first ? `${first.path}: ${first.message}` : err.message };
    }
    return pageOrPartial(
      c,
      () => <LdapSourcePage {...props(c, id, { testResult: result })} />,
      () => <LdapTestOutcome result={result} />,
      result.ok ? 200 : 422,
    );
  });

  app.post('/settings/sources/:id/run', requireRole('operator'), async (c) => {
    const id = c.req.param('id');
    const body = await c.req.parseBody();
    const type = formText(body.type) === 'full' ? 'full' : 'incremental';
    try {
      deps.sourceRunner.syncNow(id, type, c.get('actor'), type === 'full' && !!body.allowDeletes);
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'sync_running')) throw err;
      return page(c, id, { syncMessage: { tone: 'error', text: err.message } }, 409);
    }
    return c.redirect(`/settings/sources/${encodeURIComponent(id)}?notice=sync_started`, 303);
  });

  app.post('/settings/sources/:id/delete', requireRole('admin'), async (c) => {
    const source = getSource(deps.db, c.req.param('id'));
    // An LDAP source's page asks for its name typed; the list's SCIM row deletes with one click, as before.
    if (source.type === 'ldap' && formText((await c.req.parseBody()).confirmName) !== source.name) {
      const message = `Type ${source.name} exactly to delete the source`;
      return page(c, source.id, { deleteErrors: { confirmName: message } }, 400);
    }
    deleteSource(deps.db, deps.clock, c.get('actor'), source.id);
    deps.sourceRunner.refresh(source.id);
    return c.redirect('/settings/sources?deleted=1', 303);
  });
}

function refused(err: unknown): Record<string, string> | null {
  if (err instanceof ValidationError) return ldapFieldErrors(err.details, err.message);
  // A name taken by another source is the name field's problem.
  if (err instanceof AppError && err.code === 'source_exists') return { name: err.message };
  return null;
}
