/**
 * A real SMTP server (smtp-server) on 127.0.0.1 and an ephemeral port, collecting what it receives. Its
 * built-in certificate has expired, so STARTTLS is off and the client connects with `ignoreTLS=true`.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { Db } from '../../db/client';
import { smtpMailer } from '../../src/notify/mailer';
import { createNotifier, type Notifier } from '../../src/notify/notifier';

/** One received message: envelope recipients and the raw RFC 5322 text. */
export interface ReceivedMail {
  to: string[];
  raw: string;
  subject: string;
  /** The body, quoted-printable decoded. */
  text: string;
}

function decodeQuotedPrintable(s: string): string {
  const bytes = s
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

/** Start the server; `url` is the SMTP URL for smtpMailer. */
export async function startSmtpServer() {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (d: Buffer) => {
        raw += d.toString('utf8');
      });
      stream.on('end', () => {
        const subject = /^Subject: (.*(?:\r?\n[ \t].*)*)/m.exec(raw)?.[1]?.replace(/\r?\n[ \t]/g, ' ') ?? '';
        const body = raw.slice(raw.search(/\r?\n\r?\n/)).trim();
        const qp = /Content-Transfer-Encoding: quoted-printable/i.test(raw);
        const text = qp ? decodeQuotedPrintable(body) : body;
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw, subject, text });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}?ignoreTLS=true`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A notifier that mails through `url`. */
export function testNotifier(db: Db, url: string): Notifier {
  const silent = { info() {}, warn() {} };
  return createNotifier({
    db,
    clock: { now: () => Date.now() },
    logger: silent,
    mailer: smtpMailer({ url, from: 'provisio@contoso.example' }),
    publicUrl: 'https://provisio.contoso.example',
  });
}
