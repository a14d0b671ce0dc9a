/** Security headers on every response: a strict CSP (no inline scripts or styles), no framing, no sniffing. */
import type { Context, MiddlewareHandler } from 'hono';
import type { WebDeps } from './env';

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "object-src 'none'",
].join('; ');

type HttpsDeps = { config: Pick<WebDeps['config'], 'publicUrl' | 'trustProxy'> };

/** First value of a proxy header (a chain appends; the first is what the browser used). */
function forwarded(c: Context, name: string): string | undefined {
  return c.req.header(name)?.split(',')[0]?.trim() || undefined;
}

/**
 * The origin browsers use to reach us. The Node server only sees `http://<Host>`, which is wrong behind a
 * TLS-terminating proxy, so PROVISIO_PUBLIC_URL wins; with PROVISIO_TRUST_PROXY=1 the proxy's
 * X-Forwarded-Proto/X-Forwarded-Host (else Host) are believed. Only then the request URL.
 */
export function publicOrigin(c: Context, deps?: HttpsDeps): string {
  const configured = deps?.config.publicUrl;
  if (configured) return new URL(configured).origin;
  const own = new URL(c.req.url);
  if (!deps?.config.trustProxy) return own.origin;
  const proto = forwarded(c, 'x-forwarded-proto')?.toLowerCase();
  const host = forwarded(c, 'x-forwarded-host') ?? c.req.header('host') ?? own.host;
  const scheme = proto === 'https' || proto === 'http' ? proto : own.protocol.slice(0, -1);
  try {
    return new URL(`${scheme}://${host}`).origin;
  } catch {
    // A malformed forwarded host matches no browser Origin: such a request is refused, not answered 500.
    return 'null-origin:invalid';
  }
}

/**
 * Whether the browser reached us over https: the request URL says so, PROVISIO_PUBLIC_URL is https (a TLS
 * proxy in front), or, with PROVISIO_TRUST_PROXY=1, the proxy's X-Forwarded-Proto does.
 */
export function servedOverHttps(c: Context, deps?: HttpsDeps): boolean {
  if (new URL(c.req.url).protocol === 'https:') return true;
  if (deps?.config.publicUrl?.startsWith('https:')) return true;
  return (deps?.config.trustProxy ?? false) && forwarded(c, 'x-forwarded-proto') === 'https';
}

/** Set the headers; HSTS only over https. Responses are not cached unless a route says otherwise (static). */
export function securityHeaders(deps?: HttpsDeps): MiddlewareHandler {
  return async (c, next) => {
    await next();
    c.header('Content-Security-Policy', CSP);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'same-origin');
    c.header('X-Frame-Options', 'DENY');
    c.header('Cross-Origin-Opener-Policy', 'same-origin');
    c.header('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()');
    if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-store');
    if (servedOverHttps(c, deps)) c.header('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
  };
}
