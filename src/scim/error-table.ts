/**
 * Protocol facts as data: how each failure of a SCIM exchange is classified, after RFC 7644 §3.12 (HTTP
 * status + `scimType`) and Entra's provisioning-log error codes (entra.md §2.7). Code decides *which* row
 * applies; the rows decide retryability, the log's errorCode/errorCategory and the words an admin reads.
 *
 * Category: `nonServiceFailure` when the target, its configuration or the data must change (every 4xx, an
 * incompatible answer); `failure` when the exchange itself failed and retrying may help (429, 5xx, network).
 */
import {
  BAD_RESPONSE,
  type ErrorRule,
  fixRule as fix,
  INCOMPATIBLE,
  REPORT,
  RETRIED,
  retryRule as retry,
  type ScimOperation,
  TENANT_URL,
} from './error-rule';

// One import point for classification: the shared row types and the network/protocol table.
export {
  type ErrorCategory,
  type ErrorRule,
  type NetworkFailure,
  type ProtocolFailure,
  renderTemplate,
  type ScimOperation,
} from './error-rule';
export { NETWORK_ERROR_CODES, NETWORK_RULES, networkFailureForCode, PROTOCOL_RULES } from './network-table';

/**
 * RFC 7644 §3.12 defines `scimType` detail codes for 400 responses; servers also send `uniqueness` with
 * 409 (§3.3) and `sensitive` with 403 (§7.5.2), so these rows apply whatever the status (keyed `scimType:`).
 */
