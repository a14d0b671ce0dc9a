/**
 * Outgoing mail over SMTP (nodemailer). The connection comes from one URL, so an operator configures it with
 * a single environment variable: `smtp://user:pass@host:587`, `smtps://host:465`, options as query
 * parameters (`?ignoreTLS=true` for a plain loopback relay). The URL holds the password: never log it.
 */
import { createTransport } from 'nodemailer';

/** One message: plain text (readable in any client); scheduled reports add an HTML part and attachments. */
export interface Mail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  attachments?: { filename: string; content: string; contentType?: string }[];
}

/** Sends mail; rejects when the server refuses it. */
export interface Mailer {
  send(mail: Mail): Promise<void>;
  close(): void;
}

/** A mailer for an SMTP URL and a From address; time limits keep a dead relay from holding sends for minutes. */
export function smtpMailer(opts: { url: string; from: string }): Mailer {
  const transport = createTransport(withTimeouts(opts.url), { from: opts.from });
  return {
    async send(mail) {
      await transport.sendMail({
        from: opts.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        ...(mail.html ? { html: mail.html } : {}),
        ...(mail.attachments ? { attachments: mail.attachments } : {}),
      });
    },
    close: () => transport.close(),
  };
}

/** Default time limits as URL options (nodemailer reads them from the query), unless the URL sets its own. */
function withTimeouts(raw: string): string {
  const url = new URL(raw);
  for (const key of ['connectionTimeout', 'greetingTimeout', 'socketTimeout']) {
    if (!url.searchParams.has(key)) url.searchParams.set(key, '15000');
  }
  return url.href;
}

/** The SMTP host of a URL, for log lines (no user name or password). */
export function smtpHost(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || (u.protocol === 'smtps:' ? '465' : '587')}`;
  } catch {
    return 'unparseable SMTP URL';
  }
}
