/**
 * Sends notification mails without ever holding up or breaking a cycle: `send` queues and returns at once;
 * a failed send is logged and written to the audit log (result failure), and nothing else happens. Apps
 * without a notification email, and instances without SMTP, send nothing.
 */
import type { Db } from '../../db/client';
import { writeAudit } from '../audit/audit-log';
import { SYSTEM_ACTOR } from '../kernel/actor';
import type { Clock } from '../kernel/clock';
import type { Mailer } from './mailer';
import type { MailLinks, Message } from './messages';

/** The recipient side of an application. */
export interface NotifyTarget {
  id: string;
  name: string;
  notificationEmail: string | null;
}

export interface Notifier {
  /** Queue `message` to the app's notification email; `kind` names it in logs and the audit. */
  send(app: NotifyTarget, kind: string, message: Message): void;
  /** Links for a mail about `app` (and a cycle, with extra log filters). */
  links(appId: string, cycleId?: string | null, extra?: Record<string, string>): MailLinks;
  /** Resolves when every queued send has finished (tests, shutdown). */
  settled(): Promise<void>;
}

interface NotifierDeps {
  db: Db;
  clock: Clock;
  logger: { info(o: object, m?: string): void; warn(o: object, m?: string): void };
  /** Null: SMTP not configured; mails are dropped (logged at info). A function is asked at each send, so
   *  SMTP settings saved by an admin apply without a restart. */
  mailer: Mailer | null | (() => Mailer | null);
  /** Base of the links in mails; without it they are relative paths. */
  publicUrl: string | undefined;
}

/** A notifier over a mailer. */
export function createNotifier(deps: NotifierDeps): Notifier {
  const pending = new Set<Promise<void>>();
  const base = (deps.publicUrl ?? '').replace(/\/+$/, '');
  const deliver = async (app: NotifyTarget, kind: string, message: Message, to: string, mailer: Mailer) => {
    try {
      await mailer.send({ to, subject: message.subject, text: message.text });
      deps.logger.info({ appId: app.id, kind }, 'notification sent');
    } catch (err) {
      deps.logger.warn({ appId: app.id, kind, err: (err as Error).message }, 'notification failed');
      try {
        writeAudit(
          deps.db,
          SYSTEM_ACTOR,
          {
            activity: 'notification.send',
            targetType: 'application',
            targetId: app.id,
            result: 'failure',
            after: { kind, subject: message.subject, error: (err as Error).message },
          },
          deps.clock.now(),
        );
      } catch {
        // The database may be closing (shutdown); the log line above is enough.
      }
    }
  };
  return {
    send(app, kind, message) {
      if (!app.notificationEmail) return;
      let mailer: Mailer | null;
      try {
        mailer = typeof deps.mailer === 'function' ? deps.mailer() : deps.mailer;
      } catch (err) {
        deps.logger.warn(
          { appId: app.id, kind, err: (err as Error).message },
          'notification not sent: bad SMTP settings',
        );
        return;
      }
      if (!mailer) {
        deps.logger.info({ appId: app.id, kind }, 'notification not sent: SMTP is not configured');
        return;
      }
      const p = deliver(app, kind, message, app.notificationEmail, mailer);
      pending.add(p);
      void p.finally(() => pending.delete(p));
    },
    links(appId, cycleId, extra = {}) {
      const q = new URLSearchParams({ appId, ...(cycleId ? { cycleId } : {}), ...extra });
      return { app: `${base}/apps/${encodeURIComponent(appId)}`, logs: `${base}/logs?${q.toString()}` };
    },
    async settled() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
}
