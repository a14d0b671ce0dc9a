/**
 * Who is calling: a browser session (cookie) or an API token (Authorization: Bearer). Every route below
 * this middleware needs one of them; state-changing browser requests also need the CSRF token.
 */
import crypto from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { findApiToken } from '../auth/api-tokens';
import { hasRole } from '../auth/roles';
import { readSession } from '../auth/sessions';
import type { Role } from '../kernel/actor';
import { AuthError } from '../kernel/errors';
import type { AppEnv, WebDeps } from './env';
import { publicOrigin } from './headers';

export const SESSION_COOKIE = 'provisio_session';
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && crypto.timingSafeEqual(ab, bb);
}

/**
 * The client IP. Proxy headers are believed only with PROVISIO_TRUST_PROXY=1, and then only the last
 * X-Forwarded-For hop (the one our own proxy added; earlier ones are whatever the client sent).
 */
export function clientIp(c: Context, trustProxy = false): string | undefined {
  if (trustProxy) {
    const hops = c.req.header('x-forwarded-for')?.split(',');
    const last = hops?.[hops.length - 1]?.trim();
    if (last) return last.slice(0, 64);
  }
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress;
}

/** Idle timeout of browser sessions in ms (PROVISIO_SESSION_IDLE_MINUTES, 30 by default). */
export function sessionIdleMs(deps: WebDeps): number {
  return (deps.config.sessionIdleMinutes ?? 30) * 60_000;
}

/** Resolve the actor; API paths answer 401 JSON, pages redirect to the sign-in page. */
export function authenticate(deps: WebDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const ip = clientIp(c, deps.config.trustProxy);
    const header = c.req.header('authorization');
    if (header?.startsWith('Bearer ')) {
      const token = header.slice(7).trim();
      if (deps.config.adminToken && safeEqual(token, deps.config.adminToken)) {
        c.set('actor', {
          type: 'token',
          id: 'env:PROVISIO_ADMIN_TOKEN',
          name: 'PROVISIO_ADMIN_TOKEN',
          role: 'admin',
          ip,
        });
      } else {
        const row = findApiToken(deps.db, deps.clock, token);
        if (!row) throw new AuthError('unauthenticated', 'The API token is invalid, expired or revoked');
        c.set('actor', { type: 'token', id: row.id, name: `token:${row.name}`, role: row.role, ip });
      }
      c.set('session', null);
      return next();
    }
    const cookie = getCookie(c, SESSION_COOKIE);
    const session = cookie ? readSession(deps.db, deps.clock, cookie, sessionIdleMs(deps)) : null;
    if (!session) {
      if (c.req.path.startsWith('/api/'))
        throw new AuthError('unauthenticated', 'Sign in or send Authorization: Bearer <API token>');
      const next = encodeURIComponent(c.req.path + (new URL(c.req.url).search || ''));
      if (c.req.header('hx-request')) {
        c.header('HX-Redirect', `/login?next=${next}`);
        return c.body(null, 401);
      }
      return c.redirect(`/login?next=${next}`, 303);
    }
    c.set('actor', { type: 'account', id: session.accountId, name: session.email, role: session.role, ip });
    c.set('session', {
      accountId: session.accountId,
      email: session.email,
      csrfToken: session.csrfToken,
      idHash: session.idHash,
      mustChangePassword: session.mustChangePassword,
    });
    if (session.mustChangePassword && c.req.path !== '/account' && !c.req.path.startsWith('/account/')) {
      if (c.req.method === 'GET' && !c.req.path.startsWith('/api/') && !c.req.header('hx-request')) {
        return c.redirect('/account', 303);
      }
      throw new AuthError('forbidden', 'Your password was generated for you: choose your own under My account first');
    }
    if (!SAFE.has(c.req.method)) await checkCsrf(c, deps, session.csrfToken);
    return next();
  };
}

/**
 * Browser writes must come from our own pages: Sec-Fetch-Site, when sent, says same-origin, and Origin, when
 * sent, is our public origin (not the request URL's, which is http:// behind a TLS proxy).
 */
export function refuseCrossSite(c: Context, deps: Pick<WebDeps, 'config'>): void {
  const site = c.req.header('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none')
    throw new AuthError('csrf_failed', 'Cross-site request refused');
  const origin = c.req.header('origin');
  if (origin && origin !== publicOrigin(c, deps)) throw new AuthError('csrf_failed', 'Cross-origin request refused');
}

/**
 * Cookie-authenticated writes must come from our own pages (refuseCrossSite), and the request must carry the
 * session's CSRF token (htmx sends it as a header, plain forms as the `_csrf` field).
 */
async function checkCsrf(c: Context<AppEnv>, deps: WebDeps, expected: string): Promise<void> {
  refuseCrossSite(c, deps);
  let token = c.req.header('x-csrf-token');
  if (!token) {
    const type = c.req.header('content-type') ?? '';
    if (type.includes('application/x-www-form-urlencoded') || type.includes('multipart/form-data')) {
      const body = await c.req.parseBody();
      token = typeof body._csrf === 'string' ? body._csrf : undefined;
    }
  }
  if (!token || !safeEqual(token, expected))
    throw new AuthError('csrf_failed', 'The form expired or the CSRF token is missing; reload the page and try again');
}

/** Require at least `role` (viewer < operator < admin). */
export function requireRole(role: Role): MiddlewareHandler<AppEnv> & { requiredRole: Role } {
  const check: MiddlewareHandler<AppEnv> = async (c, next) => {
    if (!hasRole(c.get('actor').role, role)) {
      throw new AuthError('forbidden', `This needs the ${role} role; you are signed in as ${c.get('actor').role}`);
    }
    return next();
  };
  // Tagged so test/security can read every route's role from app.routes (no hand-kept list to forget).
  return Object.assign(check, { requiredRole: role });
}
