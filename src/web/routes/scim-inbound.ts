/**
 * The SCIM 2.0 inbound endpoint (issue 14) at /scim/v2: identity providers push users and groups into the
 * directory. Authenticated by a source's inbound bearer token only: no session, no CSRF (it carries no
 * cookies), mounted before session auth like the sandbox. Errors answer the SCIM error body (RFC 7644 §3.12).
 */
import { type Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { SourceRef } from '../../directory/source-owner';
import { AppError, ConflictError, NotFoundError, ValidationError } from '../../kernel/errors';
import type { InboundContext, ScimReply } from '../../sources/scim-inbound/context';
import { paging } from '../../sources/scim-inbound/context';
import {
  createScimGroup,
  deleteScimGroup,
  getScimGroup,
  listScimGroups,
  patchScimGroup,
  wantsMembers,
} from '../../sources/scim-inbound/groups';
import {
  listResponse,
  RESOURCE_TYPES,
  SCHEMAS,
  SCIM_CONTENT_TYPE,
  SERVICE_PROVIDER_CONFIG,
  scimError,
} from '../../sources/scim-inbound/protocol';
import { listScimUsers } from '../../sources/scim-inbound/user-query';
import {
  createScimUser,
  deleteScimUser,
  getScimUser,
  patchScimUser,
  replaceScimUser,
} from '../../sources/scim-inbound/users';
import { findSourceByToken } from '../../sources/sources';
import type { AppEnv, WebDeps } from '../env';
import { publicOrigin } from '../headers';
import { directoryDeps } from '../request';

type ScimEnv = { Variables: { source: SourceRef } };
export const SCIM_INBOUND_BASE = '/scim/v2';

const send = (c: Context, status: number, body: unknown) =>
  c.body(JSON.stringify(body), status as ContentfulStatusCode, { 'Content-Type': SCIM_CONTENT_TYPE });

/** Typed errors → SCIM error bodies; scimType from RFC 7644 Table 9. */
function toScimError(err: unknown): { status: number; body: unknown } {
  if (err instanceof ValidationError) {
    const kind = err.details[0]?.message;
    const scimType = kind && /^(invalidFilter|invalidSyntax|noTarget|invalidPath)$/.test(kind) ? kind : 'invalidValue';
    const fields = err.details.map((d) => `${d.path}: ${d.message}`).join('; ');
    return { status: 400, body: scimError(400, fields ? `${err.message} (${fields})` : err.message, scimType) };
  }
  if (err instanceof NotFoundError) return { status: 404, body: scimError(404, err.message) };
  if (err instanceof ConflictError) {
    return { status: 409, body: scimError(409, err.message, err.code.endsWith('_exists') ? 'uniqueness' : undefined) };
  }
  if (err instanceof AppError && err.code === 'body_too_large')
    return { status: 413, body: scimError(413, err.message) };
  return { status: 500, body: scimError(500, 'Internal error') };
}

async function readBody(c: Context): Promise<unknown> {
  const text = await c.req.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError('The request body is not valid JSON', [{ path: 'body', message: 'invalidSyntax' }]);
  }
}

/** Mount /scim/v2 (call before the session middleware). */
export function mountScimInbound(app: Hono<AppEnv>, deps: WebDeps): void {
  const scim = new Hono<ScimEnv>();
  const dir = directoryDeps(deps);
  scim.onError((err, c) => {
    const { status, body } = toScimError(err);
    if (status === 500) deps.logger.error({ err }, 'SCIM inbound request failed');
    return send(c, status, body);
  });
  scim.use('*', async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const token = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim() ?? '';
    const source = token ? findSourceByToken(deps.db, token) : undefined;
    if (!source) {
      c.header('WWW-Authenticate', 'Bearer realm="Provisio SCIM"');
      return send(c, 401, scimError(401, "Send the source's inbound token as Authorization: Bearer <token>"));
    }
    c.set('source', { id: source.id, name: source.name });
    return next();
  });
  const ctx = (c: Context<ScimEnv>): InboundContext => ({
    dir,
    source: c.get('source'),
    baseUrl: `${publicOrigin(c, deps)}${SCIM_INBOUND_BASE}`,
  });
  const reply = (c: Context, r: ScimReply) => (r.status === 204 ? c.body(null, 204) : send(c, r.status, r.body));
  const page = (c: Context) => paging(c.req.query('startIndex'), c.req.query('count'));

  scim.get('/ServiceProviderConfig', (c) => send(c, 200, SERVICE_PROVIDER_CONFIG));
  scim.get('/ResourceTypes', (c) => send(c, 200, listResponse(RESOURCE_TYPES, RESOURCE_TYPES.length, 1)));
  scim.get('/Schemas', (c) => send(c, 200, listResponse(SCHEMAS, SCHEMAS.length, 1)));

  scim.get('/Users', (c) => send(c, 200, listScimUsers(ctx(c), { filter: c.req.query('filter'), ...page(c) })));
  scim.post('/Users', async (c) => {
    const r = createScimUser(ctx(c), await readBody(c));
    c.header('Location', (r.body as { meta: { location: string } }).meta.location);
    return reply(c, r);
  });
  scim.get('/Users/:id', (c) => reply(c, getScimUser(ctx(c), c.req.param('id'))));
  scim.put('/Users/:id', async (c) => reply(c, replaceScimUser(ctx(c), c.req.param('id'), await readBody(c))));
  scim.patch('/Users/:id', async (c) => reply(c, patchScimUser(ctx(c), c.req.param('id'), await readBody(c))));
  scim.delete('/Users/:id', (c) => reply(c, deleteScimUser(ctx(c), c.req.param('id'))));

  scim.get('/Groups', (c) =>
    send(
      c,
      200,
      listScimGroups(ctx(c), {
        filter: c.req.query('filter'),
        ...page(c),
        withMembers: wantsMembers(c.req.query('excludedAttributes')),
      }),
    ),
  );
  scim.post('/Groups', async (c) => {
    const r = createScimGroup(ctx(c), await readBody(c));
    c.header('Location', (r.body as { meta: { location: string } }).meta.location);
    return reply(c, r);
  });
  scim.get('/Groups/:id', (c) =>
    reply(c, getScimGroup(ctx(c), c.req.param('id'), wantsMembers(c.req.query('excludedAttributes')))),
  );
  scim.patch('/Groups/:id', async (c) => reply(c, patchScimGroup(ctx(c), c.req.param('id'), await readBody(c))));
  scim.delete('/Groups/:id', (c) => reply(c, deleteScimGroup(ctx(c), c.req.param('id'))));
  scim.all('*', (c) => send(c, 404, scimError(404, `No SCIM resource at ${c.req.path}`)));

  app.route(SCIM_INBOUND_BASE, scim);
}
