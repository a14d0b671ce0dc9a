/**
 * CRUD on one resource endpoint (RFC 7644 §3.3 create, §3.4.1 get, §3.4.2 query, §3.5.1 PUT, §3.5.2 PATCH,
 * §3.6 DELETE), shared by Users and Groups. Answers are checked for shape before they are returned.
 */
import { toQueryString } from './filter';
import type { HttpConfig } from './http';
import { type Endpoint, type ListOptions, listResources } from './list';
import { type PatchOperation, patchBody } from './patch-diff';
import { scimRequest } from './request';
import type { ScimResource } from './resource-builder';
import {
  asResource,
  parseJsonBody,
  type RawResponse,
  type ResponseContext,
  type ReturnedResource,
} from './response-shape';
import { scimProtocolError } from './scim-error';

/** Page size asked for by full listings; servers may return fewer (RFC 7644 §3.4.2.4). */
const LIST_PAGE_SIZE = 100;

/** Projection of a read (RFC 7644 §3.4.2.5). */
export interface ReadOptions {
  attributes?: readonly string[];
  excludedAttributes?: readonly string[];
}

/** The operations of one endpoint. */
export interface ResourceApi {
  list(filter?: string, opts?: ListOptions): AsyncIterable<ReturnedResource>;
  find(filter: string, opts?: ReadOptions): Promise<ReturnedResource[]>;
  findOne(filter: string, opts?: ReadOptions): Promise<ReturnedResource | null>;
  get(id: string, opts?: ReadOptions): Promise<ReturnedResource>;
  create(resource: ScimResource): Promise<ReturnedResource>;
  patch(id: string, ops: readonly PatchOperation[]): Promise<ReturnedResource | null>;
  replace(id: string, resource: ScimResource): Promise<ReturnedResource>;
  delete(id: string): Promise<void>;
}

/** CRUD for `endpoint`; `defaults` apply to reads that do not say otherwise (Groups: `excludedAttributes=members`). */
export function resourceApi(cfg: HttpConfig, endpoint: Endpoint, defaults: ReadOptions = {}): ResourceApi {
  const withDefaults = (opts: ReadOptions = {}): ReadOptions => ({ ...defaults, ...opts });
  const itemPath = (id: string) => `${endpoint}/${encodeURIComponent(id)}`;
  const resource = (res: RawResponse, ctx: ResponseContext) => asResource(parseJsonBody(res, ctx), res, ctx);

  const find = async (filter: string, opts?: ReadOptions): Promise<ReturnedResource[]> => {
    const found: ReturnedResource[] = [];
    for await (const r of listResources(cfg, endpoint, filter, withDefaults(opts))) found.push(r);
    return found;
  };

  return {
    list: (filter, opts) =>
      listResources(cfg, endpoint, filter, { pageSize: LIST_PAGE_SIZE, ...withDefaults(), ...opts }),
    find,
    async findOne(filter, opts) {
      const found = await find(filter, opts);
      if (found.length <= 1) return found[0] ?? null;
      // Entra: SystemForCrossDomainIdentityManagementMultipleEntriesInResponse (entra.md §2.7).
      const path = `/${endpoint}?${toQueryString([['filter', filter]])}`;
      const ctx = { operation: 'list' as const, method: 'GET', path, host: cfg.baseUrl.host, status: 200 };
      throw scimProtocolError('multipleEntries', ctx, { count: found.length });
    },
    get: (id, opts) =>
      scimRequest(
        cfg,
        { method: 'GET', path: itemPath(id), query: readQuery(withDefaults(opts)), operation: 'get' },
        resource,
      ),
    create: (body) => scimRequest(cfg, { method: 'POST', path: endpoint, body, operation: 'create' }, resource),
    replace: (id, body) =>
      scimRequest(cfg, { method: 'PUT', path: itemPath(id), body, operation: 'replace' }, resource),
    patch: (id, ops) =>
      scimRequest(cfg, { method: 'PATCH', path: itemPath(id), body: patchBody(ops), operation: 'update' }, patchResult),
    delete: (id) => scimRequest(cfg, { method: 'DELETE', path: itemPath(id), operation: 'delete' }, () => undefined),
  };
}

/**
 * PATCH may answer 204, or 200 with the resource (RFC 7644 §3.5.2); Entra accepts a 200 without the full
 * resource (entra.md §5.1), so a JSON body without `id` is success with nothing to return. A non-JSON body
 * is not: a 200 HTML page is typically a login or proxy page, and the change was not applied.
 */
function patchResult(res: RawResponse, ctx: ResponseContext): ReturnedResource | null {
  if (res.status === 204 || res.text.trim() === '') return null;
  const json = parseJsonBody(res, ctx);
  const isResource = typeof json === 'object' && json !== null && typeof (json as { id?: unknown }).id === 'string';
  return isResource ? asResource(json, res, ctx) : null;
}

function readQuery(opts: ReadOptions): Array<[string, string]> {
  const query: Array<[string, string]> = [];
  if (opts.excludedAttributes?.length) query.push(['excludedAttributes', opts.excludedAttributes.join(',')]);
  if (opts.attributes?.length) query.push(['attributes', opts.attributes.join(',')]);
  return query;
}
