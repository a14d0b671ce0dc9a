/** createApp(deps): the Hono app with every route mounted. It never listens; main.ts and tests serve it. */
import { Hono } from 'hono';
import { authenticate } from './web/auth';
import { bodyLimits } from './web/body-limits';
import type { AppEnv, WebDeps } from './web/env';
import { errorHandler, notFoundHandler } from './web/errors';
import { securityHeaders } from './web/headers';
import { mountApiApplications } from './web/routes/api-applications';
import { mountApiDirectory } from './web/routes/api-directory';
import { mountApiGraphLogs } from './web/routes/api-graph-logs';
import { mountApiLogs } from './web/routes/api-logs';
import { mountApiMappings } from './web/routes/api-mappings';
import { mountApiOperate } from './web/routes/api-operate';
import { mountLogin } from './web/routes/login';
import { mountPages } from './web/routes/pages';
import { mountMyAccountPages } from './web/routes/pages-account';
import { mountAccountPages } from './web/routes/pages-accounts';
import { mountNotifySettingsPages } from './web/routes/pages-notify-settings';
import { mountOperatePages } from './web/routes/pages-operate';
import { mountSettingsPages } from './web/routes/pages-settings';
import { mountTokenPages } from './web/routes/pages-tokens';
import { mountStatic } from './web/static';

/** Build the application. */
export function createApp(deps: WebDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.onError(errorHandler(deps.logger));
  app.use(securityHeaders(deps));
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  mountStatic(app);
  // The sandbox is a separate SCIM app with its own bearer token; it must not see our sessions.
  if (deps.sandbox) app.route('/sandbox/scim/v2', deps.sandbox);
  app.use('*', bodyLimits());
  mountLogin(app, deps);
  app.use('*', authenticate(deps));
  if (deps.metrics) {
    const registry = deps.metrics.registry;
    app.get('/metrics', async (c) => c.body(await registry.metrics(), 200, { 'Content-Type': registry.contentType }));
  }
  mountApiDirectory(app, deps);
  mountApiApplications(app, deps);
  mountApiOperate(app, deps);
  mountApiMappings(app, deps);
  mountApiLogs(app, deps);
  mountApiGraphLogs(app, deps);
  mountPages(app, deps);
  mountOperatePages(app, deps);
  mountSettingsPages(app, deps);
  mountNotifySettingsPages(app, deps);
  mountAccountPages(app, deps);
  mountTokenPages(app, deps);
  mountMyAccountPages(app, deps);
  app.notFound(notFoundHandler);
  return app;
}
