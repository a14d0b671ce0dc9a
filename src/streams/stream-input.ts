/**
 * What an admin may send to create or change a log stream (issue 17). Secrets arrive here and leave only
 * sealed: `splitSink` separates the sink's settings (stored as JSON, shown back) from its one secret.
 */
import { z } from 'zod';

const httpsUrl = z
  .string()
  .url()
  .refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) URL');

export const syslogSinkSchema = z
  .object({
    type: z.literal('syslog'),
    host: z.string().min(1).max(253),
    port: z.number().int().min(1).max(65535),
    tls: z.boolean().optional(),
    // A PEM file of extra trusted CAs for a private syslog CA; verification itself is never turned off.
    caFile: z.string().min(1).max(1024).optional(),
  })
  .strict();
export const hecSinkSchema = z.object({ type: z.literal('hec'), url: httpsUrl, token: z.string().min(1) }).strict();
export const bulkSinkSchema = z
  .object({
    type: z.literal('bulk'),
    url: httpsUrl,
    index: z
      .string()
      .min(1)
      .max(255)
      .regex(/^[a-z0-9][a-z0-9._-]*$/, 'lowercase letters, digits, . _ - (OpenSearch index rules)'),
    username: z.string().min(1).optional(),
    password: z.string().min(1).optional(),
  })
  .strict();
export const webhookSinkSchema = z
  .object({ type: z.literal('webhook'), url: httpsUrl, secret: z.string().min(1).optional() })
  .strict();

export const sinkSchema = z.discriminatedUnion('type', [
  syslogSinkSchema,
  hecSinkSchema,
  bulkSinkSchema,
  webhookSinkSchema,
]);
export type SinkInput = z.infer<typeof sinkSchema>;

export const filterSchema = z
  .object({
    appIds: z.array(z.string().min(1)).max(500).optional(),
    statuses: z.array(z.string().min(1)).max(20).optional(),
    actions: z.array(z.string().min(1)).max(100).optional(),
  })
  .strict();
export type StreamFilter = z.infer<typeof filterSchema>;

const name = z.string().trim().min(1).max(100);

export const createStreamSchema = z
  .object({ name, log: z.enum(['provisioning', 'audit']), sink: sinkSchema, filter: filterSchema.optional() })
  .strict();
export type CreateStreamInput = z.infer<typeof createStreamSchema>;

// A change may leave the HEC token out to keep the stored one (updateStream checks there is one).
const patchSinkSchema = z.discriminatedUnion('type', [
  syslogSinkSchema,
  hecSinkSchema.extend({ token: z.string().min(1).optional() }),
  bulkSinkSchema,
  webhookSinkSchema,
]);

// The log a stream reads is fixed: changing it would make the cursor meaningless.
export const patchStreamSchema = z
  .object({ name: name.optional(), sink: patchSinkSchema.optional(), filter: filterSchema.optional() })
  .strict();
export type PatchStreamInput = z.infer<typeof patchStreamSchema>;

export const rewindSchema = z.object({ from: z.string().datetime({ offset: true }) }).strict();

/** The sink's settings without its secret (safe to store as JSON and to show). */
export type SinkConfig =
  | Omit<z.infer<typeof syslogSinkSchema>, never>
  | Omit<z.infer<typeof hecSinkSchema>, 'token'>
  | Omit<z.infer<typeof bulkSinkSchema>, 'password'>
  | Omit<z.infer<typeof webhookSinkSchema>, 'secret'>;

/** Split a sink into the settings to store as JSON and the one secret to seal (if any). */
export function splitSink(sink: SinkInput | z.infer<typeof patchSinkSchema>): {
  config: SinkConfig;
  secret: string | null;
} {
  switch (sink.type) {
    case 'hec': {
      const { token, ...config } = sink;
      return { config, secret: token ?? null };
    }
    case 'bulk': {
      const { password, ...config } = sink;
      return { config, secret: password ?? null };
    }
    case 'webhook': {
      const { secret, ...config } = sink;
      return { config, secret: secret ?? null };
    }
    default:
      return { config: sink, secret: null };
  }
}
