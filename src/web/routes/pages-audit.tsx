/**
 * The audit log (read-only; any signed-in role may read it, secrets are redacted at write time):
 * GET /audit with filters and keyset paging, GET /audit/export as CSV with the same filters.
 */
import type { Hono } from 'hono';
import { type AuditFilterValues, AuditPage } from '../../../views/pages/audit';
import { listApplications } from '../../apps/applications';
import { auditCsv } from '../../audit/audit-csv';
import { idsIn, resolveNames } from '../../audit/audit-names';
import { type AuditQuery, auditActivities, parseAuditQuery, searchAudit } from '../../audit/audit-query';
import { ValidationError } from '../../kernel/errors';
import { csvDownload } from '../csv-download';
import type { AppEnv, WebDeps } from '../env';

const FIELDS = ['actor', 'activity', 'appId', 'result', 'from', 'to', 'q'] as const;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

function formOf(q: Record<string, string>): AuditFilterValues {
  const out = {} as AuditFilterValues;
  for (const k of FIELDS) out[k] = (q[k] ?? '').trim();
  return out;
}

/** Date-only From/To are whole UTC days (To inclusive). */
function parse(q: Record<string, string>): AuditQuery {
  const f = formOf(q);
  const from = DAY.test(f.from) ? `${f.from}T00:00:00.000Z` : f.from;
  const to = DAY.test(f.to) ? `${f.to}T23:59:59.999Z` : f.to;
  return parseAuditQuery({ ...f, from, to, cursor: q.cursor, limit: q.limit });
}

/** Mount the audit routes. There is deliberately no write route for audit rows. */
export function mountAuditPages(app: Hono<AppEnv>, deps: WebDeps): void {
  app.get('/audit', (c) => {
    const raw = c.req.query();
    const page = {
      actor: c.get('actor'),
      csrfToken: c.get('session')?.csrfToken,
      apps: listApplications(deps.db).map((a) => ({ id: a.id, name: a.name })),
      activities: auditActivities(deps.db),
      form: formOf(raw),
    };
    let query: AuditQuery;
    try {
      query = parse(raw);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return c.html(<AuditPage {...page} rows={[]} names={new Map()} next={null} error={err.message} />, 400);
    }
    const { rows, next } = searchAudit(deps.db, query);
    // Names are resolved now, not stored: the row keeps the id it was written with.
    const names = resolveNames(deps.db, idsIn(rows));
    return c.html(<AuditPage {...page} rows={rows} names={names} next={next} />);
  });

  app.get('/audit/export', (c) => {
    const query = parse(c.req.query());
    const stamp = new Date(deps.clock.now()).toISOString().slice(0, 10);
    return csvDownload(c, `provisio-audit-${stamp}.csv`, auditCsv(deps.db, query));
  });
}
