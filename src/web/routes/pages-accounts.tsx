/** Settings → Accounts (admin only). Parse → call the account module → render; every change is audited there. */
import type { Context, Hono } from 'hono';
import { AccountsPage, type AccountsPageProps } from '../../../views/pages/accounts';
import { fieldErrors, formText } from '../../../views/partials/field';
import { changeRole, listAccounts, resetPassword, setDisabled } from '../../auth/account-admin';
import { createAccount } from '../../auth/accounts';
import { endAllSessions } from '../../auth/sessions';
import { AppError, ValidationError } from '../../kernel/errors';
import { requireRole } from '../auth';
import type { AppEnv, WebDeps } from '../env';
import { lookupOwn } from '../request';

type Extra = Omit<AccountsPageProps, 'actor' | 'csrf' | 'accounts'>;

const NOTICES: Record<string, string> = {
  role: 'Role changed.',
  disable: 'Account disabled; its sessions ended.',
  enable: 'Account enabled.',
  'sign-out': 'Every session of the account ended.',
};

function page(c: Context<AppEnv>, deps: WebDeps, extra: Extra, status: 200 | 400 | 409 = 200) {
  // Pages that may carry a shown-once password must not be stored by the browser or a proxy.
  c.header('Cache-Control', 'no-store');
  return c.html(
    <AccountsPage
      actor={c.get('actor')}
      csrf={c.get('session')?.csrfToken ?? ''}
      accounts={listAccounts(deps.db, deps.clock.now())}
      {...extra}
    />,
    status,
  );
}

/** Run an account change; domain errors (last admin, unknown role) are shown on the page, not as an error page. */
async function act(c: Context<AppEnv>, deps: WebDeps, done: string, fn: () => unknown) {
  try {
    await fn();
  } catch (err) {
    if (err instanceof AppError && err.code !== 'not_found') {
      return page(c, deps, { error: err.message }, err.code === 'last_admin' ? 409 : 400);
    }
    throw err;
  }
  return c.redirect(`/settings/accounts?done=${done}`, 303);
}

/** Mount /settings/accounts and its actions. */
export function mountAccountPages(app: Hono<AppEnv>, deps: WebDeps): void {
  const admin = requireRole('admin');
  app.get('/settings/accounts', admin, (c) => page(c, deps, { notice: lookupOwn(NOTICES, c.req.query('done')) }));

  app.post('/settings/accounts', admin, async (c) => {
    const body = await c.req.parseBody();
    const email = formText(body.email);
    const role = formText(body.role);
    try {
      const { account, password } = await createAccount(deps.db, deps.clock, c.get('actor'), { email, role });
      return page(c, deps, { shown: { email: account.email, password }, notice: `Account ${account.email} created.` });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      const details = err instanceof ValidationError ? err.details : [];
      const errors = fieldErrors(details, err.message, ['email', 'role']);
      return page(c, deps, { form: { email, role, errors } }, err instanceof ValidationError ? 400 : 409);
    }
  });

  app.post('/settings/accounts/:id/role', admin, async (c) => {
    const role = formText((await c.req.parseBody()).role);
    return act(c, deps, 'role', () => changeRole(deps.db, deps.clock, c.get('actor'), c.req.param('id'), role));
  });
  app.post('/settings/accounts/:id/disable', admin, (c) =>
    act(c, deps, 'disable', () => setDisabled(deps.db, deps.clock, c.get('actor'), c.req.param('id'), true)),
  );
  app.post('/settings/accounts/:id/enable', admin, (c) =>
    act(c, deps, 'enable', () => setDisabled(deps.db, deps.clock, c.get('actor'), c.req.param('id'), false)),
  );
  app.post('/settings/accounts/:id/sign-out', admin, (c) =>
    act(c, deps, 'sign-out', () => endAllSessions(deps.db, deps.clock, c.get('actor'), c.req.param('id'))),
  );
  app.post('/settings/accounts/:id/reset-password', admin, async (c) => {
    const shown = await resetPassword(deps.db, deps.clock, c.get('actor'), c.req.param('id'));
    return page(c, deps, { shown, notice: `Password of ${shown.email} reset; their sessions ended.` });
  });
}
