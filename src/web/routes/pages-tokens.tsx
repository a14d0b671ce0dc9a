/** Settings → API tokens (admin only): create (shown once), list, revoke. */
import type { Context, Hono } from 'hono';
import { EXPIRY_CHOICES, TokensPage, type TokensPageProps } from '../../../views/pages/api-tokens';
import { fieldErrors, formText } from '../../../views/partials/field';
import { createApiToken, listApiTokens, revokeApiToken } from '../../auth/api-tokens';
import { ValidationError } from '../../kernel/errors';
import { requireRole } from '../auth';
import type { AppEnv, WebDeps } from '../env';

function page(c: Context<AppEnv>, deps: WebDeps, extra: Partial<TokensPageProps>, status: 200 | 400 = 200) {
  c.header('Cache-Control', 'no-store');
  const now = deps.clock.now();
  return c.html(
    <TokensPage
      actor={c.get('actor')}
      csrf={c.get('session')?.csrfToken ?? ''}
      now={now}
      tokens={listApiTokens(deps.db)}
      {...extra}
    />,
    status,
  );
}

/** "30" → now + 30 days; "never" → null; anything else is a 400. */
export function expiryFrom(choice: string, now: number): number | null {
  if (choice === 'never') return null;
  if (!EXPIRY_CHOICES.some(([v]) => v === choice)) {
    throw new ValidationError('expires must be one of the offered choices', [{ path: 'expires', message: 'unknown' }]);
  }
  return now + Number(choice) * 86_400_000;
}

/** Mount /settings/tokens. */
export function mountTokenPages(app: Hono<AppEnv>, deps: WebDeps): void {
  const admin = requireRole('admin');
  app.get('/settings/tokens', admin, (c) =>
    page(c, deps, { notice: c.req.query('revoked') ? 'Token revoked.' : undefined }),
  );

  app.post('/settings/tokens', admin, async (c) => {
    const body = await c.req.parseBody();
    const form = { name: formText(body.name), role: formText(body.role), expires: formText(body.expires) };
    try {
      const expiresAt = expiryFrom(form.expires, deps.clock.now());
      const t = createApiToken(deps.db, deps.clock, c.get('actor'), { name: form.name, role: form.role, expiresAt });
      return page(c, deps, { shown: { name: t.name, token: t.token }, notice: `Token "${t.name}" created.` });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return page(
        c,
        deps,
        { form: { ...form, errors: fieldErrors(err.details, err.message, ['name', 'role', 'expires']) } },
        400,
      );
    }
  });

  app.post('/settings/tokens/:id/revoke', admin, (c) => {
    revokeApiToken(deps.db, deps.clock, c.get('actor'), c.req.param('id'));
    return c.redirect('/settings/tokens?revoked=1', 303);
  });
}
