/**
 * SCIM schema URNs and media type as data. Every resource and message a SCIM service exchanges names its
 * shape in a `schemas` array (RFC 7643 §3, RFC 7644 §3.1), so these strings are part of the wire protocol.
 */

/** Core User resource schema (RFC 7643 §4.1, registered in §10.2). */
export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';

/** Core Group resource schema (RFC 7643 §4.2). */
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';

/** Enterprise User extension (RFC 7643 §4.3): employeeNumber, department, manager, ... */
export const ENTERPRISE_USER_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/** Query responses are always wrapped in a ListResponse (RFC 7644 §3.4.2). */
export const LIST_RESPONSE_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

/** PATCH request body (RFC 7644 §3.5.2). */
export const PATCH_OP_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** Error response body (RFC 7644 §3.12). */
export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

/** Media type for requests and responses (RFC 7644 §3.1, registered in §8.1). */
export const SCIM_MEDIA_TYPE = 'application/scim+json';

/** The resource types this client provisions. */
export type ScimResourceType = 'User' | 'Group';

/** The core schema of a resource type: the first entry of its `schemas` array. */
export function coreSchemaFor(type: ScimResourceType): string {
  return type === 'User' ? USER_SCHEMA : GROUP_SCHEMA;
}

/**
 * True when `urn` is the core schema of `type`. URNs compare case-insensitively (RFC 8141 §3.1 for the
 * NID; SCIM servers in practice also treat the NSS so), which matters for paths typed by hand in mappings.
 */
export function isCoreSchema(urn: string, type: ScimResourceType): boolean {
  return urn.toLowerCase() === coreSchemaFor(type).toLowerCase();
}
