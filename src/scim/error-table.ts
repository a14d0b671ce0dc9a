/**
 * Protocol facts as data: how each failure of a SCIM exchange is classified, after RFC 7644 §3.12 (HTTP
 * status + `scimType`) and Entra's provisioning-log error codes (entra.md §2.7). Code decides *which* row
 * applies; the rows decide retryability, the log's errorCode/errorCategory and the words an admin reads.
 *
 * Category: `nonServiceFailure` when the target, its configuration or the data must change (every 4xx, an
 * incompatible answer); `failure` when the exchange itself failed and retrying may help (429, 5xx, network).
 */

export type ErrorCategory = 'failure' | 'nonServiceFailure';

/** What the client was doing; 404 means different things on a query, a read and an update. */
export type ScimOperation = 'list' | 'get' | 'create' | 'update' | 'replace' | 'delete';

/** Failures below HTTP: no status was received. */
export type NetworkFailure = 'dns' | 'connect' | 'reset' | 'tls' | 'timeout';

/** An HTTP answer arrived but it cannot be used, or the request could not be sent at all. */
export type ProtocolFailure = 'notScim' | 'bodyTooLarge' | 'multipleEntries' | 'invalidToken';

/** One classification row. `reason` is a template: `{name}` placeholders are filled by `renderTemplate`. */
export interface ErrorRule {
  retryable: boolean;
  entraCode: string;
  category: ErrorCategory;
  reason: string;
  recommendedAction: string;
}

const SCIM_PREFIX = 'SystemForCrossDomainIdentityManagement';
const BAD_RESPONSE = `${SCIM_PREFIX}BadResponse`;
const INCOMPATIBLE = `${SCIM_PREFIX}ServiceIncompatible`;

function fix(entraCode: string, reason: string, recommendedAction: string): ErrorRule {
  return { retryable: false, entraCode, category: 'nonServiceFailure', reason, recommendedAction };
}

function retry(entraCode: string, reason: string, recommendedAction: string): ErrorRule {
  return { retryable: true, entraCode, category: 'failure', reason, recommendedAction };
}

const RETRIED = 'No action is needed: the operation is retried.';
const REPORT = 'report the request and response shown in the Requests tab to the target vendor.';
const TENANT_URL =
  'Check the Tenant URL: it must end at the SCIM base (for example https://admin.mindtickle.com/scim), not at /Users.';

/**
 * RFC 7644 §3.12 defines `scimType` detail codes for 400 responses; servers also send `uniqueness` with
 * 409 (§3.3) and `sensitive` with 403 (§7.5.2), so these rows apply whatever the status (keyed `scimType:`).
 */
