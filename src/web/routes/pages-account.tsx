/**
 * My account (any signed-in person): change my password, list and revoke my sessions, sign out everywhere.
 * API tokens have no account, so these routes answer 403 to them.
 */
import type { Context, Hono } from 'hono';
import { deleteCookie } from 'hono/cookie';
import { MyAccountPage } from '../../../views/pages/my-account';
import { fieldErrors } from '../../../views/partials/field';
import { changeOwnPassword } from '../../auth/account-admin';
import { endAllSessions, listSessions, revokeSession } from '../../auth/sessions';
import { releaseAttempt, reserveAttempt, throttleKeys } from '../../auth/sign-in-throttle';
import { AuthError, ValidationError } from '../../kernel/errors';
import { SESSION_COOKIE, sessionIdleMs } from '../auth';
import type { AppEnv, Session, WebDeps } from '../env';
import { lookupOwn } from '../request';

function mySession(c: Context<AppEnv>): Session {
  const s = c.get('session');
  if (!s) throw new AuthError('forbidden', 'My account is for people signed in with a password, not API tokens');
  return s;
}

function page(
  c: Context<AppEnv>,
  deps: WebDeps,
  extra: { notice?: string; errors?: Record<string, string> },
  status: 200 | 400 | 429 = 200,
) {
  const s = mySession(c);
  const now = deps.clock.now();
  return c.html(
    <MyAccountPage
      actor={c.get('actor')}
      csrf={s.csrfToken}
      currentSession={s.idHash ?? ''}
      mustChangePassword={s.mustChangePassword}
      sessions={listSessions(deps.db, s.accountId, now, sessionIdleMs(deps))}
      {...extra}
    />,
    status,
  );
}

const FIELDS = ['current', 'next', 'repeat'];

const NOTICES: Record<string, string> = {
  password: 'Password changed. Your other sessions were signed out.',
  revoked: 'Session revoked.',
};

/** Mount /account. */
export function mountMyAccountPages(app: Hono<AppEnv>, deps: WebDeps): void {
  app.get('/account', (c) => page(c, deps, { notice: lookupOwn(NOTICES, c.req.query('done')) }));

  app.post('/account/password', async (c) => {
    const s = mySession(c);
    const body = await c.req.parseBody();
    const str = (v: unknown) => (typeof v === 'string' ? v : '');
    const [current, next, repeat] = [str(body.current), str(body.next), str(body.repeat)];
    if (next !== repeat) {
      const details = [{ path: 'repeat', message: 'does not match' }];
      return page(c, deps, { errors: fieldErrors(details, 'The new passwords do not match', FIELDS) }, 400);
    }
    // Guessing the current password through a stolen session counts against the same lock as sign-in, and
    // is counted before the check, so concurrent guesses cannot all pass the lock (issue 12).
    const attempt = reserveAttempt(deps.db, deps.clock.now(), throttleKeys(s.email, undefined));
    if ('locked' in attempt) {
      const minutes = Math.max(1, Math.ceil((attempt.locked - deps.clock.now()) / 60_000));
      const message = `Too many wrong passwords. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`;
      return page(c, deps, { errors: { '': message } }, 429);
    }
    try {
      await changeOwnPassword(deps.db, deps.clock, c.get('actor'), {
        accountId: s.accountId,
        current,
        next,
        currentSessionHash: s.idHash ?? '',
      });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      // The current password was right (the new one was refused): that attempt is given back.
      if (!err.details.some((d) => d.path === 'current')) releaseAttempt(deps.db, attempt.reservation);
      return page(c, deps, { errors: fieldErrors(err.details, err.message, FIELDS) }, 400);
    }
    releaseAttempt(deps.db, attempt.reservation);
    return c.redirect('/account?done=password', 303);
  });

  app.post('/account/sessions/revoke-all', (c) => {
    const s = mySession(c);
    endAllSessions(deps.db, deps.clock, c.get('actor'), s.accountId);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.redirect('/login?signedOut=1', 303);
  });

  app.post('/account/sessions/:id/revoke', (c) => {
    const s = mySession(c);
    revokeSession(deps.db, deps.clock, c.get('actor'), s.accountId, c.req.param('id'));
    return c.redirect('/account?done=revoked', 303);
  });
}
