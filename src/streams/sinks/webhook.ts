/**
 * A generic HTTPS NDJSON webhook: one POST per batch, one row's JSON per line, 2xx acknowledges the batch.
 * With a secret the body is signed as the alert webhook is (issue 17):
 * `X-Provisio-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`, the time against replay.
 */
import crypto from 'node:crypto';
import { answerText, post, type Sink, SinkError } from './sink';

export const SIGNATURE_HEADER = 'x-provisio-signature';

/** The signature header's value for a body at a time (seconds). */
export function signature(secret: string, t: number, body: string): string {
  return `t=${t},v1=${crypto.createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
}

export interface WebhookSinkOptions {
  url: string;
  secret?: string | undefined;
  fetch?: typeof fetch;
  timeoutMs?: number;
  now?: () => number;
}

export function createWebhookSink(opts: WebhookSinkOptions): Sink {
  return {
    async send(records, log) {
      const body = `${records.map((r) => JSON.stringify({ log, changeId: r.changeId, ...r.json })).join('\n')}\n`;
      const headers: Record<string, string> = { 'content-type': 'application/x-ndjson' };
      if (opts.secret)
        headers[SIGNATURE_HEADER] = signature(opts.secret, Math.floor((opts.now ?? Date.now)() / 1000), body);
      const res = await post(opts.fetch ?? fetch, opts.url, { headers, body }, opts.timeoutMs ?? 30_000);
      if (!res.ok) throw new SinkError(`webhook refused the batch: ${await answerText(res)}`, { status: res.status });
      await res.body?.cancel();
      return records.length;
    },
    async close() {},
  };
}
