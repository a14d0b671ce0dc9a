/**
 * Sign-in and sign-out as use cases: the throttle, the password check, the session, and the audit row every
 * outcome leaves. The route keeps the HTTP parts (cookie, CSRF, the page and its wording).
 */
import type { Db } from '../../db/client';
import { writeAudit } from '../audit/audit-log';
import type { Actor } from '../kernel/actor';
import type { Clock } from '../kernel/clock';
import { authenticate } from './accounts';
import { createSession, deleteSession, type SessionInfo } from './sessions';
import { releaseAttempt, reserveAttempt, throttleKeys } from './sign-in-throttle';

interface Deps {
  db: Db;
  clock: Clock;
}

export interface SignInInput {
  email: string;
  password: string;
  ip: string | undefined;
  userAgent: string | undefined;
  /** The session cookie the browser already had: it is ended (no fixation). */
  previousCookie: string | undefined;
  lifetimeMs: number;
}

export type SignInOutcome =
  | { kind: 'locked'; until: number }
  | { kind: 'failed' }
  | { kind: 'signed_in'; cookie: string };

/** Check the password under the throttle; a new session (its cookie value) on success. Every outcome is audited. */
export async function signIn(deps: Deps, input: SignInInput): Promise<SignInOutcome> {
  const { email, password, ip } = input;
  const tried: Actor = { type: 'account', id: null, name: email || '(empty)', role: 'viewer', ip };
  // Counted before the password is checked: concurrent guesses cannot all pass the lock (issue 12).
  const attempt = reserveAttempt(deps.db, deps.clock.now(), throttleKeys(email, ip));
  if ('locked' in attempt) {
    // Refused before the password is looked at, for existing and unknown emails alike.
    writeAudit(
      deps.db,
      tried,
      { activity: 'auth.sign_in', targetType: 'account', result: 'failure', after: { reason: 'locked' } },
      deps.clock.now(),
    );
    return { kind: 'locked', until: attempt.locked };
  }
  const account = email && password ? await authenticate(deps.db, email, password, deps.clock.now()) : null;
  if (!account) {
    writeAudit(
      deps.db,
      tried,
      { activity: 'auth.sign_in', targetType: 'account', result: 'failure' },
      deps.clock.now(),
    );
    return { kind: 'failed' };
  }
  releaseAttempt(deps.db, attempt.reservation);
  // A new session id on every sign-in; a session the browser already had is ended (no fixation).
  if (input.previousCookie) deleteSession(deps.db, input.previousCookie);
  const cookie = createSession(deps.db, deps.clock, account.id, {
    lifetimeMs: input.lifetimeMs,
    ip,
    userAgent: input.userAgent,
  });
  const actor: Actor = { type: 'account', id: account.id, name: account.email, role: account.role, ip };
  writeAudit(
    deps.db,
    actor,
    { activity: 'auth.sign_in', targetType: 'account', targetId: account.id },
    deps.clock.now(),
  );
  return { kind: 'signed_in', cookie };
}

/** End the session behind `cookie` (CSRF already checked by the caller), audited as its account. */
export function signOut(deps: Deps, cookie: string, session: SessionInfo, ip: string | undefined): void {
  deleteSession(deps.db, cookie);
  const actor: Actor = { type: 'account', id: session.accountId, name: session.email, role: session.role, ip };
  writeAudit(
    deps.db,
    actor,
    { activity: 'auth.sign_out', targetType: 'account', targetId: session.accountId },
    deps.clock.now(),
  );
}
