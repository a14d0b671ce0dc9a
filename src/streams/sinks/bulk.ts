/**
 * OpenSearch / Elasticsearch `_bulk`: an NDJSON body of `index` actions with the change id as `_id`, so a
 * re-sent row overwrites itself instead of doubling. The answer is 200 even when items fail: each item has its
 * own status, and `errors: true` says some did. Failed items are re-sent (up to `attempts` times within one
 * send); the sink acknowledges only the prefix of the batch that is fully indexed, so the cursor never passes a
 * row the index does not hold. (OpenSearch "Bulk" API reference; Elasticsearch "Bulk API".)
 */
import type { StreamRecord } from '../read-rows';
import { answerText, post, type Sink, SinkError } from './sink';

export interface BulkSinkOptions {
  url: string;
  index: string;
  username?: string | undefined;
  password?: string | undefined;
  fetch?: typeof fetch;
  timeoutMs?: number;
  attempts?: number;
  retryDelayMs?: number;
}

interface BulkAnswer {
  errors?: boolean;
  items?: { index?: { status?: number; error?: { type?: string; reason?: string } } }[];
}

/** The document: the Graph shape plus `@timestamp`, which index patterns and dashboards key on. */
export function bulkBody(records: StreamRecord[], index: string): string {
  let out = '';
  for (const r of records) {
    out += `${JSON.stringify({ index: { _index: index, _id: r.changeId } })}\n`;
    out += `${JSON.stringify({ '@timestamp': new Date(r.time).toISOString(), ...r.json })}\n`;
  }
  return out;
}

/** Indexes of the items that did not succeed (a missing or short item list counts every item as failed). */
export function failedItems(answer: BulkAnswer, count: number): number[] {
  const items = answer.items ?? [];
  const failed: number[] = [];
  for (let i = 0; i < count; i++) {
    const status = items[i]?.index?.status ?? 0;
    if (status < 200 || status >= 300) failed.push(i);
  }
  return failed;
}

export function createBulkSink(opts: BulkSinkOptions): Sink {
  const endpoint = `${opts.url.replace(/\/+$/, '')}/_bulk`;
  const headers: Record<string, string> = { 'content-type': 'application/x-ndjson' };
  if (opts.username)
    headers.authorization = `Basic ${Buffer.from(`${opts.username}:${opts.password ?? ''}`).toString('base64')}`;

  async function once(records: StreamRecord[]): Promise<{ failed: number[]; reason: string }> {
    const res = await post(
      opts.fetch ?? fetch,
      endpoint,
      { headers, body: bulkBody(records, opts.index) },
      opts.timeoutMs ?? 30_000,
    );
    if (!res.ok) throw new SinkError(`_bulk refused the batch: ${await answerText(res)}`, { status: res.status });
    const answer = (await res.json().catch(() => ({}))) as BulkAnswer;
    const failed = answer.errors === false ? [] : failedItems(answer, records.length);
    const first = failed[0] === undefined ? undefined : answer.items?.[failed[0]]?.index;
    return {
      failed,
      reason: first
        ? `${first.status ?? 'no status'} ${first.error?.type ?? ''} ${first.error?.reason ?? ''}`.trim()
        : '',
    };
  }

  return {
    async send(records) {
      // pending[i] is the batch position of the i-th record still to index.
      let pending = records.map((_, i) => i);
      let reason = '';
      for (let attempt = 0; attempt < (opts.attempts ?? 3) && pending.length > 0; attempt++) {
        if (attempt > 0) await new Promise((r) => setTimeout(r, (opts.retryDelayMs ?? 200) * attempt));
        const r = await once(pending.map((i) => records[i] as StreamRecord));
        pending = r.failed.map((k) => pending[k] as number);
        reason = r.reason;
      }
      const acked = pending[0] ?? records.length;
      if (acked === 0) throw new SinkError(`_bulk did not index the first row: ${reason}`, { pending: pending.length });
      return acked;
    },
    async close() {},
  };
}
