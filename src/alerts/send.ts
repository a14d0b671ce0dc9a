/**
 * One attempt to one channel: a webhook POST (signed when the channel has a secret) or a mail. Answers null
 * on success or the reason it failed; never throws, and never puts a URL's secret parts or a signing secret
 * in the reason.
 */
import type { Db } from '../../db/client';
import type { SecretBox } from '../auth/secret-box';
import type { Mail, Mailer } from '../notify/mailer';
import { signatureHeader } from './payloads';
import type { Channel } from './rule-input';
import { sendSyslog } from './syslog-channel';

export interface SendDeps {
  db: Db;
  secrets: SecretBox;
  clock: { now(): number };
  mailer: () => Mailer | null;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/** `body` is the raw webhook body, or for an email channel a JSON Mail without `to`. */
export async function sendToChannel(deps: SendDeps, channel: Channel, body: string): Promise<string | null> {
  try {
    if (channel.type === 'syslog') {
      await sendSyslog(deps, channel.streamId, body);
      return null;
    }
    if (channel.type === 'email') {
      const mailer = deps.mailer();
      if (!mailer) return 'SMTP is not configured';
      const mail = JSON.parse(body) as Omit<Mail, 'to'>;
      try {
        await mailer.send({ ...mail, to: channel.to.join(', ') });
      } finally {
        mailer.close();
      }
      return null;
    }
    const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'Provisio/0.1' };
    if (channel.secret)
      headers['x-provisio-signature'] = signatureHeader(channel.secret, body, Math.floor(deps.clock.now() / 1000));
    const res = await (deps.fetch ?? fetch)(channel.url, {
      method: 'POST',
      headers,
      body,
      redirect: 'error',
      signal: AbortSignal.timeout(deps.timeoutMs ?? 10_000),
    });
    await res.arrayBuffer().catch(() => undefined);
    return res.ok ? null : `HTTP ${res.status} from ${new URL(channel.url).origin}`;
  } catch (err) {
    // Fetch errors can carry the URL (a Slack URL is a credential): name the origin and the cause only.
    const cause = (err as { cause?: { code?: string } }).cause?.code;
    const where = channel.type === 'webhook' ? ` (${new URL(channel.url).origin})` : '';
    const said = channel.type === 'webhook' ? 'request failed' : (err as Error).message;
    return `${(err as Error).name}: ${cause ?? said}${where}`.slice(0, 500);
  }
}
