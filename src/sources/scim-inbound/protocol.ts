/**
 * SCIM 2.0 protocol facts the inbound endpoint serves, as data (RFC 7643 / RFC 7644). What Entra needs is in
 * entra.md §5.1: ListResponse for every query, `eq`/`and` filters, PATCH, no bulk, no sort, bearer token.
 */
export const URN = {
  user: 'urn:ietf:params:scim:schemas:core:2.0:User', // RFC 7643 §4.1
  enterprise: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User', // RFC 7643 §4.3
  group: 'urn:ietf:params:scim:schemas:core:2.0:Group', // RFC 7643 §4.2
  listResponse: 'urn:ietf:params:scim:api:messages:2.0:ListResponse', // RFC 7644 §3.4.2
  patchOp: 'urn:ietf:params:scim:api:messages:2.0:PatchOp', // RFC 7644 §3.5.2
  error: 'urn:ietf:params:scim:api:messages:2.0:Error', // RFC 7644 §3.12
  serviceProviderConfig: 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig', // RFC 7643 §5
  resourceType: 'urn:ietf:params:scim:schemas:core:2.0:ResourceType', // RFC 7643 §6
  schema: 'urn:ietf:params:scim:schemas:core:2.0:Schema', // RFC 7643 §7
} as const;

export const SCIM_CONTENT_TYPE = 'application/scim+json';

/** Paging (RFC 7644 §3.4.2.4): `count` defaults to and is capped at these. */
export const PAGE = { defaultCount: 100, maxCount: 1000 } as const;

/** RFC 7643 §5: what this endpoint supports. */
export const SERVICE_PROVIDER_CONFIG = {
  schemas: [URN.serviceProviderConfig],
  documentationUri: 'https://datatracker.ietf.org/doc/html/rfc7644',
  patch: { supported: true },
  bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
  filter: { supported: true, maxResults: PAGE.maxCount },
  changePassword: { supported: false },
  sort: { supported: false },
  etag: { supported: false },
  authenticationSchemes: [
    {
      type: 'oauthbearertoken',
      name: 'Bearer token',
      description: "The source's inbound token, created in Provisio under Settings → Sources",
      primary: true,
    },
  ],
  meta: { resourceType: 'ServiceProviderConfig', location: '/scim/v2/ServiceProviderConfig' },
};

/** RFC 7643 §6. */
export const RESOURCE_TYPES = [
  {
    schemas: [URN.resourceType],
    id: 'User',
    name: 'User',
    endpoint: '/Users',
    schema: URN.user,
    schemaExtensions: [{ schema: URN.enterprise, required: false }],
    meta: { resourceType: 'ResourceType', location: '/scim/v2/ResourceTypes/User' },
  },
  {
    schemas: [URN.resourceType],
    id: 'Group',
    name: 'Group',
    endpoint: '/Groups',
    schema: URN.group,
    meta: { resourceType: 'ResourceType', location: '/scim/v2/ResourceTypes/Group' },
  },
];

const attr = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  type: 'string',
  multiValued: false,
  required: false,
  caseExact: false,
  mutability: 'readWrite',
  returned: 'default',
  uniqueness: 'none',
  ...extra,
});
const complex = (name: string, subs: string[], multiValued: boolean) =>
  attr(name, { type: 'complex', multiValued, subAttributes: subs.map((s) => attr(s)) });

/** RFC 7643 §7 (no nulls, camelCase values: entra.md §5.1), limited to the attributes this endpoint keeps. */
export const SCHEMAS = [
  {
    schemas: [URN.schema],
    id: URN.user,
    name: 'User',
    description: 'User Account',
    attributes: [
      attr('userName', { required: true, uniqueness: 'server' }),
      complex('name', ['givenName', 'familyName', 'formatted'], false),
      attr('displayName'),
      attr('title'),
      attr('userType'),
      attr('preferredLanguage'),
      attr('active', { type: 'boolean' }),
      complex('emails', ['value', 'type'], true),
      complex('phoneNumbers', ['value', 'type'], true),
      complex('addresses', ['type', 'streetAddress', 'locality', 'region', 'postalCode', 'country'], true),
    ],
    meta: { resourceType: 'Schema', location: `/scim/v2/Schemas/${URN.user}` },
  },
  {
    schemas: [URN.schema],
    id: URN.enterprise,
    name: 'EnterpriseUser',
    description: 'Enterprise User',
    attributes: [attr('employeeNumber'), attr('department'), attr('organization')],
    meta: { resourceType: 'Schema', location: `/scim/v2/Schemas/${URN.enterprise}` },
  },
  {
    schemas: [URN.schema],
    id: URN.group,
    name: 'Group',
    description: 'Group',
    attributes: [
      attr('displayName', { required: true, uniqueness: 'server' }),
      complex('members', ['value', 'display', 'type'], true),
    ],
    meta: { resourceType: 'Schema', location: `/scim/v2/Schemas/${URN.group}` },
  },
];

/** A ListResponse (RFC 7644 §3.4.2); every query answers one, even with no results. */
export function listResponse(resources: unknown[], totalResults: number, startIndex: number) {
  return {
    schemas: [URN.listResponse],
    totalResults,
    startIndex,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}

/** An error body (RFC 7644 §3.12): status is a string. */
export function scimError(status: number, detail: string, scimType?: string) {
  return { schemas: [URN.error], status: String(status), ...(scimType ? { scimType } : {}), detail };
}