export const HTTP_RULES: Readonly<Record<string, ErrorRule>> = {
  'scimType:invalidFilter': fix(BAD_RESPONSE, 'The target could not process the query filter (HTTP {status} invalidFilter).', 'Use a matching attribute the target can filter on with "eq" (usually userName or externalId) under Match objects using this attribute.'),
  'scimType:tooMany': fix(BAD_RESPONSE, 'The target refused the query because it would return too many results (HTTP {status} tooMany).', 'Match on a more selective attribute, or ask the target vendor to raise its result limit.'),
  'scimType:uniqueness': fix('EntryConflict', 'A user or group with the same unique value already exists in the target (HTTP {status} uniqueness).', 'Fix the duplicate value in the directory or in the target, or match on the attribute that is unique so the existing object is linked instead of created.'),
  'scimType:mutability': fix(BAD_RESPONSE, 'The target refused to change an attribute that is read-only or immutable there (HTTP {status} mutability).', 'Remove that attribute from the mapping, or apply its mapping on create only.'),
  'scimType:invalidSyntax': fix(BAD_RESPONSE, 'The target could not parse the request body (HTTP {status} invalidSyntax).', `Check the mapped values for characters the target rejects; if the body looks right, ${REPORT}`),
  'scimType:invalidPath': fix('SchemaAttributeNotFound', 'The target does not know an attribute path in the request (HTTP {status} invalidPath).', "Fix the mapping's target attribute to a name the target's /Schemas lists, or remove it."),
  'scimType:noTarget': fix('SchemaAttributeNotFound', 'The target found nothing to change at an attribute path (HTTP {status} noTarget).', 'The attribute (for example the work email) does not exist on the target object; restart provisioning so the object is re-read.'),
  'scimType:invalidValue': fix(BAD_RESPONSE, 'The target rejected a value as invalid (HTTP {status} invalidValue).', "Check the value named in the target's detail (format, allowed values, domain) and fix the source data or the mapping expression."),
  'scimType:invalidVers': fix(BAD_RESPONSE, 'The target rejected the version of the object in the request (HTTP {status} invalidVers).', `The object changed in the target meanwhile; the next cycle re-reads it. If this repeats, ${REPORT}`),
  'scimType:sensitive': fix(BAD_RESPONSE, 'The target refused personal data in the request URL (HTTP {status} sensitive).', 'Match on an attribute that is not personal data (for example externalId) so it can be sent in a filter.'),
  '400': fix(BAD_RESPONSE, 'The target rejected the request as invalid (HTTP 400).', "Read the target's detail, correct the mapping or the source value it names, then retry the object."),
  '401': fix('Unauthorized', 'The target rejected the secret token (HTTP 401 Unauthorized).', 'Check the Secret Token in Admin Credentials and press Test Connection; generate a new token in the target if it expired.'),
  '403': fix('InsufficientRights', 'The target accepted the secret token but refused the operation (HTTP 403 Forbidden).', 'Give the account behind the Secret Token the right to manage users and groups in the target, then press Test Connection.'),
  '404': fix('NotFound', 'The object does not exist in the target (HTTP 404 Not Found).', 'It was removed from the target. Nothing to do for a delete; otherwise restart provisioning to re-match it.'),
  '404@update': fix('InvalidAnchor', 'The user or group previously created or matched no longer exists in the target (HTTP 404).', 'Restart provisioning to force re-matching; the object is created again if no match is found.'),
  '404@replace': fix('InvalidAnchor', 'The user or group previously created or matched no longer exists in the target (HTTP 404).', 'Restart provisioning to force re-matching; the object is created again if no match is found.'),
  '404@list': fix('NotFound', 'The target has no Users or Groups endpoint at this address (HTTP 404).', TENANT_URL),
  '404@create': fix('NotFound', 'The target has no Users or Groups endpoint at this address (HTTP 404).', TENANT_URL),
  '405': fix('MethodNotAllowed', 'The target does not allow this HTTP method at this address (HTTP 405).', `${TENANT_URL} If it is right, the target may not support PATCH or groups.`),
  '409': fix('EntryConflict', 'A user or group with the same unique value already exists in the target (HTTP 409 Conflict).', 'Fix the duplicate value, or match on the attribute that is unique so the existing object is linked instead of created.'),
  '412': fix('Conflict', 'The object changed in the target since it was read (HTTP 412 Precondition Failed).', `The next cycle re-reads it. If this repeats, ${REPORT}`),
  '413': fix(BAD_RESPONSE, 'The request was larger than the target accepts (HTTP 413 Payload Too Large).', "Send fewer values at once (large groups); the target's /ServiceProviderConfig states its maxPayloadSize."),
  '422': fix('UnprocessableEntity', 'The target could not process the request (HTTP 422).', "Read the target's detail and fix the mapping or the source value it names."),
  '429': retry('TooManyRequests', 'The target is throttling requests (HTTP 429 Too Many Requests).', `${RETRIED} If it persists, lower the concurrency or ask the target vendor to raise the rate limit.`),
  '500': retry('InternalServerError', 'The target failed with an unexpected error (HTTP 500).', `${RETRIED} If it keeps failing, ${REPORT}`),
  '501': fix('NotImplemented', 'The target does not implement this operation (HTTP 501 Not Implemented).', 'The target lacks an operation Provisio needs (often PATCH or groups); turn off group provisioning or ask the target vendor.'),
  '502': retry('WebExceptionProtocolError', 'A gateway in front of the target could not reach it (HTTP 502 Bad Gateway).', `${RETRIED} If it persists, the target is down; check its status page.`),
  '503': retry('InternalServerError', 'The target is temporarily unavailable (HTTP 503 Service Unavailable).', `${RETRIED} If it persists, the target is down; check its status page.`),
  '504': retry('Timeout', 'A gateway in front of the target timed out waiting for it (HTTP 504 Gateway Timeout).', `${RETRIED} If it persists, the target is overloaded; lower the concurrency.`),
  '3xx': fix('WebExceptionProtocolError', 'The target redirected the request to {location} (HTTP {status}).', 'Set the Tenant URL to the final address (often https:// instead of http://). Redirects are not followed so the token is never sent elsewhere.'),
  '4xx': fix(BAD_RESPONSE, 'The target rejected the request (HTTP {status}).', `Read the target's detail; if it is unclear, ${REPORT}`),
  '5xx': retry('InternalServerError', 'The target failed with an unexpected error (HTTP {status}).', `${RETRIED} If it keeps failing, ${REPORT}`),
};

