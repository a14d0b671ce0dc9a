/** Provisioning-log filters as the page and the API receive them: parsing and validation only (pure). */
import { z } from 'zod';
import { ValidationError } from '../kernel/errors';
import { parseOrThrow } from '../kernel/parse';

const date = z
  .string()
  .trim()
  .refine((v) => !Number.isNaN(Date.parse(v)), 'must be an ISO date or date-time')
  .transform((v) => Date.parse(v));

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const opt = <T extends z.ZodType>(schema: T) => z.preprocess(emptyToUndefined, schema.optional());
const id = z.string().trim().max(200);

export const LOG_SORTS = ['date-desc', 'date-asc', 'duration-desc', 'duration-asc'] as const;
export type LogSort = (typeof LOG_SORTS)[number];

export const logQuerySchema = z.object({
  appId: opt(id),
  status: opt(z.enum(['success', 'failure', 'skipped', 'warning'])),
  action: opt(z.enum(['create', 'update', 'delete', 'disable', 'other', 'stagedDelete'])),
  identity: opt(z.string().trim().max(256)),
  jobId: opt(id),
  cycleId: opt(id),
  changeId: opt(id),
  sourceSystem: opt(z.string().trim().max(256)),
  targetSystem: opt(z.string().trim().max(256)),
  errorCode: opt(z.string().trim().max(200)),
  /** Free text over identities, error reasons, step descriptions and modified property values (FTS5). */
  q: opt(z.string().trim().max(500)),
  from: opt(date),
  to: opt(date),
  sort: z.preprocess(emptyToUndefined, z.enum(LOG_SORTS).default('date-desc')),
  limit: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(1000).default(50)),
  cursor: opt(z.string().max(400)),
});

export type LogQuery = z.infer<typeof logQuerySchema>;
/** The filter fields (everything that narrows the rows, not sort or paging). */
export type LogFilter = Omit<LogQuery, 'sort' | 'limit' | 'cursor'>;

/** Parse query-string filters (unknown keys ignored), or throw ValidationError naming the bad ones. */
export function parseLogQuery(params: Record<string, string | undefined>): LogQuery {
  const q = parseOrThrow(logQuerySchema, params, 'log filter');
  if (q.from !== undefined && q.to !== undefined && q.from > q.to) {
    throw new ValidationError('"from" must be before "to"', [{ path: 'from', message: 'after "to"' }]);
  }
  return q;
}

/** The query as string parameters again (ISO dates), for links that must reproduce it (export, next page). */
export function logQueryParams(q: Partial<LogQuery>): Record<string, string | undefined> {
  const iso = (v: number | undefined) => (v === undefined ? undefined : new Date(v).toISOString());
  return {
    appId: q.appId,
    status: q.status,
    action: q.action,
    identity: q.identity,
    jobId: q.jobId,
    cycleId: q.cycleId,
    changeId: q.changeId,
    sourceSystem: q.sourceSystem,
    targetSystem: q.targetSystem,
    errorCode: q.errorCode,
    q: q.q,
    from: iso(q.from),
    to: iso(q.to),
    sort: q.sort === 'date-desc' ? undefined : q.sort,
  };
}
