/** What every sink offers the runner, and the one error a sink raises. */
import { AppError } from '../../kernel/errors';
import type { StreamRecord } from '../read-rows';

export interface Sink {
  /**
   * Deliver `records` in order. Resolves with how many leading records the sink acknowledged (all of them
   * normally; fewer after a partial `_bulk` failure); rejects with a SinkError when it acknowledged none.
   */
  send(records: StreamRecord[], log: 'provisioning' | 'audit'): Promise<number>;
  close(): Promise<void>;
}

/** A sink refused or could not be reached; always retryable (the runner backs off). Never carries a secret. */
export class SinkError extends AppError {
  constructor(message: string, context: Record<string, unknown> = {}, cause?: unknown) {
    super('stream_sink_failed', message, { retryable: true, context, cause });
  }
}

/** Short text of a non-2xx answer for lastError: the status and the first bytes of the body. */
export async function answerText(res: Response): Promise<string> {
  const body = await res.text().catch(() => '');
  return `HTTP ${res.status}${body ? `: ${body.slice(0, 200)}` : ''}`;
}

/** fetch with a deadline, turning network failures into SinkErrors that name the host only. */
export async function post(
  fetchFn: typeof fetch,
  url: string,
  init: { headers: Record<string, string>; body: string },
  timeoutMs: number,
): Promise<Response> {
  try {
    return await fetchFn(url, { method: 'POST', ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (cause) {
    const host = URL.canParse(url) ? new URL(url).host : 'sink';
    throw new SinkError(`${host} could not be reached: ${(cause as Error).message}`, { host }, cause);
  }
}
