/**
 * Provisioning logs pages: the filtered list (GET form, so filters live in the URL) and one entry, which
 * answers the details partial for htmx and a full page otherwise.
 */
import type { Hono } from 'hono';
import { LogEntryPage } from '../../../views/pages/log-entry';
import { type LogFilterValues, LogsPage } from '../../../views/pages/logs';
import { queryString } from '../../../views/partials/format';
import { LogDetails } from '../../../views/partials/log-details';
import { listApplications } from '../../apps/applications';
import { NotFoundError, ValidationError } from '../../errors';
import { getLogRow, type LogRow, parseLogQuery, searchLogs } from '../../log/query';
import type { AppEnv, WebDeps } from '../env';

const PRESETS: Record<string, number> = { '24h': 24 * 3600e3, '7d': 7 * 24 * 3600e3, '30d': 30 * 24 * 3600e3 };

function filtersOf(q: Record<string, string>): LogFilterValues {
  const v = (k: string) => (q[k] ?? '').trim();
  return {
    appId: v('appId'),
    status: v('status'),
    action: v('action'),
    range: v('range'),
    from: v('from'),
    to: v('to'),
    identity: v('identity'),
    cycleId: v('cycleId'),
  };
}

/** A datetime-local value ("2026-11-28T09:30") is the viewer's wall time; `tz` is getTimezoneOffset() minutes. */
function toIso(value: string, tz: number, field: 'from' | 'to'): string | undefined {
  if (!value) return undefined;
  const explicitZone = /(Z|[+-]\d\d:?\d\d)$/i.test(value);
  const ms = explicitZone ? Date.parse(value) : Date.parse(`${value}Z`) + tz * 60_000;
  if (Number.isNaN(ms))
    throw new ValidationError(`"${field}" is not a date and time`, [{ path: field, message: 'invalid' }]);
  return new Date(ms).toISOString();
}

/** The API-level filters (ISO from/to) for the form values; presets count back from now. */
function apiFilters(f: LogFilterValues, tzRaw: string | undefined, now: number): Record<string, string | undefined> {
  const tzNum = Number(tzRaw);
  const tz = Number.isInteger(tzNum) && Math.abs(tzNum) <= 840 ? tzNum : 0;
  const preset = PRESETS[f.range];
  const from = preset ? new Date(now - preset).toISOString() : toIso(f.from, tz, 'from');
  const to = preset ? undefined : toIso(f.to, tz, 'to');
  return { appId: f.appId, status: f.status, action: f.action, identity: f.identity, cycleId: f.cycleId, from, to };
}

/** Mount the log pages (any role may read). */
export function mountLogPages(app: Hono<AppEnv>, deps: WebDeps): void {
  app.get('/logs', (c) => {
    const raw = c.req.query();
    const filters = filtersOf(raw);
    const apps = listApplications(deps.db).map((a) => ({ id: a.id, name: a.name }));
    let rows: LogRow[] = [];
    let next: string | null = null;
    let api: Record<string, string | undefined> = {};
    let error: string | undefined;
    try {
      api = apiFilters(filters, raw.tz, deps.clock.now());
      const page = searchLogs(deps.db, parseLogQuery({ ...api, cursor: raw.cursor, limit: '50' }));
      rows = page.items;
      next = page.nextCursor;
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      error = err.message;
    }
    const keep = { ...filters, tz: raw.tz };
    return c.html(
      <LogsPage
        actor={c.get('actor')}
        csrfToken={c.get('session')?.csrfToken}
        filters={filters}
        apps={apps}
        rows={rows}
        nextHref={next ? `/logs${queryString({ ...keep, cursor: next })}` : null}
        csvHref={`/api/v1/provisioning-logs/export.csv${queryString(api)}`}
        error={error}
      />,
    );
  });

  app.get('/logs/:id', (c) => {
    const row = getLogRow(deps.db, c.req.param('id'));
    if (!row) throw new NotFoundError('Provisioning log entry', c.req.param('id'));
    const appName = listApplications(deps.db).find((a) => a.id === row.appId)?.name;
    c.header('Vary', 'HX-Request');
    if (c.req.header('hx-request') === 'true') return c.html(<LogDetails row={row} appName={appName} />);
    return c.html(
      <LogEntryPage actor={c.get('actor')} csrfToken={c.get('session')?.csrfToken} row={row} appName={appName} />,
    );
  });
}
