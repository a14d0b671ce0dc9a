/**
 * SCIM protocol facts the sandbox answers with, as data: schema URNs, the media type, error keywords and the
 * paging limits. The sandbox shares no code with the client side (see .dependency-cruiser.cjs), so these are
 * its own copies of the wire constants rather than imports from src/scim.
 */

/** Core User resource schema (RFC 7643 §4.1). */
export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';

/** Core Group resource schema (RFC 7643 §4.2). */
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';

/** Enterprise User extension (RFC 7643 §4.3); Entra sends it on every user. */
export const ENTERPRISE_USER_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/** PATCH request body (RFC 7644 §3.5.2). */
export const PATCH_OP_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** Error response body (RFC 7644 §3.12). */
export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

/** Media type of every response (RFC 7644 §3.1, §8.1). */
export const SCIM_MEDIA_TYPE = 'application/scim+json';

/** The resource types the sandbox serves, with their endpoints (RFC 7644 §3.2). */
export const ENDPOINTS = { User: '/Users', Group: '/Groups' } as const;

/** A resource type the sandbox stores. */
export type ResourceKind = keyof typeof ENDPOINTS;

/**
 * Paging (RFC 7644 §3.4.2.4): `startIndex` is 1-based and values below 1 mean 1; a negative `count` means 0.
 * The RFC leaves the default and the ceiling to the service provider; ServiceProviderConfig advertises the ceiling.
 */
export const PAGING = { defaultCount: 100, maxCount: 1000 } as const;

/** Detail error keywords (`scimType`) and the HTTP status each goes with (RFC 7644 §3.12, Table 9). */
export const SCIM_TYPES = {
  /** Filter syntax invalid, or attribute/comparison combination unsupported (§3.4.2.2). */
  invalidFilter: 400,
  /** One or more attribute values already in use or reserved (POST, PUT, PATCH). */
  uniqueness: 409,
  /** Request body structure invalid or not conforming to the request schema. */
  invalidSyntax: 400,
  /** A required value missing, or a value incompatible with the operation or attribute type. */
  invalidValue: 400,
  /** The PATCH `path` attribute is invalid or malformed (§3.5.2). */
  invalidPath: 400,
  /** The PATCH `path` did not yield an attribute or value that could be operated on (§3.5.2). */
  noTarget: 400,
  /** The modification is incompatible with the attribute's mutability. */
  mutability: 400,
} as const;

/** One of the detail error keywords above. */
export type ScimType = keyof typeof SCIM_TYPES;

/** SCIM error response body (RFC 7644 §3.12); `status` is a string, as the RFC's examples show. */
export interface ScimErrorBody {
  schemas: [typeof ERROR_SCHEMA];
  status: string;
  scimType?: ScimType;
  detail?: string;
}

/** Build an error body for any status, including those scimmy's ErrorResponse refuses (401, 429, 503). */
export function errorBody(status: number, detail: string, scimType?: ScimType): ScimErrorBody {
  return { schemas: [ERROR_SCHEMA], status: String(status), ...(scimType ? { scimType } : {}), detail };
}
