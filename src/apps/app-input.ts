/** Validation of application settings; the Tenant URL must be https unless allowHttp is set. */
import { z } from 'zod';
import { cronProblem } from './cron-check';

export const TEMPLATES = {
  mindtickle: { label: 'MindTickle', defaultTenantUrl: 'https://admin.mindtickle.com/scim' },
  scim: { label: 'Generic SCIM 2.0 app', defaultTenantUrl: null },
} as const;

const cron = z
  .string()
  .trim()
  .superRefine((v, ctx) => {
    const problem = cronProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

// Hours between quarantine retries, e.g. Entra's 6,12,24: positive numbers, the last one repeating.
const BACKOFF_LIST = /^\d+(\.\d+)?( *, *\d+(\.\d+)?)*$/;

const base = {
  name: z.string().trim().min(1).max(200),
  tenantUrl: z.string().trim().max(2048).url('must be an absolute URL such as https://admin.mindtickle.com/scim'),
  secretToken: z.string().trim().min(1).max(16384),
  allowHttp: z.boolean(),
  scope: z.enum(['assigned', 'all']),
  notificationEmail: z.union([z.literal(''), z.string().trim().email()]).transform((v) => v || null),
  schedule: cron,
  maxConcurrency: z.number().int().min(1).max(32),
  // null removes the limit.
  requestsPerSecond: z.number().positive().max(10_000).nullable(),
  preventDeletes: z.boolean(),
  deleteThreshold: z.number().int().min(1).max(10_000_000),
  deleteThresholdPercent: z.number().int().min(1).max(100).nullable(),
  skipOutOfScopeDeletions: z.boolean(),
  actionCreate: z.boolean(),
  actionUpdate: z.boolean(),
  actionDelete: z.boolean(),
  sendFailureEmail: z.boolean(),
  quarantineMinFailures: z.number().int().min(1).max(10_000_000),
  quarantineFailurePercent: z.number().int().min(1).max(100),
  quarantineBackoffHours: z
    .string()
    .trim()
    .regex(BACKOFF_LIST, 'must be a comma list of hours such as 6,12,24 (the last one repeats)'),
  provisionGroups: z.boolean(),
  flattenNestedGroups: z.boolean(),
  groupMembersPerRequest: z.number().int().min(1).max(1000),
  // Target compatibility: how member removals are written (see memberOps in src/scim/patch-diff.ts).
  memberRemovalForm: z.enum(['value', 'filter'], {
    error: 'must be "value" (remove members with a value list) or "filter" (a members[value eq "…"] path)',
  }),
};

/** Options every application has a default for, so create and update both take them as optional. */
const OPTIONAL = Object.fromEntries(
  [
    'tenantUrl',
    'secretToken',
    'allowHttp',
    'scope',
    'notificationEmail',
    'schedule',
    'maxConcurrency',
    'requestsPerSecond',
    'preventDeletes',
    'deleteThreshold',
    'deleteThresholdPercent',
    'skipOutOfScopeDeletions',
    'actionCreate',
    'actionUpdate',
    'actionDelete',
    'sendFailureEmail',
    'quarantineMinFailures',
    'quarantineFailurePercent',
    'quarantineBackoffHours',
    'provisionGroups',
    'flattenNestedGroups',
    'groupMembersPerRequest',
    'memberRemovalForm',
  ].map((k) => [k, true]),
) as { [K in Exclude<keyof typeof base, 'name'>]: true };

export const createAppSchema = z
  .object({ ...base, template: z.enum(['mindtickle', 'scim']) })
  .partial(OPTIONAL)
  .strict();

export const updateAppSchema = z.object(base).partial().strict();

export type CreateAppInput = z.infer<typeof createAppSchema>;
export type UpdateAppInput = z.infer<typeof updateAppSchema>;

/** Plain http is refused unless the app opts in (the sandbox does); returns an error message or null. */
export function tenantUrlProblem(url: string | null | undefined, allowHttp: boolean): string | null {
  if (!url) return null;
  const u = new URL(url);
  if (u.protocol === 'https:') return null;
  if (u.protocol === 'http:' && allowHttp) return null;
  if (u.protocol === 'http:')
    return 'must use https://. For a local test app, tick “Allow a plain http Tenant URL” (allowHttp in the API)';
  return 'must be an http(s) URL';
}
