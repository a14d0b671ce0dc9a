/**
 * Configuration from the environment, parsed once at start-up. Every bad key is reported together,
 * so an operator fixes them in one go.
 */
import path from 'node:path';
import { z } from 'zod';

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  PROVISIO_DB: z.string().min(1).default('./data/provisio.db'),
  PROVISIO_SECRET_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/=_-]{43,}$/, 'must be a base64 or base64url encoded 32-byte key (openssl rand -base64 32)')
    .optional(),
  PROVISIO_ADMIN_TOKEN: z.string().min(24, 'must be at least 24 characters').optional(),
  PROVISIO_SANDBOX: z.enum(['0', '1']).default('0'),
  PROVISIO_SANDBOX_DB: z.string().min(1).optional(),
  PROVISIO_PUBLIC_URL: z.url().optional(),
  PROVISIO_SESSION_HOURS: z.coerce.number().positive().default(12),
  PROVISIO_SESSION_IDLE_MINUTES: z.coerce.number().positive().default(30),
  // 1 when a reverse proxy terminates TLS: X-Forwarded-Proto and the last X-Forwarded-For hop are believed.
  PROVISIO_TRUST_PROXY: z.enum(['0', '1']).default('0'),
  // PEM file of extra CA certificates the SCIM client trusts (besides the system ones); never a way to skip checks.
  PROVISIO_CA_FILE: z.string().min(1).optional(),
  // Notification mail: smtp://user:pass@host:587 (STARTTLS when offered), smtps://host:465, ?ignoreTLS=true ...
  PROVISIO_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s]+$/, 'must be an smtp:// or smtps:// URL, e.g. smtp://user:pass@mail.example.com:587')
    .optional(),
  PROVISIO_SMTP_FROM: z.string().trim().min(3).default('Provisio <provisio@localhost>'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface Config {
  port: number;
  host: string;
  dbFile: string;
  /** Directory that holds the database; the generated key file lives beside it. */
  dataDir: string;
  secretKey: string | undefined;
  adminToken: string | undefined;
  sandbox: boolean;
  sandboxDbFile: string;
  publicUrl: string | undefined;
  sessionHours: number;
  /** A session unused for this long ends (independent of its absolute lifetime, sessionHours). */
  sessionIdleMinutes: number;
  trustProxy: boolean;
  caFile: string | undefined;
  /** Holds the SMTP password: never log it. Unset: no notification mail is sent. */
  smtpUrl: string | undefined;
  smtpFrom: string;
  logLevel: z.infer<typeof schema>['LOG_LEVEL'];
}

export class ConfigError extends Error {
  readonly code = 'config_invalid';
  readonly retryable = false;
}

/** Parse the environment into a typed Config, or throw ConfigError naming every bad key. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dbFile = e.PROVISIO_DB;
  // Every file the service makes goes beside the database unless its own variable says otherwise.
  const dataDir = dbFile === ':memory:' ? '.' : path.dirname(dbFile);
  return {
    port: e.PORT,
    host: e.HOST,
    dbFile,
    dataDir,
    secretKey: e.PROVISIO_SECRET_KEY,
    adminToken: e.PROVISIO_ADMIN_TOKEN,
    sandbox: e.PROVISIO_SANDBOX === '1',
    sandboxDbFile: e.PROVISIO_SANDBOX_DB ?? `${dataDir}/sandbox.db`,
    publicUrl: e.PROVISIO_PUBLIC_URL,
    sessionHours: e.PROVISIO_SESSION_HOURS,
    sessionIdleMinutes: e.PROVISIO_SESSION_IDLE_MINUTES,
    trustProxy: e.PROVISIO_TRUST_PROXY === '1',
    caFile: e.PROVISIO_CA_FILE,
    smtpUrl: e.PROVISIO_SMTP_URL,
    smtpFrom: e.PROVISIO_SMTP_FROM,
    logLevel: e.LOG_LEVEL,
  };
}

/**
 * The environment `npm run demo` runs with: the sandbox on, and the demo's databases under ./data unless
 * PROVISIO_DB says where. The sandbox's file follows PROVISIO_DB's folder unless PROVISIO_SANDBOX_DB is set, so
 * moving the demo moves all of it.
 */
export function demoEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const dbFile = env.PROVISIO_DB ?? './data/demo.db';
  const sandboxDb = env.PROVISIO_SANDBOX_DB ?? path.join(path.dirname(dbFile), 'demo-sandbox.db');
  return { ...env, PROVISIO_DB: dbFile, PROVISIO_SANDBOX_DB: sandboxDb, PROVISIO_SANDBOX: '1' };
}
