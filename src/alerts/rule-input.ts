/**
 * Alert rule input: the conditions as data (what each threshold means, its default and its unit) and the zod
 * schemas the API and the page share. Pure.
 */
import { z } from 'zod';

export const CONDITION_KINDS = [
  'failures',
  'quarantine',
  'noSuccessfulCycle',
  'escrow',
  'slowCycle',
  'tokenExpiry',
  'throttles',
  'sourceFailing',
] as const;
export type ConditionKind = (typeof CONDITION_KINDS)[number];

/** What each condition compares, so the form, the summary and the evaluator agree on units and defaults. */
export const CONDITIONS: Record<
  ConditionKind,
  { label: string; threshold: number | null; unit: string; windowMinutes: number | null }
> = {
  failures: { label: 'Failures in a window above', threshold: 5, unit: 'failed rows', windowMinutes: 10 },
  quarantine: { label: 'Application in quarantine', threshold: null, unit: '', windowMinutes: null },
  noSuccessfulCycle: { label: 'No successful cycle for', threshold: 24, unit: 'hours', windowMinutes: null },
  escrow: { label: 'Objects in escrow above', threshold: 0, unit: 'objects', windowMinutes: null },
  slowCycle: { label: 'Latest cycle slower than', threshold: 60, unit: 'minutes', windowMinutes: null },
  tokenExpiry: { label: 'Secret Token expires within', threshold: 14, unit: 'days', windowMinutes: null },
  // Counted by the SCIM client per cycle (cycles.throttled: 429 and 503 answers).
  throttles: { label: 'Throttled answers (429) above', threshold: 0, unit: 'per window', windowMinutes: 60 },
  sourceFailing: { label: 'Directory source failing', threshold: null, unit: '', windowMinutes: null },
};

export const SEVERITIES = ['info', 'warning', 'critical'] as const;
export const WEBHOOK_FORMATS = ['generic', 'slack', 'teams'] as const;

const httpUrl = z
  .string()
  .trim()
  .max(2000)
  .url()
  .refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) URL');

export const channelSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('webhook'),
      url: httpUrl,
      format: z.enum(WEBHOOK_FORMATS).default('generic'),
      secret: z.string().min(16, 'at least 16 characters').max(256).optional(),
    })
    .strict(),
  z.object({ type: z.literal('email'), to: z.array(z.string().trim().email().max(320)).min(1).max(50) }).strict(),
  // The syslog receiver of a log stream (Settings → Log streams) with a syslog sink.
  z.object({ type: z.literal('syslog'), streamId: z.string().trim().min(1).max(200) }).strict(),
]);
export type Channel = z.infer<typeof channelSchema>;

export const conditionSchema = z
  .object({
    kind: z.enum(CONDITION_KINDS),
    threshold: z.number().min(0).max(1_000_000).optional(),
    windowMinutes: z.number().int().min(1).max(10_080).optional(),
    /** failures only: `count` of failed rows (default) or `percent` of the window's rows that failed. */
    measure: z.enum(['count', 'percent']).optional(),
  })
  .strict()
  .refine((c) => c.measure === undefined || c.kind === 'failures', {
    message: 'measure applies to the failures condition only',
    path: ['measure'],
  })
  .refine((c) => c.measure !== 'percent' || (c.threshold ?? 0) <= 100, {
    message: 'a percentage threshold is at most 100',
    path: ['threshold'],
  });

const ruleFields = {
  name: z.string().trim().min(1).max(200),
  condition: conditionSchema,
  appIds: z.array(z.string().trim().min(1).max(200)).max(500).nullable().optional(),
  severity: z.enum(SEVERITIES).default('warning'),
  muteUntil: z
    .string()
    .datetime({ offset: true })
    .transform((v) => Date.parse(v))
    .nullable()
    .optional(),
  channels: z.array(channelSchema).min(1).max(10),
};

export const ruleInputSchema = z.object(ruleFields).strict();
export type RuleInput = z.infer<typeof ruleInputSchema>;

/** PATCH: any field; `channels`, when given, replaces the list (secrets are never read back to merge). */
export const rulePatchSchema = z
  .object({ ...ruleFields, severity: z.enum(SEVERITIES) })
  .partial()
  .strict();
export type RulePatch = z.infer<typeof rulePatchSchema>;

/** A channel as the API and pages show it: no secret, a webhook URL cut to its origin (Slack's is a credential). */
export function channelView(ch: Channel): Record<string, unknown> {
  if (ch.type === 'email') return { type: 'email', to: ch.to };
  if (ch.type === 'syslog') return { type: 'syslog', streamId: ch.streamId };
  return { type: 'webhook', url: `${new URL(ch.url).origin}/…`, format: ch.format, signed: ch.secret !== undefined };
}

/** A readable channel name for delivery rows. */
export function channelLabel(ch: Channel): string {
  if (ch.type === 'syslog') return `syslog stream ${ch.streamId}`;
  return ch.type === 'email' ? `email ${ch.to.join(', ')}` : `webhook (${ch.format}) ${new URL(ch.url).origin}`;
}
