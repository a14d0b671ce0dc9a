/**
 * Splunk HTTP Event Collector: one POST per batch of concatenated event objects to /services/collector/event,
 * `Authorization: Splunk <token>`; 200 with {code: 0} acknowledges the whole batch (Splunk docs, "Format events
 * for HTTP Event Collector" and "HTTP Event Collector REST API endpoints").
 */
import type { StreamRecord } from '../read-rows';
import { answerText, post, type Sink, SinkError } from './sink';

export const HEC = { path: '/services/collector/event', source: 'provisio' } as const;

export interface HecSinkOptions {
  url: string;
  token: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/** The collector endpoint: the URL as given when it names one, else the event endpoint under it. */
export function hecEndpoint(url: string): string {
  return /\/services\/collector(\/|$)/.test(url) ? url : `${url.replace(/\/+$/, '')}${HEC.path}`;
}

/** The HEC event envelope: `time` in epoch seconds, the row as `event`. */
export function hecEvent(r: StreamRecord, log: 'provisioning' | 'audit') {
  return { time: r.time / 1000, source: HEC.source, sourcetype: `provisio:${log}`, event: r.json };
}

export function createHecSink(opts: HecSinkOptions): Sink {
  const endpoint = hecEndpoint(opts.url);
  return {
    async send(records, log) {
      const body = records.map((r) => JSON.stringify(hecEvent(r, log))).join('\n');
      const res = await post(
        opts.fetch ?? fetch,
        endpoint,
        { headers: { authorization: `Splunk ${opts.token}`, 'content-type': 'application/json' }, body },
        opts.timeoutMs ?? 30_000,
      );
      if (!res.ok) throw new SinkError(`HEC refused the batch: ${await answerText(res)}`, { status: res.status });
      const answer = (await res.json().catch(() => null)) as { code?: number; text?: string } | null;
      if (answer?.code !== undefined && answer.code !== 0)
        throw new SinkError(`HEC refused the batch: code ${answer.code} ${answer.text ?? ''}`.trim());
      return records.length;
    },
    async close() {},
  };
}
