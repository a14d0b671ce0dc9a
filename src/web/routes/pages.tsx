/**
 * The browser pages (htmx + hono/jsx). Each screen lives in its own module; this file only mounts them.
 * Mounted after the auth middleware, so every handler has an actor (and a session for browser users).
 */
import type { Hono } from 'hono';
import type { AppEnv, WebDeps } from '../env';
import { mountAppPages } from './pages-app';
import { mountAuditPages } from './pages-audit';
import { mountDirectoryPages } from './pages-directory';
import { mountLogPages } from './pages-logs';
import { mountMappingPages } from './pages-mappings';
import { mountOverviewPages } from './pages-overview';
import { mountReportPages } from './pages-reports';

/** Mount every page route. `/apps/new` is mounted before `/apps/:id` by mountAppPages. */
export function mountPages(app: Hono<AppEnv>, deps: WebDeps): void {
  mountOverviewPages(app, deps);
  mountAppPages(app, deps);
  mountMappingPages(app, deps);
  mountLogPages(app, deps);
  mountDirectoryPages(app, deps);
  mountReportPages(app, deps);
  mountAuditPages(app, deps);
}
