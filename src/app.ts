/**
 * createApp(deps): the Hono app with every route module mounted, here and only here. It never listens; main.ts
 * and tests serve it.
 */
import { Hono } from 'hono';
import { authenticate } from './web/auth';
import { bodyLimits } from './web/body-limits';
import type { AppEnv, WebDeps } from './web/env';
import { errorHandler, notFoundHandler } from './web/errors';
import { securityHeaders } from './web/headers';
import { mountApiAlerts } from './web/routes/api-alerts';
import { mountApiApplications } from './web/routes/api-applications';
import { mountApiDirectory } from './web/routes/api-directory';
import { mountApiGraphLogs } from './web/routes/api-graph-logs';
import { mountApiGroups } from './web/routes/api-groups';
import { mountApiLogStreams } from './web/routes/api-log-streams';
import { mountApiLogs } from './web/routes/api-logs';
import { mountApiMappingDrafts } from './web/routes/api-mapping-drafts';
import { mountApiMappings } from './web/routes/api-mappings';
import { mountApiOperate } from './web/routes/api-operate';
import { mountApiSources } from './web/routes/api-sources';
import { mountLogin } from './web/routes/login';
import { mountMyAccountPages } from './web/routes/pages-account';
import { mountAccountPages } from './web/routes/pages-accounts';
import { mountAlertPages } from './web/routes/pages-alerts';
import { mountAppPages } from './web/routes/pages-app';
import { mountAppAssignPages } from './web/routes/pages-app-assign';
import { mountAppGroupSettings } from './web/routes/pages-app-groups';
import { mountAppHealthPages } from './web/routes/pages-app-health';
import { mountAppPropertiesPages } from './web/routes/pages-app-properties';
import { mountNewAppSandbox } from './web/routes/pages-app-sandbox';
import { mountAppTestMail } from './web/routes/pages-app-test-mail';
import { mountAuditPages } from './web/routes/pages-audit';
import { mountDirectoryPages } from './web/routes/pages-directory';
import { mountDirectoryAttributePages } from './web/routes/pages-directory-attributes';
import { mountDirectoryGroupEditPages } from './web/routes/pages-directory-group-edit';
import { mountDirectoryGroupPages } from './web/routes/pages-directory-groups';
import { mountDirectoryImportPages } from './web/routes/pages-directory-import';
import { mountDirectoryUserPages } from './web/routes/pages-directory-user';
import { mountLdapSourcePages } from './web/routes/pages-ldap-source';
import { mountLogStreamPages } from './web/routes/pages-log-streams';
import { mountLogPages } from './web/routes/pages-logs';
import { mountMappingDraftPages } from './web/routes/pages-mapping-drafts';
import { mountMappingPages } from './web/routes/pages-mappings';
import { mountNotifySettingsPages } from './web/routes/pages-notify-settings';
import { mountOperatePages } from './web/routes/pages-operate';
import { mountOperateDriftPages } from './web/routes/pages-operate-drift';
import { mountOverviewPages } from './web/routes/pages-overview';
import { mountReportPages } from './web/routes/pages-reports';
import { mountSettingsPages } from './web/routes/pages-settings';
import { mountSourcePages } from './web/routes/pages-sources';
import { mountTokenPages } from './web/routes/pages-tokens';
import { mountScimInbound } from './web/routes/scim-inbound';
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
  // The SCIM inbound endpoint answers to a source's bearer token only, before (and instead of) session auth.
  mountScimInbound(app, deps);
  mountLogin(app, deps);
  app.use('*', authenticate(deps));
  if (deps.metrics) {
    const registry = deps.metrics.registry;
    app.get('/metrics', async (c) => c.body(await registry.metrics(), 200, { 'Content-Type': registry.contentType }));
  }
  // Every route module is mounted here and nowhere else: this list is the app's whole surface. Where two
  // patterns match one path (`/apps/new` and `/apps/:id`, the log exports and `/provisioning-logs/:id`) both
  // live in one module, which orders them; across modules the order below does not matter.
  mountApiDirectory(app, deps);
  mountApiGroups(app, deps);
  mountApiApplications(app, deps);
  mountApiOperate(app, deps);
  mountApiMappingDrafts(app, deps);
  mountApiMappings(app, deps);
  mountApiLogs(app, deps);
  mountApiGraphLogs(app, deps);
  mountApiLogStreams(app, deps);
  mountApiSources(app, deps);
  mountApiAlerts(app, deps);
  // Pages, after the auth middleware: every handler has an actor (and a session for browser users).
  mountOverviewPages(app, deps);
  mountNewAppSandbox(app, deps);
  mountAppPages(app, deps);
  mountAppAssignPages(app, deps);
  mountAppHealthPages(app, deps);
  mountAppGroupSettings(app, deps);
  mountAppTestMail(app, deps);
  mountAppPropertiesPages(app, deps);
  mountMappingDraftPages(app, deps);
  mountMappingPages(app, deps);
  mountLogPages(app, deps);
  mountLogStreamPages(app, deps);
  mountDirectoryPages(app, deps);
  mountDirectoryAttributePages(app, deps);
  mountDirectoryGroupEditPages(app, deps);
  mountDirectoryGroupPages(app, deps);
  mountDirectoryImportPages(app, deps);
  mountDirectoryUserPages(app, deps);
  mountReportPages(app, deps);
  mountAuditPages(app, deps);
  mountOperatePages(app, deps);
  mountOperateDriftPages(app, deps);
  mountSettingsPages(app, deps);
  mountNotifySettingsPages(app, deps);
  mountAccountPages(app, deps);
  mountTokenPages(app, deps);
  mountSourcePages(app, deps);
  mountLdapSourcePages(app, deps);
  mountMyAccountPages(app, deps);
  mountAlertPages(app, deps);
  app.notFound(notFoundHandler);
  return app;
}