export const HTTP_RULES: Readonly<Record<string, ErrorRule>> = {
  'scimType:invalidFilter': fix(
    BAD_RESPONSE,
    'The target could not process the query filter (HTTP {status} invalidFilter).',
    'Use a matching attribute the target can filter on with "eq" (usually userName or externalId) under Match objects using this attribute.',
  ),
  'scimType:tooMany': fix(
    BAD_RESPONSE,
    'The target refused the query because it would return too many results (HTTP {status} tooMany).',
    'Match on a more selective attribute, or ask the target vendor to raise its result limit.',
  ),
  'scimType:uniqueness': fix(
    'EntryConflict',
    'A user or group with the same unique value already exists in the target (HTTP {status} uniqueness).',
    'Fix the duplicate value in the directory or in the target, or match on the attribute that is unique so the existing object is linked instead of created.',
  ),
  'scimType:mutability': fix(
    BAD_RESPONSE,
    'The target refused to change an attribute that is read-only or immutable there (HTTP {status} mutability).',
    'Remove that attribute from the mapping, or apply its mapping on create only.',
  ),
  'scimType:invalidSyntax': fix(
    BAD_RESPONSE,
    'The target could not parse the request body (HTTP {status} invalidSyntax).',
    `Check the mapped values for characters the target rejects; if the body looks right, ${REPORT}`,
  ),
  'scimType:invalidPath': fix(
    'SchemaAttributeNotFound',
    'The target does not know an attribute path in the request (HTTP {status} invalidPath).',
    "Fix the mapping's target attribute to a name the target's /Schemas lists, or remove it.",
  ),
  'scimType:noTarget': fix(
    'SchemaAttributeNotFound',
    'The target found nothing to change at an attribute path (HTTP {status} noTarget).',
    'The attribute (for example the work email) does not exist on the target object; restart provisioning so the object is re-read.',
  ),
  'scimType:invalidValue': fix(
    BAD_RESPONSE,
    'The target rejected a value as invalid (HTTP {status} invalidValue).',
    "Check the value named in the target's detail (format, allowed values, domain) and fix the source data or the mapping expression.",
  ),
  'scimType:invalidVers': fix(
    BAD_RESPONSE,
    'The target rejected the version of the object in the request (HTTP {status} invalidVers).',
    `The object changed in the target meanwhile; the next cycle re-reads it. If this repeats, ${REPORT}`,
  ),
  'scimType:sensitive': fix(
    BAD_RESPONSE,
    'The target refused personal data in the request URL (HTTP {status} sensitive).',
    'Match on an attribute that is not personal data (for example externalId) so it can be sent in a filter.',
  ),
  '400': fix(
    BAD_RESPONSE,
    'The target rejected the request as invalid (HTTP 400).',
    "Read the target's detail, correct the mapping or the source value it names, then retry the object.",
  ),
  '401': fix(
    'Unauthorized',
    'The target rejected the secret token (HTTP 401 Unauthorized).',
    'Check the Secret Token in Admin Credentials and press Test Connection; generate a new token in the target if it expired.',
  ),
  '403': fix(
    'InsufficientRights',
    'The target accepted the secret token but refused the operation (HTTP 403 Forbidden).',
    'Give the account behind the Secret Token the right to manage users and groups in the target, then press Test Connection.',
  ),
  '404': fix(
    'NotFound',
    'The object does not exist in the target (HTTP 404 Not Found).',
    'It was removed from the target. Nothing to do for a delete; otherwise restart provisioning to re-match it.',
  ),
  '404@update': fix(
    'InvalidAnchor',
    'The user or group previously created or matched no longer exists in the target (HTTP 404).',
    'Restart provisioning to force re-matching; the object is created again if no match is found.',
  ),
  '404@replace': fix(
    'InvalidAnchor',
    'The user or group previously created or matched no longer exists in the target (HTTP 404).',
    'Restart provisioning to force re-matching; the object is created again if no match is found.',
  ),
  '404@list': fix('NotFound', 'The target has no Users or Groups endpoint at this address (HTTP 404).', TENANT_URL),
  '404@create': fix('NotFound', 'The target has no Users or Groups endpoint at this address (HTTP 404).', TENANT_URL),
  '405': fix(
    'MethodNotAllowed',
    'The target does not allow this HTTP method at this address (HTTP 405).',
    `${TENANT_URL} If it is right, the target may not support PATCH or groups.`,
  ),
  '409': fix(
    'EntryConflict',
    'A user or group with the same unique value already exists in the target (HTTP 409 Conflict).',
    'Fix the duplicate value, or match on the attribute that is unique so the existing object is linked instead of created.',
  ),
  '412': fix(
    'Conflict',
    'The object changed in the target since it was read (HTTP 412 Precondition Failed).',
    `The next cycle re-reads it. If this repeats, ${REPORT}`,
  ),
  '413': fix(
    BAD_RESPONSE,
    'The request was larger than the target accepts (HTTP 413 Payload Too Large).',
    "Send fewer values at once (large groups); the target's /ServiceProviderConfig states its maxPayloadSize.",
  ),
  '422': fix(
    'UnprocessableEntity',
    'The target could not process the request (HTTP 422).',
    "Read the target's detail and fix the mapping or the source value it names.",
  ),
  '429': retry(
    'TooManyRequests',
    'The target is throttling requests (HTTP 429 Too Many Requests).',
    `${RETRIED} If it persists, lower the concurrency or ask the target vendor to raise the rate limit.`,
  ),
  '500': retry(
    'InternalServerError',
    'The target failed with an unexpected error (HTTP 500).',
    `${RETRIED} If it keeps failing, ${REPORT}`,
  ),
  '501': fix(
    'NotImplemented',
    'The target does not implement this operation (HTTP 501 Not Implemented).',
    'The target lacks an operation Provisio needs (often PATCH or groups); turn off group provisioning or ask the target vendor.',
  ),
  '502': retry(
    'WebExceptionProtocolError',
    'A gateway in front of the target could not reach it (HTTP 502 Bad Gateway).',
    `${RETRIED} If it persists, the target is down; check its status page.`,
  ),
  '503': retry(
    'InternalServerError',
    'The target is temporarily unavailable (HTTP 503 Service Unavailable).',
    `${RETRIED} If it persists, the target is down; check its status page.`,
  ),
  '504': retry(
    'Timeout',
    'A gateway in front of the target timed out waiting for it (HTTP 504 Gateway Timeout).',
    `${RETRIED} If it persists, the target is overloaded; lower the concurrency.`,
  ),
  '3xx': fix(
    'WebExceptionProtocolError',
    'The target redirected the request to {location} (HTTP {status}).',
    'Set the Tenant URL to the final address (often https:// instead of http://). Redirects are not followed so the token is never sent elsewhere.',
  ),
  '4xx': fix(
    BAD_RESPONSE,
    'The target rejected the request (HTTP {status}).',
    `Read the target's detail; if it is unclear, ${REPORT}`,
  ),
  '5xx': retry(
    'InternalServerError',
    'The target failed with an unexpected error (HTTP {status}).',
    `${RETRIED} If it keeps failing, ${REPORT}`,
  ),
};

const DEFAULT_RULE = fix(
  INCOMPATIBLE,
  'The target answered with an unexpected HTTP status {status}.',
  `Check the Tenant URL; if it is right, ${REPORT}`,
);

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
