/**
 * Per-source figures for the overview (issue 14): what each directory source owns and what it changed in the
 * directory in the last 24 hours. Inbound log rows carry `source:<id>` as their appId, so one grouped query over
 * the hourly rollup answers every source, and the newest change is one plog_app_time_idx lookup per source.
 */
import type { Db } from '../../db/client';
import { listSources } from '../sources/sources';
import { HOUR_MS } from './range';

export interface SourceActivity {
  id: string;
  /** The appId and jobId its inbound log rows carry: the log filter selects them by it. */
  logKey: string;
  name: string;
  type: string;
  users: number;
  groups: number;
  created: number;
  updated: number;
  disabled: number;
  deleted: number;
  failed: number;
  /** The newest inbound change (any time), or null before the first one. */
  lastChangeAt: number | null;
}

/** The key inbound rows of a source are logged under. */
export const sourceLogKey = (id: string) => `source:${id}`;

/** Sources as filter choices beside applications: keyed as their log rows are, marked as sources. */
export function sourceChoices(db: Db): { id: string; name: string }[] {
  return listSources(db).map((s) => ({ id: sourceLogKey(s.id), name: `${s.name} (source)` }));
}

/** One entry per source, in name order. */
export function sourceActivity(db: Db, now: number): SourceActivity[] {
  // From the hourly rollup (fed by the log writer, inbound rows included), over the same 24 hourly
  // buckets as the application cards; the prefix range (':' + 1 is ';') keeps it to source keys.
  const toHour = Math.floor(now / HOUR_MS) + 1;
  const counts = db.$client
    .prepare(
      `SELECT app_id AS appId,
         sum(CASE WHEN status <> 'failure' AND action = 'create' THEN n ELSE 0 END) AS created,
         sum(CASE WHEN status <> 'failure' AND action = 'update' THEN n ELSE 0 END) AS updated,
         sum(CASE WHEN status <> 'failure' AND action = 'disable' THEN n ELSE 0 END) AS disabled,
         sum(CASE WHEN status <> 'failure' AND action = 'delete' THEN n ELSE 0 END) AS deleted,
         sum(CASE WHEN status = 'failure' THEN n ELSE 0 END) AS failed
       FROM log_rollup_hourly WHERE hour >= ? AND hour < ? AND app_id >= 'source:' AND app_id < 'source;'
       GROUP BY app_id`,
    )
    .all(toHour - 24, toHour) as {
    appId: string;
    created: number;
    updated: number;
    disabled: number;
    deleted: number;
    failed: number;
  }[];
  const last = db.$client.prepare('SELECT max(activity_date_time) AS at FROM provisioning_log WHERE app_id = ?');
  return listSources(db).map((s) => {
    const logKey = sourceLogKey(s.id);
    const c = counts.find((x) => x.appId === logKey);
    const at = (last.get(logKey) as { at: number | null } | undefined)?.at ?? null;
    return {
      id: s.id,
      logKey,
      name: s.name,
      type: s.type,
      users: s.users,
      groups: s.groups,
      created: c?.created ?? 0,
      updated: c?.updated ?? 0,
      disabled: c?.disabled ?? 0,
      deleted: c?.deleted ?? 0,
      failed: c?.failed ?? 0,
      lastChangeAt: at,
    };
  });
}
