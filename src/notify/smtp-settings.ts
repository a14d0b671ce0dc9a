/**
 * SMTP settings entered by an admin (Settings → Notifications), stored in the `settings` table with the
 * password sealed by the SecretBox; never returned, rendered or audited in clear. `PROVISIO_SMTP_URL`, when
 * set, wins: operators who manage mail by environment keep control of it.
 */
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { settings } from '../../db/schema';
import { writeAudit } from '../audit/audit-log';
import type { SecretBox } from '../auth/secret-box';
import type { Actor } from '../kernel/actor';
import { parseOrThrow } from '../kernel/parse';
import { type Mailer, smtpMailer } from './mailer';

const KEY = 'notify.smtp';

export const smtpInputSchema = z
  .object({
    host: z.string().trim().min(1).max(253),
    port: z.number().int().min(1).max(65535),
    // tls: implicit TLS (465); starttls: upgrade required (587); none: plain (local relays only).
    security: z.enum(['tls', 'starttls', 'none']),
    user: z.string().trim().max(320).optional(),
    // Empty or absent keeps the stored password.
    password: z.string().max(1024).optional(),
    from: z.string().trim().min(3).max(320),
  })
  .strict();

/** What is stored (password sealed). */
export interface SmtpSettings {
  host: string;
  port: number;
  security: 'tls' | 'starttls' | 'none';
  user: string | null;
  passwordEnc: string | null;
  from: string;
}

/** The stored settings, or null. */
export function getSmtpSettings(db: Pick<Db, 'select'>): SmtpSettings | null {
  const row = db.select().from(settings).where(eq(settings.key, KEY)).get();
  return row ? (JSON.parse(row.value) as SmtpSettings) : null;
}

/** Validate and store (audited, password redacted); an empty password keeps the stored one. */
export function saveSmtpSettings(
  deps: { db: Db; secrets: SecretBox; clock: { now(): number } },
  actor: Actor,
  body: unknown,
): SmtpSettings {
  const input = parseOrThrow(smtpInputSchema, body, 'SMTP settings');
  const before = getSmtpSettings(deps.db);
  const next: SmtpSettings = {
    host: input.host,
    port: input.port,
    security: input.security,
    user: input.user || null,
    passwordEnc: input.password ? deps.secrets.seal(input.password) : (before?.passwordEnc ?? null),
    from: input.from,
  };
  const now = deps.clock.now();
  deps.db.transaction((tx) => {
    tx.insert(settings)
      .values({ key: KEY, value: JSON.stringify(next), updatedAt: now })
      .onConflictDoUpdate({ target: settings.key, set: { value: JSON.stringify(next), updatedAt: now } })
      .run();
    const view = (s: SmtpSettings | null) =>
      s && { ...s, passwordEnc: undefined, password: s.passwordEnc ? '[set]' : null };
    writeAudit(
      tx,
      actor,
      {
        activity: 'settings.smtp.update',
        targetType: 'settings',
        targetId: KEY,
        before: view(before),
        after: view(next),
      },
      now,
    );
  });
  return next;
}

/** The nodemailer URL of stored settings (user and password percent-encoded). */
export function smtpUrlOf(s: SmtpSettings, secrets: SecretBox): string {
  const auth = s.user
    ? `${encodeURIComponent(s.user)}${s.passwordEnc ? `:${encodeURIComponent(secrets.open(s.passwordEnc))}` : ''}@`
    : '';
  const scheme = s.security === 'tls' ? 'smtps' : 'smtp';
  const query = s.security === 'starttls' ? '?requireTLS=true' : s.security === 'none' ? '?ignoreTLS=true' : '';
  return `${scheme}://${auth}${s.host}:${s.port}${query}`;
}

/** Whether any mail can leave: the environment names a relay, or an admin stored one (cheap: no transport). */
export function mailConfigured(db: Pick<Db, 'select'>, env: { url: string | undefined } | undefined): boolean {
  return Boolean(env?.url) || getSmtpSettings(db) !== null;
}

/** The mailer in force: the environment's, else the stored settings', else none. Resolved per send. */
export function resolveMailer(
  db: Db,
  secrets: SecretBox,
  env: { url: string | undefined; from: string },
): Mailer | null {
  if (env.url) return smtpMailer({ url: env.url, from: env.from });
  const s = getSmtpSettings(db);
  return s ? smtpMailer({ url: smtpUrlOf(s, secrets), from: s.from }) : null;
}

export type SmtpTestOutcome =
  | { status: 'no_mailer' }
  | { status: 'no_address' }
  | { status: 'sent' }
  | { status: 'refused'; error: string };

/**
 * Send a test mail through the mailer in force; a send that was tried is audited with its outcome. With `app`
 * it tests an application's failure notifications (sent from its settings, audited against the application);
 * without, the settings page's relay test.
 */
export async function sendTestMail(
  deps: {
    db: Db;
    secrets: SecretBox;
    clock: { now(): number };
    smtpEnv?: { url: string | undefined; from: string } | undefined;
  },
  actor: Actor,
  to: string,
  app?: { id: string; name: string },
): Promise<SmtpTestOutcome> {
  const mailer = resolveMailer(deps.db, deps.secrets, deps.smtpEnv ?? { url: undefined, from: '' });
  if (!mailer) return { status: 'no_mailer' };
  if (!to) return { status: 'no_address' };
  const mail = app
    ? {
        subject: `[Provisio] Test mail for ${app.name}`,
        text: `Failure notifications of the application "${app.name}" reach this address. Sent by ${actor.name} from the application's settings.`,
      }
    : { subject: '[Provisio] Test mail', text: 'Notification mail from Provisio works.' };
  let error: string | null = null;
  try {
    await mailer.send({ to, ...mail });
  } catch (err) {
    error = (err as Error).message;
  } finally {
    mailer.close();
  }
  writeAudit(
    deps.db,
    actor,
    {
      activity: app ? 'application.test_mail' : 'settings.smtp.test',
      targetType: app ? 'application' : 'settings',
      ...(app ? { targetId: app.id } : {}),
      result: error ? 'failure' : 'success',
      after: { to, error },
    },
    deps.clock.now(),
  );
  return error ? { status: 'refused', error } : { status: 'sent' };
}
