/**
 * The /Users and /Groups routes: each request becomes one scimmy resource call (`read`, `write`, `patch`,
 * `dispose`) with a per-request context that carries this sandbox's store (see resources.ts for why).
 */
import type { Context, Hono } from 'hono';
import { basePath } from 'hono/route';
import SCIMMY from 'scimmy';
import { coerceActive, normalisePatch } from './entra-compat';
import { parseFilter } from './filter-parse';
import { foldCase } from './filter-plan';
import { pageParams, readJson, scimError, scimJson, shapeParams } from './http';
import { ENDPOINTS, PAGING, type ResourceKind } from './protocol';
import { RESOURCE_CLASSES, type SandboxContext } from './resources';
import type { ResourceRows } from './store-rows';

/** Wraps a handler so thrown errors become SCIM error responses. */
export type Run = (handler: (c: Context) => Promise<Response>) => (c: Context) => Promise<Response>;

type PatchMessage = Parameters<SCIMMY.Types.Resource['patch']>[0];
type ListResponse = SCIMMY.Messages.ListResponse;

const SCHEMAS: Record<ResourceKind, SCIMMY.Types.SchemaDefinition> = {
  User: SCIMMY.Schemas.User.definition,
  Group: SCIMMY.Schemas.Group.definition,
};

/** Mount GET/POST on the collection and GET/PUT/PATCH/DELETE on single resources of `kind`. */
export function mountResource(app: Hono, kind: ResourceKind, rows: ResourceRows, run: Run, entraCompat = true): void {
  const coerce = entraCompat ? coerceActive : (body: unknown) => body;
  const normalise = entraCompat ? normalisePatch : (body: unknown) => body;
  const endpoint = ENDPOINTS[kind];
  const Resource = RESOURCE_CLASSES[kind];
  const firstPage = { startIndex: 1, count: PAGING.defaultCount as number };
  const context = (c: Context, page = firstPage): SandboxContext => ({
    rows,
    baseUrl: `${new URL(c.req.url).origin}${basePath(c)}`,
    page,
    total: 0,
  });
  const idOf = (c: Context) => {
    const id = c.req.param('id') ?? '';
    // scimmy turns the id into `id eq "<id>"`; a quote or backslash would make that an invalidFilter.
    if (/["\\]/.test(id)) throw scimError(404, null, `${kind} ${id} not found`);
    return id;
  };

  app.get(
    endpoint,
    run(async (c) => {
      const page = pageParams(c);
      const resource = new Resource(undefined, { ...shapeParams(c), count: page.count });
      const filter = c.req.query('filter');
      if (filter !== undefined) resource.filter = foldCase(parseFilter(filter, SCHEMAS[kind]), kind);
      const ctx = context(c, page);
      const list = (await resource.read(ctx)) as ListResponse;
      // scimmy's ListResponse would re-slice a pre-paged list and reports the requested count as
      // itemsPerPage; the page, its size and the total come from egress instead (RFC 7644 §3.4.2.4).
      const { schemas, Resources } = list;
      return scimJson(
        { schemas, totalResults: ctx.total, itemsPerPage: Resources.length, startIndex: page.startIndex, Resources },
        200,
      );
    }),
  );

  app.get(
    `${endpoint}/:id`,
    run(async (c) => scimJson(await new Resource(idOf(c), shapeParams(c)).read(context(c)), 200)),
  );

  app.post(
    endpoint,
    run(async (c) => {
      const ctx = context(c);
      const body = coerce(await readJson(c));
      const created = (await new Resource(undefined, shapeParams(c)).write(body, ctx)) as { id?: string };
      return scimJson(created, 201, { Location: `${ctx.baseUrl}${endpoint}/${created.id}` });
    }),
  );

  app.put(
    `${endpoint}/:id`,
    run(async (c) => {
      const id = idOf(c);
      const body = coerce(await readJson(c));
      return scimJson(await new Resource(id, shapeParams(c)).write(body, context(c)), 200);
    }),
  );

  app.patch(
    `${endpoint}/:id`,
    run(async (c) => {
      const id = idOf(c);
      const body = normalise(await readJson(c)) as PatchMessage;
      const ctx = context(c);
      const patched = await new Resource(id, shapeParams(c)).patch(body, ctx);
      // Entra expects 204 for group PATCH (members can be large); users get the resource (RFC 7644 §3.5.2).
      if (kind === 'Group') return scimJson(null, 204);
      // scimmy returns nothing when the operations changed nothing; the resource is still the answer.
      return scimJson(patched ?? (await new Resource(id, shapeParams(c)).read(ctx)), 200);
    }),
  );

  app.delete(
    `${endpoint}/:id`,
    run(async (c) => {
      await new Resource(idOf(c)).dispose(context(c));
      return scimJson(null, 204);
    }),
  );
}
