/** REST: /api/v1/provisioning-logs — search (keyset paged) and streamed CSV export. */
import type { Hono } from 'hono';
import { stream } from 'hono/streaming';
import { listApplications } from '../../apps/applications';
import { writeAudit } from '../../audit/audit-log';
import { NotFoundError } from '../../errors';
import { exportLogsCsv } from '../../log/csv-export';
import { getLogRow, logRowJson, parseLogQuery, searchLogs } from '../../log/query';
import type { AppEnv, WebDeps } from '../env';

/** Mount the provisioning-log API (any role may read). */
export function mountApiLogs(app: Hono<AppEnv>, deps: WebDeps): void {
  const base = '/api/v1/provisioning-logs';

  app.get(base, (c) => {
    const page = searchLogs(deps.db, parseLogQuery(c.req.query()));
    return c.json({ items: page.items.map(logRowJson), nextCursor: page.nextCursor });
  });

  app.get(`${base}/export.csv`, (c) => {
    const q = parseLogQuery(c.req.query());
    const names = new Map(listApplications(deps.db).map((a) => [a.id, a.name]));
    writeAudit(
      deps.db,
      c.get('actor'),
      { activity: 'logs.export', targetType: 'provisioning_log', after: c.req.query() },
      deps.clock.now(),
    );
    const stamp = new Date(deps.clock.now()).toISOString().replace(/[:.]/g, '-');
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="provisioning-logs-${stamp}.csv"`);
    c.header('Cache-Control', 'no-store');
    return stream(c, async (s) => {
      for await (const chunk of exportLogsCsv(deps.db, q, names)) {
        if (s.aborted) return;
        await s.write(chunk);
      }
    });
  });

  app.get(`${base}/:id`, (c) => {
    const row = getLogRow(deps.db, c.req.param('id'));
    if (!row) throw new NotFoundError('Provisioning log entry', c.req.param('id'));
    return c.json(logRowJson(row));
  });
}
