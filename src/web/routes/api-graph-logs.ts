/**
 * GET /api/v1/auditLogs/provisioning in the Microsoft Graph shape (`value`, `@odata.nextLink`), so Graph
 * tooling and scripts written for Entra can point at Provisio. Errors keep Graph's `{ error: { code, message } }`.
 */
import type { Hono } from 'hono';
import { graphList } from '../../log/graph-query';
import type { AppEnv, WebDeps } from '../env';
import { appNameMap } from './api-logs';

const PATH = '/api/v1/auditLogs/provisioning';

/** Mount the Graph-style provisioning log list (any role may read). */
export function mountApiGraphLogs(app: Hono<AppEnv>, deps: WebDeps): void {
  app.get(PATH, (c) => {
    const params = c.req.query();
    const page = graphList(deps.db, params, appNameMap(deps.db));
    // Never from the request's Host header: a forged Host would make a client send its token elsewhere on
    // the next page (issue 12). Without PROVISIO_PUBLIC_URL the links are relative to the server.
    const origin = deps.config.publicUrl?.replace(/\/+$/, '') ?? '';
    let nextLink: string | undefined;
    if (page.nextSkiptoken) {
      const sp = new URLSearchParams();
      if (page.options.filter) sp.set('$filter', page.options.filter);
      sp.set('$top', String(page.options.top));
      sp.set('$orderby', `activityDateTime ${page.options.sort === 'date-asc' ? 'asc' : 'desc'}`);
      sp.set('$skiptoken', page.nextSkiptoken);
      nextLink = `${origin}${PATH}?${sp.toString()}`;
    }
    return c.json({
      '@odata.context': `${origin}/api/v1/$metadata#auditLogs/provisioning`,
      value: page.value,
      ...(nextLink ? { '@odata.nextLink': nextLink } : {}),
    });
  });
}
