/**
 * The built-in sandbox SCIM 2.0 app (server side): a Hono sub-app over scimmy, standing in for a SaaS app's
 * provisioning endpoint. main.ts mounts it at /sandbox/scim/v2; tests serve it on a loopback port.
 */
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import SCIMMY from 'scimmy';
import { bearerAuth, errorResponse, type SandboxLogger, scimJson } from './http';
import { errorBody } from './protocol';
import { mountResource, type Run } from './resource-routes';
import { declareSandboxResources } from './resources';
import type { SandboxStore } from './store';

/** What the sandbox app needs: its store (data and token) and, optionally, somewhere to log internal errors. */
export interface SandboxAppOptions {
  store: SandboxStore;
  logger?: SandboxLogger;
  /**
   * Accept Entra's legacy string booleans (`"active": "False"`, see entra-compat.ts); default on. Off, the
   * sandbox is as strict about types as scimmy's schema checks (tests prove type conversion against it).
   */
  entraCompat?: boolean;
}

const MAX_BODY_BYTES = 5 * 1024 * 1024;

/** Build the sandbox app; its routes are relative to the mount point (`/Users`, `/Groups`, `/Schemas`, ...). */
export function createSandboxApp(opts: SandboxAppOptions): Hono {
  declareSandboxResources();
  const app = new Hono();
  const run: Run = (handler) => async (c) => {
    try {
      return await handler(c);
    } catch (err) {
      return errorResponse(err, opts.logger);
    }
  };
  const discovery = (make: (c: Context) => SCIMMY.Types.Resource) =>
    run(async (c) => scimJson(await make(c).read(), 200));

  app.use(
    '*',
    bearerAuth(() => opts.store.token()),
  );
  app.use(
    '*',
    bodyLimit({ maxSize: MAX_BODY_BYTES, onError: () => scimJson(errorBody(413, 'Request body too large'), 413) }),
  );
  const compat = opts.entraCompat ?? true;
  mountResource(app, 'User', opts.store, run, compat);
  mountResource(app, 'Group', opts.store, run, compat);

  // Discovery (RFC 7644 §4). scimmy builds these from its declarations and SCIMMY.Config.
  app.get(
    '/ServiceProviderConfig',
    discovery(() => new SCIMMY.Resources.ServiceProviderConfig()),
  );
  app.get(
    '/Schemas',
    discovery(() => new SCIMMY.Resources.Schema()),
  );
  app.get(
    '/Schemas/:id',
    discovery((c) => new SCIMMY.Resources.Schema(c.req.param('id'))),
  );
  app.get(
    '/ResourceTypes',
    discovery(() => new SCIMMY.Resources.ResourceType()),
  );
  app.get(
    '/ResourceTypes/:id',
    discovery((c) => new SCIMMY.Resources.ResourceType(c.req.param('id'))),
  );
  // Bulk is advertised as unsupported in ServiceProviderConfig; RFC 7644 §3.7 says 501 then.
  app.post('/Bulk', () => scimJson(errorBody(501, 'Bulk operations are not supported'), 501));
  app.all('*', (c: Context) => scimJson(errorBody(404, `No SCIM endpoint for ${c.req.method} ${c.req.path}`), 404));
  return app;
}
