/** Validation of application settings; the Tenant URL must be https unless allowHttp is set. */
import { Cron } from 'croner';
import { z } from 'zod';

export const TEMPLATES = {
  mindtickle: { label: 'MindTickle', defaultTenantUrl: 'https://admin.mindtickle.com/scim' },
  scim: { label: 'Generic SCIM 2.0 app', defaultTenantUrl: null },
} as const;

const cron = z
  .string()
  .trim()
  .refine(
    (v) => {
      try {
        new Cron(v, { paused: true }).stop();
        return true;
      } catch {
        return false;
      }
    },
    { message: 'is not a valid cron expression (e.g. */5 * * * *)' },
  );

const base = {
  name: z.string().trim().min(1).max(200),
  tenantUrl: z.string().trim().max(2048).url('must be an absolute URL such as https://admin.mindtickle.com/scim'),
  secretToken: z.string().trim().min(1).max(16384),
  allowHttp: z.boolean(),
  scope: z.enum(['assigned', 'all']),
  notificationEmail: z.union([z.literal(''), z.string().trim().email()]).transform((v) => v || null),
  schedule: cron,
  maxConcurrency: z.number().int().min(1).max(32),
};

export const createAppSchema = z
  .object({ ...base, template: z.enum(['mindtickle', 'scim']) })
  .partial({
    tenantUrl: true,
    secretToken: true,
    allowHttp: true,
    scope: true,
    notificationEmail: true,
    schedule: true,
    maxConcurrency: true,
  })
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
  if (u.protocol === 'http:') return 'must use https:// (set allowHttp to use plain http, e.g. for a local test app)';
  return 'must be an http(s) URL';
}
