/**
 * Secret-token health: when a Secret Token is a JWT (MindTickle's is), its `exp` says when the target will
 * start answering 401. Only the expiry is read and stored, at save time; the token is never stored in clear,
 * and its signature is not checked (we are not the audience, and a forged exp only moves our own warnings).
 */

const DAY_MS = 86_400_000;

/** The `exp` of a JWT as epoch ms, or null when the token is not a JWT or has no numeric `exp`. */
export function jwtExpiry(token: string): number | null {
  const parts = token.trim().split('.');
  if (parts.length !== 3) return null;
  const payload = parts[1];
  if (!payload || !/^[A-Za-z0-9_-]+={0,2}$/.test(payload)) return null;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (!claims || typeof claims !== 'object') return null;
    const exp = (claims as { exp?: unknown }).exp;
    return typeof exp === 'number' && Number.isFinite(exp) && exp > 0 ? Math.round(exp * 1000) : null;
  } catch {
    return null;
  }
}

/** Days left before `expiresAt`, rounded up (9.5 days left reads "10 days"); 0 or less once expired. */
export function daysUntil(expiresAt: number, now: number): number {
  return Math.ceil((expiresAt - now) / DAY_MS);
}

/** "expires in 10 days", "expires within a day", "expired on 2026-11-28". */
export function describeExpiry(expiresAt: number, now: number): string {
  if (expiresAt <= now) return `expired on ${new Date(expiresAt).toISOString().slice(0, 10)}`;
  const days = daysUntil(expiresAt, now);
  return days === 1 ? 'expires within a day' : `expires in ${days} days`;
}

/** Warnings still due for a token, given those already sent ('14d', '1d'): the most urgent one first. */
export function dueExpiryWarnings(expiresAt: number, now: number, sent: string | null): string[] {
  if (expiresAt <= now) return [];
  const done = new Set((sent ?? '').split(',').filter(Boolean));
  const left = expiresAt - now;
  const due: string[] = [];
  if (left <= DAY_MS && !done.has('1d')) due.push('1d');
  else if (left <= 14 * DAY_MS && !done.has('14d') && !done.has('1d')) due.push('14d');
  return due;
}
