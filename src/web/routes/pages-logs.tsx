/**
 * Provisioning logs pages: the filtered list (GET form, so every filter lives in the URL; `entry` opens one
 * entry's flyout), one entry (the details partial for htmx, a full page otherwise) and the column chooser,
 * remembered per account.
 */
import type { Hono } from 'hono';
import { LogEntryPage } from '../../../views/pages/log-entry';
import { type LogFilterValues, LogsPage } from '../../../views/pages/logs';
import { queryString } from '../../../views/partials/format';
import { LogDetails, type LogDetailsProps } from '../../../views/partials/log-details';
import { listApplications } from '../../apps/applications';
import { NotFoundError, ValidationError } from '../../kernel/errors';
import { chooseLogColumns, getLogColumns } from '../../log/columns';
import { knownCode } from '../../log/known-codes';
import { countLogs, getLogRow, type LogRow, logQueryParams, parseLogQuery, searchLogs } from '../../log/query';
import { listRequests } from '../../log/requests';
import { sourceChoices } from '../../reports/source-activity';
import type { AppEnv, WebDeps } from '../env';
import { pageOrPartial } from '../htmx';

// A Map: `range` comes from the URL, and `range=constructor` must not find Object.prototype's constructor.
const PRESETS: ReadonlyMap<string, number> = new Map([
  ['24h', 24 * 3600e3],
  ['7d', 7 * 24 * 3600e3],
  ['30d', 30 * 24 * 3600e3],
]);
const TEXT_FIELDS = ['appId', 'status', 'action', 'range', 'from', 'to', 'identity', 'jobId', 'cycleId'] as const;
const MORE_FIELDS = ['changeId', 'sourceSystem', 'targetSystem', 'errorCode', 'q', 'sort'] as const;

function filtersOf(q: Record<string, string>): LogFilterValues {
  const out = {} as LogFilterValues;
  for (const k of [...TEXT_FIELDS, ...MORE_FIELDS]) out[k] = (q[k] ?? '').trim();
  return out;
}

/** A datetime-local value ("2026-11-28T09:30") is the viewer's wall time; `tz` is getTimezoneOffset() minutes. */
function toIso(value: string, tz: number, field: 'from' | 'to'): string | undefined {
  if (!value) return undefined;
  const explicitZone = /(Z|[+-]\d\d:?\d\d)$/i.test(value);
  const ms = explicitZone ? Date.parse(value) : Date.parse(`${value}Z`) + tz * 60_000;
  // Checked after the offset: a valid date at the edge of the Date range (+275760-09-13) leaves it once shifted.
  if (Number.isNaN(new Date(ms).getTime()))
    throw new ValidationError(`"${field}" is not a date and time`, [{ path: field, message: 'invalid' }]);
  return new Date(ms).toISOString();
}

/** The API-level filters (ISO from/to, UTC) for the form values; presets count back from now. */
function apiFilters(f: LogFilterValues, tzRaw: string | undefined, now: number): Record<string, string | undefined> {
  const tzNum = Number(tzRaw);
  const tz = Number.isInteger(tzNum) && Math.abs(tzNum) <= 840 ? tzNum : 0;
  const preset = PRESETS.get(f.range);
  if (f.range && f.range !== 'custom' && preset === undefined)
    throw new ValidationError(`"range" must be 24h, 7d, 30d or custom`, [{ path: 'range', message: 'invalid' }]);
  const from = preset ? new Date(now - preset).toISOString() : toIso(f.from, tz, 'from');
  const to = preset ? undefined : toIso(f.to, tz, 'to');
  const { range: _r, from: _f, to: _t, ...rest } = f;
  return { ...rest, from, to };
}

/** Applications, then directory sources under the key their inbound rows carry, so the filter and the
 * Application column name both (issue 14). */
function appsOf(deps: WebDeps) {
  return [...listApplications(deps.db).map((a) => ({ id: a.id, name: a.name })), ...sourceChoices(deps.db)];
}

/** One entry's details (the flyout, the entry page and the htmx partial show the same), or null. */
function detailsOf(deps: WebDeps, id: string): LogDetailsProps | null {
  const row = getLogRow(deps.db, id);
  if (!row) return null;
  return {
    row,
    appName: appsOf(deps).find((a) => a.id === row.appId)?.name,
    requests: listRequests(deps.db, row.id),
    known: knownCode(row.errorCode),
  };
}

/** Mount the log pages (any role may read; the column choice is the signed-in account's own). */
export function mountLogPages(app: Hono<AppEnv>, deps: WebDeps): void {
  app.get('/logs', (c) => {
    const raw = c.req.query();
    const filters = filtersOf(raw);
    const apps = appsOf(deps);
    let rows: LogRow[] = [];
    let next: string | null = null;
    let api: Record<string, string | undefined> = {};
    let total: ReturnType<typeof countLogs> = null;
    let error: string | undefined;
    try {
      const q = parseLogQuery({ ...apiFilters(filters, raw.tz, deps.clock.now()), cursor: raw.cursor, limit: '50' });
      api = logQueryParams(q);
      const page = searchLogs(deps.db, q);
      rows = page.items;
      next = page.nextCursor;
      total = countLogs(deps.db, q);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      error = err.message;
    }
    const keep = { ...filters, tz: raw.tz };
    const session = c.get('session');
    // `entry` opens that row's details in the flyout, so a selected row survives a reload or a shared link.
    const entry = raw.entry?.trim();
    const selected = entry ? (detailsOf(deps, entry) ?? undefined) : undefined;
    return c.html(
      <LogsPage
        actor={c.get('actor')}
        csrfToken={session?.csrfToken}
        filters={filters}
        apps={apps}
        rows={rows}
        total={total}
        columns={getLogColumns(deps.db, session?.accountId)}
        canChooseColumns={session !== null}
        selfHref={`/logs${queryString(keep)}`}
        nextHref={next ? `/logs${queryString({ ...keep, cursor: next })}` : null}
        exportQuery={queryString(api)}
        error={error}
        selected={selected}
        entryMissing={Boolean(entry) && !selected}
      />,
      error ? 400 : 200,
    );
  });

  app.post('/logs/columns', async (c) => {
    const session = c.get('session');
    if (!session) throw new ValidationError('Columns are remembered for signed-in accounts only');
    const body = await c.req.parseBody({ all: true });
    const picked = body.columns;
    const list = (Array.isArray(picked) ? picked : [picked]).filter((v): v is string => typeof v === 'string');
    chooseLogColumns(deps, c.get('actor'), session.accountId, list);
    const back = typeof body.back === 'string' && body.back.startsWith('/logs') ? body.back : '/logs';
    return c.redirect(back, 303);
  });

  app.get('/logs/:id', (c) => {
    const details = detailsOf(deps, c.req.param('id'));
    if (!details) throw new NotFoundError('Provisioning log entry', c.req.param('id'));
    return pageOrPartial(
      c,
      () => <LogEntryPage actor={c.get('actor')} csrfToken={c.get('session')?.csrfToken} details={details} />,
      () => <LogDetails {...details} />,
    );
  });
}
