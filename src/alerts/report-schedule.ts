/**
 * Due report subscriptions become mails in the outbox: the report's CSV exactly as the page's export gives it
 * (BOM included), and a short HTML summary (totals, success rate, top errors) with a link to the live page.
 * A subscription whose runs were missed (server down) sends once and moves to its next future run.
 */
import { eq, lte } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { reportSubscriptions } from '../../db/schema';
import type { SecretBox } from '../auth/secret-box';
import type { Clock } from '../kernel/clock';
import { UTF8_BOM } from '../kernel/csv-cell';
import { activitySeries, topErrorCodes } from '../reports/queries';
import { parseReportRange, type ReportRange, reportRangeParams } from '../reports/range';
import { reportCsv } from '../reports/report-csv';
import { buildReports, type ReportKey } from '../reports/report-tables';
import { enqueue } from './outbox';
import { type Frequency, nextRun } from './report-subscriptions';

export interface ReportScheduleDeps {
  db: Db;
  clock: Clock;
  secrets: SecretBox;
  publicUrl: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Totals, success rate and top errors of a range (what the summary says). */
export function reportSummary(db: Db, r: ReportRange) {
  const totals: Record<string, number> = { success: 0, failure: 0, warning: 0, skipped: 0 };
  for (const s of activitySeries(db, r))
    for (const [k, n] of Object.entries(s.byStatus)) totals[k] = (totals[k] ?? 0) + n;
  const counted = (totals.success ?? 0) + (totals.failure ?? 0) + (totals.warning ?? 0);
  const successRate = counted === 0 ? null : (totals.success ?? 0) / counted;
  return { totals, successRate, topErrors: topErrorCodes(db, r, 5) };
}

/** The mail of one subscription at `now`. */
export function reportMail(deps: ReportScheduleDeps, sub: { reportKey: string; range: string; appId: string | null }) {
  const now = deps.clock.now();
  const range = parseReportRange({ range: sub.range, appId: sub.appId ?? undefined }, now);
  const [table] = buildReports(deps.db, range, sub.reportKey as ReportKey);
  if (!table) throw new Error(`unknown report ${sub.reportKey}`);
  const stamp = new Date(now).toISOString().slice(0, 10);
  const filename = `provisio-${sub.reportKey}-${range.range}-${stamp}.csv`;
  const s = reportSummary(deps.db, range);
  const q = new URLSearchParams(
    Object.entries(reportRangeParams(range)).filter((e): e is [string, string] => e[1] !== undefined),
  );
  const link = `${deps.publicUrl.replace(/\/+$/, '')}/reports?${q.toString()}`;
  const rate = s.successRate === null ? 'n/a' : `${(s.successRate * 100).toFixed(1)} %`;
  const totals = Object.entries(s.totals).map(([k, n]) => `${k}: ${n}`);
  const errors = s.topErrors.map((e) => `${e.errorCode} (${e.count})`);
  const what = `${table.title}, ${range.range}${sub.appId ? `, application ${sub.appId}` : ''}`;
  return {
    subject: `[Provisio] Report: ${what}`,
    text: [what, '', ...totals, `Success rate: ${rate}`, `Top errors: ${errors.join(', ') || 'none'}`, '', link].join(
      '\n',
    ),
    html: [
      `<h1>${esc(what)}</h1>`,
      `<p>${totals.map(esc).join(' · ')}<br>Success rate: ${esc(rate)}</p>`,
      `<p>Top errors: ${errors.length ? `</p><ul>${errors.map((e) => `<li>${esc(e)}</li>`).join('')}</ul>` : 'none</p>'}`,
      `<p><a href="${esc(link)}">Open the live report</a>. The CSV is attached.</p>`,
    ].join('\n'),
    attachments: [{ filename, content: UTF8_BOM + reportCsv(table), contentType: 'text/csv; charset=utf-8' }],
  };
}

/** Queue the mails of every due subscription and move each to its next run. */
export function queueDueReports(deps: ReportScheduleDeps): number {
  const now = deps.clock.now();
  const due = deps.db.select().from(reportSubscriptions).where(lte(reportSubscriptions.nextRunAt, now)).all();
  for (const sub of due) {
    const mail = reportMail(deps, sub);
    let next = sub.nextRunAt;
    while (next <= now) next = nextRun(sub.frequency as Frequency, next);
    deps.db.transaction((tx) => {
      const to = JSON.parse(sub.recipients) as string[];
      enqueue(
        tx,
        deps.secrets,
        { subjectType: 'report', subjectId: sub.id, event: 'report', channel: { type: 'email', to }, body: mail },
        now,
      );
      tx.update(reportSubscriptions)
        .set({ nextRunAt: next, lastRunAt: now })
        .where(eq(reportSubscriptions.id, sub.id))
        .run();
    });
  }
  return due.length;
}