const DEFAULT_RULE = fix(INCOMPATIBLE, 'The target answered with an unexpected HTTP status {status}.', `Check the Tenant URL; if it is right, ${REPORT}`);

/** Failures with no HTTP status. Entra retries these "in 40 minutes" (entra.md §2.7). */
export const NETWORK_RULES: Readonly<Record<NetworkFailure, ErrorRule>> = {
  dns: retry('WebExceptionProtocolError', 'Could not resolve the host name {host}.', 'Check the Tenant URL for typos; if it is right, check the DNS of this server.'),
  connect: retry('WebExceptionProtocolError', 'Could not connect to {host} (connection refused or unreachable).', 'Check the host and port of the Tenant URL and that the target is reachable from this server (firewall, proxy).'),
  reset: retry('WebExceptionProtocolError', 'The connection to {host} was closed before the target answered.', `${RETRIED} If it repeats, check proxies and firewalls between this server and the target.`),
  tls: retry('WebExceptionProtocolError', 'The secure (TLS) connection to {host} failed: {problem}.', "The target's certificate may be expired, self-signed or issued for another host name; fix it or the Tenant URL host."),
  timeout: retry('Timeout', 'The target did not answer within {seconds} seconds.', `${RETRIED} If it repeats, the target is overloaded; lower the concurrency or contact the target vendor.`),
};

/** Answers that arrived but cannot be used (RFC 7644 §3.4.2 ListResponse, §3.1 media type), and unsendable requests. */
export const PROTOCOL_RULES: Readonly<Record<ProtocolFailure, ErrorRule>> = {
  notScim: fix(INCOMPATIBLE, 'The response of the target is not SCIM: {problem}.', `${TENANT_URL} If it is right, the target is not SCIM 2.0 compatible; ${REPORT}`),
  bodyTooLarge: fix(INCOMPATIBLE, 'The response of the target was larger than {limit} bytes.', 'Query smaller pages or exclude large attributes such as members; if one object is this large, contact the target vendor.'),
  multipleEntries: fix(`${SCIM_PREFIX}MultipleEntriesInResponse`, 'The target returned {count} objects for a query that must match at most one.', 'Remove the duplicates in the target, or match on an attribute that is unique there.'),
  invalidToken: fix('Unauthorized', 'The Secret Token contains characters that cannot be sent in an HTTP header.', 'Paste the Secret Token again, without spaces or line breaks, and press Test Connection.'),
};

/** Error codes seen on Node's fetch (undici) failures and their `cause` chain, by kind. */
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

const BY_LOWER_KEY = new Map(Object.entries(HTTP_RULES).map(([k, v]) => [k.toLowerCase(), v]));

/** The most specific row for an HTTP error: scimType, then status on this operation, status, class, default. */
export function ruleForStatus(status: number, scimType: string | null, operation: ScimOperation): ErrorRule {
  const keys = [
    scimType && status >= 400 && status < 500 ? `scimType:${scimType}` : null,
    `${status}@${operation}`,
    `${status}`,
    status >= 300 && status < 600 ? `${Math.floor(status / 100)}xx` : null,
  ];
  for (const key of keys) {
    const rule = key === null ? undefined : BY_LOWER_KEY.get(key.toLowerCase());
    if (rule) return rule;
  }
  return DEFAULT_RULE;
}

/** Fill `{name}` placeholders; a missing value reads as "unknown" rather than leaving braces in a log row. */
export function renderTemplate(template: string, vars: Readonly<Record<string, string | number | null | undefined>>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = vars[name];
    return v === null || v === undefined || v === '' ? 'unknown' : String(v);
  });
}
