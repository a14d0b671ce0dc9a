/**
 * Sign-in and sign-out. Mounted before the auth middleware, so both read the session cookie themselves;
 * sign-out checks the session's CSRF token, sign-in refuses cross-site posts (login CSRF).
 */
import crypto from 'node:crypto';
import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { LoginPage } from '../../../views/pages/login';
import { readSession } from '../../auth/sessions';
import { signIn, signOut } from '../../auth/sign-in';
import { AuthError } from '../../kernel/errors';
import { clientIp, refuseCrossSite, SESSION_COOKIE, sessionIdleMs } from '../auth';
import type { AppEnv, WebDeps } from '../env';
import { servedOverHttps } from '../headers';

const FAILED = 'Email or password is incorrect';

/** `next` only when it is a same-site path ("/x", never "//host" or "/\host"); else "/". */
export function safeNext(raw: string | undefined): string {
  if (!raw?.startsWith('/') || raw.startsWith('//') || raw.includes('\\')) return '/';
  if ([...raw].some((ch) => ch.charCodeAt(0) < 32 || ch.charCodeAt(0) === 127)) return '/';
  const base = 'http://provisio.invalid';
  try {
    const u = new URL(raw, base);
    return u.origin === base && !u.pathname.startsWith('/login') ? raw : '/';
  } catch {
    return '/';
  }
}

function secureCookie(c: Context, deps: WebDeps): boolean {
  return servedOverHttps(c, deps);
}

function text(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function sameToken(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && crypto.timingSafeEqual(ab, bb);
}

/** Mount GET/POST /login and POST /logout. */
export function mountLogin(app: Hono<AppEnv>, deps: WebDeps): void {
  app.get('/login', (c) => {
    const next = safeNext(c.req.query('next'));
    const cookie = getCookie(c, SESSION_COOKIE);
    if (cookie && readSession(deps.db, deps.clock, cookie, sessionIdleMs(deps))) return c.redirect(next, 303);
    const notice = c.req.query('signedOut') ? 'You are signed out.' : undefined;
    return c.html(<LoginPage next={next === '/' ? '' : next} notice={notice} />);
  });

  app.post('/login', bodyLimit({ maxSize: 16 * 1024 }), async (c) => {
    refuseCrossSite(c, deps);
    const body = await c.req.parseBody();
    const email = text(body.email).trim().slice(0, 320);
    const password = text(body.password).slice(0, 1024);
    const next = safeNext(text(body.next));
    const outcome = await signIn(deps, {
      email,
      password,
      ip: clientIp(c, deps.config.trustProxy),
      userAgent: c.req.header('user-agent'),
      previousCookie: getCookie(c, SESSION_COOKIE),
      lifetimeMs: deps.config.sessionHours * 3600e3,
    });
    if (outcome.kind === 'locked') {
      const locked = outcome.until;
      const minutes = Math.max(1, Math.ceil((locked - deps.clock.now()) / 60_000));
      const message = `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`;
      c.header('Retry-After', String(Math.ceil((locked - deps.clock.now()) / 1000)));
      return c.html(<LoginPage email={email} next={next === '/' ? '' : next} error={message} />, 429);
    }
    if (outcome.kind === 'failed') {
      return c.html(<LoginPage email={email} next={next === '/' ? '' : next} error={FAILED} />, 401);
    }
    setCookie(c, SESSION_COOKIE, outcome.cookie, {
      httpOnly: true,
      sameSite: 'Lax',
      path: '/',
      secure: secureCookie(c, deps),
      maxAge: Math.floor(deps.config.sessionHours * 3600),
    });
    return c.redirect(next, 303);
  });

  app.post('/logout', async (c) => {
    const cookie = getCookie(c, SESSION_COOKIE);
    const session = cookie ? readSession(deps.db, deps.clock, cookie, sessionIdleMs(deps)) : null;
    if (cookie && session) {
      refuseCrossSite(c, deps);
      const body = await c.req.parseBody();
      const token = c.req.header('x-csrf-token') ?? text(body._csrf);
      if (!token || !sameToken(token, session.csrfToken)) {
        throw new AuthError(
          'csrf_failed',
          'The form expired or the CSRF token is missing; reload the page and try again',
        );
      }
      signOut(deps, cookie, session, clientIp(c, deps.config.trustProxy));
    }
    deleteCookie(c, SESSION_COOKIE, { path: '/', secure: secureCookie(c, deps) });
    return c.redirect('/login?signedOut=1', 303);
  });
}
