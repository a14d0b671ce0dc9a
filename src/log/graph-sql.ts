/**
 * $filter AST → SQL over provisioning_log. Values only ever travel as drizzle parameters; property paths are
 * looked up in a fixed table, so nothing from the request becomes SQL text. Comparisons are case-insensitive
 * (Entra's are case-sensitive, a known complaint): text columns are compared lowered, which costs their index;
 * enum equality is resolved to the stored spelling first, so their index still applies.
 */
import { and, or, type SQL, sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { applications, provisioningLog as t } from '../../db/schema';
import { type FilterExpr, FilterSyntaxError, type Literal } from './graph-filter';
import type { KeyKind } from './object-keys';

type Kind = 'id' | 'text' | 'enum' | 'date' | 'number' | 'appName';
type Prop = { kind: Kind; column: SQLiteColumn };

// A Map, not an object literal: a path such as `__proto__` or `constructor` must be unknown, not Object.prototype's.
const PROPS: ReadonlyMap<string, Prop> = new Map(
  Object.entries({
    id: { kind: 'id', column: t.id },
    changeid: { kind: 'id', column: t.id },
    activitydatetime: { kind: 'date', column: t.activityDateTime },
    jobid: { kind: 'id', column: t.jobId },
    cycleid: { kind: 'id', column: t.cycleId },
    provisioningaction: { kind: 'enum', column: t.provisioningAction },
    durationinmilliseconds: { kind: 'number', column: t.durationMs },
    'initiatedby/displayname': { kind: 'text', column: t.initiatedByName },
    'initiatedby/initiatortype': { kind: 'enum', column: t.initiatedByType },
    'serviceprincipal/id': { kind: 'id', column: t.appId },
    'serviceprincipal/name': { kind: 'appName', column: t.appId },
    'serviceprincipal/displayname': { kind: 'appName', column: t.appId },
    'sourceidentity/id': { kind: 'id', column: t.sourceId },
    'sourceidentity/displayname': { kind: 'text', column: t.sourceDisplayName },
    'sourceidentity/identitytype': { kind: 'enum', column: t.sourceType },
    'targetidentity/id': { kind: 'id', column: t.targetId },
    'targetidentity/displayname': { kind: 'text', column: t.targetDisplayName },
    'targetidentity/identitytype': { kind: 'enum', column: t.sourceType },
    'sourcesystem/displayname': { kind: 'text', column: t.sourceSystem },
    'targetsystem/displayname': { kind: 'text', column: t.targetSystem },
    'provisioningstatusinfo/status': { kind: 'enum', column: t.status },
    'provisioningstatusinfo/errorinformation/errorcode': { kind: 'text', column: t.errorCode },
    'provisioningstatusinfo/errorinformation/errorcategory': { kind: 'text', column: t.errorCategory },
    'provisioningstatusinfo/errorinformation/reason': { kind: 'text', column: t.errorReason },
    'provisioningstatusinfo/errorinformation/recommendedaction': { kind: 'text', column: t.recommendedAction },
  } satisfies Record<string, Prop>),
);

/** The property paths $filter accepts (for error messages and docs). */
export const FILTER_PROPERTIES = [...PROPS.keys()];

// Stored spellings of enum values (statuses, actions, initiator and identity types), by lower case.
const ENUM_SPELLING = new Map(
  ['success', 'failure', 'skipped', 'warning', 'create', 'update', 'delete', 'disable', 'other', 'stagedDelete']
    .concat(['system', 'user', 'application', 'group'])
    .map((v) => [v.toLowerCase(), v]),
);

const OPS = { eq: '=', ne: 'is not', gt: '>', ge: '>=', lt: '<', le: '<=' } as const;

function escapeLike(v: string): string {
  return v.replace(/[%_\\]/g, (m) => `\\${m}`);
}

function textOf(v: Literal, what: string): string {
  if (v.type === 'string') return v.value;
  if (v.type === 'number') return String(v.value);
  throw new FilterSyntaxError(`${what} needs a quoted string`, v.pos);
}

function numberOf(v: Literal, kind: 'date' | 'number'): number {
  if (kind === 'number' && v.type === 'number') return v.value;
  if (kind === 'date' && v.type === 'datetime') return v.value;
  if (kind === 'date' && v.type === 'string' && !Number.isNaN(Date.parse(v.value))) return Date.parse(v.value);
  throw new FilterSyntaxError(
    kind === 'date' ? 'expected a date such as 2026-11-28T10:00:00Z' : 'expected a number',
    v.pos,
  );
}

function comparison(p: Prop, op: keyof typeof OPS, v: Literal): SQL {
  const col = p.column;
  if (v.type === 'null') {
    if (op === 'eq') return sql`${col} is null`;
    if (op === 'ne') return sql`${col} is not null`;
    throw new FilterSyntaxError(`${op} cannot compare with null`, v.pos);
  }
  const sqlOp = sql.raw(OPS[op]);
  if (p.kind === 'date' || p.kind === 'number') return sql`${col} ${sqlOp} ${numberOf(v, p.kind)}`;
  const value = textOf(v, 'this property');
  if (p.kind === 'appName')
    return sql`${col} in (select ${applications.id} from ${applications} where lower(${applications.name}) ${sqlOp} lower(${value}))`;
  // An enum value is matched to its stored spelling in code, so equality keeps the column's index usable.
  const stored = p.kind === 'enum' ? ENUM_SPELLING.get(value.toLowerCase()) : undefined;
  if (stored !== undefined && (op === 'eq' || op === 'ne')) return sql`${col} ${sqlOp} ${stored}`;
  return sql`lower(${col}) ${sqlOp} lower(${value})`;
}

function fnCall(p: Prop, fn: 'contains' | 'startswith' | 'endswith', v: Literal): SQL {
  if (p.kind === 'date' || p.kind === 'number') throw new FilterSyntaxError(`${fn} needs a text property`, v.pos);
  const text = escapeLike(textOf(v, fn).toLowerCase());
  const pattern = fn === 'contains' ? `%${text}%` : fn === 'startswith' ? `${text}%` : `%${text}`;
  if (p.kind === 'appName')
    return sql`${p.column} in (select ${applications.id} from ${applications} where lower(${applications.name}) like ${pattern} escape '\\')`;
  return sql`lower(${p.column}) like ${pattern} escape '\\'`;
}

/** Compile a parsed $filter; unknown properties and type mismatches throw FilterSyntaxError with a position. */
export function filterToSql(e: FilterExpr): SQL {
  if (e.kind === 'cmp' || e.kind === 'fn') {
    const p = PROPS.get(e.path.toLowerCase());
    if (!p) throw new FilterSyntaxError(`unknown property "${e.path}"`, e.pathPos);
    return e.kind === 'cmp' ? comparison(p, e.op, e.value) : fnCall(p, e.fn, e.value);
  }
  const joined = (e.kind === 'and' ? and : or)(filterToSql(e.left), filterToSql(e.right));
  return joined ?? sql`1`;
}

/**
 * An equality the candidate window can start from: `values` of one indexed column. `timed` says the column's
 * index continues with activity_date_time (so the window walks it in time order and stops after its budget);
 * the others (id, source id, target id) index one object each, whose rows are few. `resolve` says the values
 * are spellings to look up first: the filter compares case-insensitively, an index compares exactly.
 */
export interface Driver {
  column: SQLiteColumn;
  timed: boolean;
  index: string | null;
  /** Source and target ids have no index: their rows are found through provisioning_log_keys (object-keys.ts). */
  key?: KeyKind;
  values: string[];
  resolve: 'variants' | 'appName' | 'none';
}

// Most selective first: one object, one cycle, one job, an error code, one app, then the wide enums.
// `index` is named in the window's INDEXED BY: with ANALYZE statistics SQLite may prefer walking the time index
// and testing the column, which reads the whole log when the value is rare. (The primary key needs no hint.)
const DRIVERS: ReadonlyMap<string, { timed: boolean; rank: number; index: string | null; key?: KeyKind }> = new Map([
  ['id', { timed: false, rank: 0, index: null }],
  ['changeid', { timed: false, rank: 0, index: null }],
  ['sourceidentity/id', { timed: false, rank: 1, index: null, key: 'source' }],
  ['targetidentity/id', { timed: false, rank: 1, index: null, key: 'target' }],
  ['cycleid', { timed: true, rank: 2, index: 'plog_cycle_time_idx' }],
  ['jobid', { timed: true, rank: 3, index: 'plog_job_time_idx' }],
  ['provisioningstatusinfo/errorinformation/errorcode', { timed: true, rank: 4, index: 'plog_error_time_idx' }],
  ['serviceprincipal/id', { timed: true, rank: 5, index: 'plog_app_time_idx' }],
  ['serviceprincipal/name', { timed: true, rank: 5, index: 'plog_app_time_idx' }],
  ['serviceprincipal/displayname', { timed: true, rank: 5, index: 'plog_app_time_idx' }],
  ['provisioningaction', { timed: true, rank: 6, index: 'plog_action_time_idx' }],
  ['provisioningstatusinfo/status', { timed: true, rank: 7, index: 'plog_status_time_idx' }],
]);

/** The conjuncts of the top-level `and` chain (a filter row must satisfy every one). */
export function conjuncts(e: FilterExpr): FilterExpr[] {
  return e.kind === 'and' ? [...conjuncts(e.left), ...conjuncts(e.right)] : [e];
}

/** Equalities on indexed columns among the top-level conjuncts, most selective first (pure). */
export function driverCandidates(e: FilterExpr): Driver[] {
  const out: (Driver & { rank: number })[] = [];
  for (const c of conjuncts(e)) {
    if (c.kind !== 'cmp' || c.op !== 'eq' || (c.value.type !== 'string' && c.value.type !== 'number')) continue;
    const path = c.path.toLowerCase();
    const d = DRIVERS.get(path);
    const p = PROPS.get(path);
    if (!d || !p) continue;
    const text = String(c.value.value);
    if (p.kind === 'enum') {
      const stored = ENUM_SPELLING.get(text.toLowerCase());
      out.push({ ...d, column: p.column, values: stored ? [stored] : [], resolve: 'none' });
    } else {
      const resolve = p.kind === 'appName' ? 'appName' : 'variants';
      out.push({ ...d, column: p.column, values: [text], resolve });
    }
  }
  return out.sort((a, b) => a.rank - b.rank).map(({ rank: _r, ...d }) => d);
}

/** The activityDateTime bounds among the top-level conjuncts (inclusive ms; pure). */
export function timeBounds(e: FilterExpr): { from?: number; to?: number } {
  const out: { from?: number; to?: number } = {};
  for (const c of conjuncts(e)) {
    if (c.kind !== 'cmp' || c.path.toLowerCase() !== 'activitydatetime' || c.value.type === 'null') continue;
    const ms = numberOf(c.value, 'date');
    if (c.op === 'ge' || c.op === 'gt' || c.op === 'eq')
      out.from = Math.max(out.from ?? ms, c.op === 'gt' ? ms + 1 : ms);
    if (c.op === 'le' || c.op === 'lt' || c.op === 'eq') out.to = Math.min(out.to ?? ms, c.op === 'lt' ? ms - 1 : ms);
  }
  return out;
}
