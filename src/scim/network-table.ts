/**
 * Failures without a usable HTTP answer, as data: network errors (no status at all) and protocol failures
 * (an answer that is not SCIM, too large, ambiguous; or a request that cannot be sent). Entra logs network
 * failures as WebExceptionProtocolError or Timeout and retries them "in 40 minutes" (entra.md §2.7).
 */
import {
  type ErrorRule,
  fixRule as fix,
  INCOMPATIBLE,
  MULTIPLE_ENTRIES,
  type NetworkFailure,
  type ProtocolFailure,
  REPORT,
  RETRIED,
  retryRule as retry,
  TENANT_URL,
} from './error-rule';

/** Failures with no HTTP status. Entra retries these "in 40 minutes" (entra.md §2.7). */
export const NETWORK_RULES: Readonly<Record<NetworkFailure, ErrorRule>> = {
  dns: retry(
    'WebExceptionProtocolError',
    'Could not resolve the host name {hostname}.',
    'Check the Tenant URL for typos; if it is right, check the DNS of this server.',
  ),
  connect: retry(
    'WebExceptionProtocolError',
    'Could not connect to {host} (connection refused or unreachable).',
    'Check the host and port of the Tenant URL and that the target is reachable from this server (firewall, proxy).',
  ),
  reset: retry(
    'WebExceptionProtocolError',
    'The connection to {host} was closed before the target answered.',
    `${RETRIED} If it repeats, check proxies and firewalls between this server and the target.`,
  ),
  tls: retry(
    'WebExceptionProtocolError',
    'The secure (TLS) connection to {host} failed: {problem}.',
    "The target's certificate may be expired, self-signed or issued for another host name; fix it or the Tenant URL host.",
  ),
  timeout: retry(
    'Timeout',
    'The target did not answer within {seconds} seconds.',
    `${RETRIED} If it repeats, the target is overloaded; lower the concurrency or contact the target vendor.`,
  ),
};

/** Answers that arrived but cannot be used (RFC 7644 §3.4.2 ListResponse, §3.1 media type), and unsendable requests. */
export const PROTOCOL_RULES: Readonly<Record<ProtocolFailure, ErrorRule>> = {
  notScim: fix(
    INCOMPATIBLE,
    'The response of the target is not SCIM: {problem}.',
    `${TENANT_URL} If it is right, the target is not SCIM 2.0 compatible; ${REPORT}`,
  ),
  bodyTooLarge: fix(
    INCOMPATIBLE,
    'The response of the target was larger than {limit} bytes.',
    'Query smaller pages or exclude large attributes such as members; if one object is this large, contact the target vendor.',
  ),
  multipleEntries: fix(
    MULTIPLE_ENTRIES,
    'The target returned {count} objects for a query that must match at most one.',
    'Remove the duplicates in the target, or match on an attribute that is unique there.',
  ),
  invalidToken: fix(
    'Unauthorized',
    'The Secret Token cannot be sent: {problem}.',
    'Paste the Secret Token again, without spaces or line breaks, and press Test Connection.',
  ),
  invalidBaseUrl: fix(
    'WebExceptionProtocolError',
    '{problem}.',
    'Enter the SCIM base as the Tenant URL (for example https://admin.mindtickle.com/scim) and press Test Connection.',
  ),
};

/**
 * Error codes by kind: Node's socket/DNS/TLS codes (bare on `Dispatcher.request` failures, in the `cause`
 * chain of fetch's `TypeError: fetch failed`) and undici's own `UND_ERR_*` codes.
 */
export const NETWORK_ERROR_CODES: Readonly<Record<string, NetworkFailure>> = {
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  EAI_NONAME: 'dns',
  EAI_FAIL: 'dns',
  ECONNREFUSED: 'connect',
  EHOSTUNREACH: 'connect',
  ENETUNREACH: 'connect',
  EADDRNOTAVAIL: 'connect',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  ECONNABORTED: 'reset',
  UND_ERR_SOCKET: 'reset',
  UND_ERR_CLOSED: 'reset',
  // The dispatcher was destroyed before an answer arrived. (UND_ERR_ABORTED is an AbortError: a timeout.)
  UND_ERR_DESTROYED: 'reset',
  // The connection ended before the Content-Length the target announced.
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: 'reset',
  ETIMEDOUT: 'timeout',
  UND_ERR_CONNECT_TIMEOUT: 'timeout',
  UND_ERR_HEADERS_TIMEOUT: 'timeout',
  UND_ERR_BODY_TIMEOUT: 'timeout',
  EPROTO: 'tls',
  CERT_HAS_EXPIRED: 'tls',
  CERT_NOT_YET_VALID: 'tls',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'tls',
  SELF_SIGNED_CERT_IN_CHAIN: 'tls',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'tls',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'tls',
};

/** The network failure an error code stands for; OpenSSL/TLS codes share the `ERR_SSL_`/`ERR_TLS_` prefixes. */
export function networkFailureForCode(code: string): NetworkFailure | null {
  if (code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_')) return 'tls';
  return NETWORK_ERROR_CODES[code] ?? null;
}
