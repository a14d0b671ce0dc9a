/**
 * LDAP failures as typed errors with admin sentences. Two tables, both data: LDAP result codes (RFC 4511
 * §4.1.9 and Appendix A) and socket/TLS error codes (Node's `err.code`, OpenSSL's verify codes). Messages name
 * the URL, the bind DN or the base DN, never the bind password.
 */
import { AppError } from '../../kernel/errors';

export type LdapErrorCode =
  | 'ldap_unreachable'
  | 'ldap_timeout'
  | 'ldap_tls'
  | 'ldap_bind_failed'
  | 'ldap_no_such_base'
  | 'ldap_search_failed'
  | 'ldap_size_limit';

const RETRYABLE: ReadonlySet<LdapErrorCode> = new Set(['ldap_unreachable', 'ldap_timeout']);

export class LdapError extends AppError {
  declare readonly code: LdapErrorCode;
  constructor(code: LdapErrorCode, message: string, opts: { context?: Record<string, unknown>; cause?: unknown } = {}) {
    super(code, message, { retryable: RETRYABLE.has(code), ...opts });
  }
}

/** Where the failure happened: the same result code means different things when binding and searching. */
export type LdapPhase = 'connect' | 'starttls' | 'bind' | 'search';

export interface LdapErrorContext {
  phase: LdapPhase;
  url: string;
  bindDn?: string;
  baseDn?: string;
  /** Redacted from any message taken over from the library, in case a server echoes it. */
  secret?: string;
}

/** RFC 4511 Appendix A result codes we explain; the text is the RFC's name in words. */
const RESULT_CODES: Record<number, { text: string; code?: LdapErrorCode; retryable?: boolean }> = {
  3: { text: 'time limit exceeded', code: 'ldap_timeout' },
  4: { text: 'size limit exceeded', code: 'ldap_size_limit' },
  8: { text: 'stronger authentication required', code: 'ldap_tls' },
  11: { text: 'administrative limit exceeded', code: 'ldap_size_limit' },
  13: { text: 'confidentiality required (use ldaps:// or StartTLS)', code: 'ldap_tls' },
  32: { text: 'no such object', code: 'ldap_no_such_base' },
  34: { text: 'invalid DN syntax' },
  48: { text: 'inappropriate authentication' },
  49: { text: 'invalid credentials', code: 'ldap_bind_failed' },
  50: { text: 'insufficient access rights' },
  51: { text: 'server busy', code: 'ldap_unreachable' },
  52: { text: 'server unavailable', code: 'ldap_unreachable' },
  53: { text: 'unwilling to perform' },
  87: { text: 'filter error' },
};

/** Node socket errors (`err.code`) → our code and the words after "Could not reach <url>: ". */
const SOCKET_CODES: Record<string, { code: LdapErrorCode; text: string }> = {
  ECONNREFUSED: { code: 'ldap_unreachable', text: 'connection refused' },
  ENOTFOUND: { code: 'ldap_unreachable', text: 'host name not found' },
  EAI_AGAIN: { code: 'ldap_unreachable', text: 'host name lookup failed (temporary)' },
  EHOSTUNREACH: { code: 'ldap_unreachable', text: 'host unreachable' },
  ENETUNREACH: { code: 'ldap_unreachable', text: 'network unreachable' },
  ECONNRESET: { code: 'ldap_unreachable', text: 'connection reset by the server' },
  EPIPE: { code: 'ldap_unreachable', text: 'connection closed by the server' },
  ETIMEDOUT: { code: 'ldap_timeout', text: 'connection timed out' },
};

/** Certificate verification failures (OpenSSL verify codes as Node reports them) and TLS handshake errors. */
const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|EPROTO$|HOSTNAME_MISMATCH)/;

const describe = (e: unknown): { name: string; message: string; code: unknown } => {
  const o = (e ?? {}) as { name?: unknown; message?: unknown; code?: unknown };
  return { name: String(o.name ?? ''), message: String(o.message ?? e), code: o.code };
};

/** Any error from ldapts or the socket under it → LdapError. LdapErrors pass through. */
export function toLdapError(err: unknown, ctx: LdapErrorContext): LdapError {
  if (err instanceof LdapError) return err;
  const e = describe(err);
  const clean = (s: string) => (ctx.secret ? s.split(ctx.secret).join('***') : s);
  const context = { phase: ctx.phase, url: ctx.url, bindDn: ctx.bindDn, baseDn: ctx.baseDn, cause: clean(e.message) };
  const make = (code: LdapErrorCode, message: string) => new LdapError(code, message, { context });

  // ldapts ResultCodeError: a numeric `code` that is the LDAP result code.
  if (typeof e.code === 'number') {
    const rc = RESULT_CODES[e.code];
    const what = `${rc?.text ?? clean(e.message)} (LDAP result ${e.code})`;
    if (ctx.phase === 'starttls') return make('ldap_tls', `${ctx.url} refused StartTLS: ${what}`);
    const transport = rc?.code === 'ldap_tls' || rc?.code === 'ldap_unreachable' || rc?.code === 'ldap_timeout';
    if (ctx.phase === 'bind' && !transport) {
      return make('ldap_bind_failed', `${ctx.url} refused the bind as ${ctx.bindDn}: ${what}`);
    }
    if (rc?.code === 'ldap_no_such_base') return make(rc.code, `The base DN ${ctx.baseDn} does not exist: ${what}`);
    // The base is the only DN a search sends, so a DN syntax error there is about it.
    if (e.code === 34) return make('ldap_no_such_base', `The base DN ${ctx.baseDn} is not a valid DN: ${what}`);
    if (rc?.code) return make(rc.code, `${ctx.url} answered ${what}`);
    return make('ldap_search_failed', `The search under ${ctx.baseDn} failed: ${what}`);
  }
  if (typeof e.code === 'string') {
    const sock = SOCKET_CODES[e.code];
    if (sock) return make(sock.code, `Could not reach ${ctx.url}: ${sock.text}`);
    if (TLS_CODE.test(e.code)) {
      const hint =
        e.code.startsWith('ERR_') || e.code === 'EPROTO'
          ? ''
          : " (is caFile the CA that signed the server's certificate?)";
      return make('ldap_tls', `TLS with ${ctx.url} failed: ${clean(e.message)} [${e.code}]${hint}`);
    }
  }
  // ldapts' own timers: "Connection timeout" (connectTimeout) and "...: Operation timed out" (timeout).
  if (/timeout|timed out/i.test(e.message)) {
    return make('ldap_timeout', `${ctx.url} did not answer in time (${ctx.phase})`);
  }
  if (/Connection closed|Socket error|socket hang up/i.test(e.message)) {
    const tls = ctx.phase === 'starttls' ? 'ldap_tls' : 'ldap_unreachable';
    return make(tls, `The connection to ${ctx.url} closed during ${ctx.phase}`);
  }
  const cause = clean(e.message);
  if (ctx.phase === 'search') return make('ldap_search_failed', `The search under ${ctx.baseDn} failed: ${cause}`);
  if (ctx.phase === 'bind') return make('ldap_bind_failed', `${ctx.url} refused the bind as ${ctx.bindDn}: ${cause}`);
  if (ctx.phase === 'starttls') return make('ldap_tls', `StartTLS with ${ctx.url} failed: ${cause}`);
  return make('ldap_unreachable', `Could not reach ${ctx.url}: ${cause}`);
}
