/**
 * A SCIM call as callers see it: attempts of `sendOnce`, each inside a concurrency slot and admitted by the
 * client's pacer (Retry-After gate, rate limit), retried per `retry-policy.ts`; with adaptive pacing, each
 * attempt's outcome moves the limit and the rate. Backoff is slept outside
 * the slot so one failing call does not hold capacity the other callers could use meanwhile.
 */
import { type HttpConfig, relativePath, type ScimRequest, sendOnce } from './http';
import type { Admission } from './pacer';
import type { PacingSample } from './pacing';
import type { RawResponse, ResponseContext } from './response-shape';
import { isThrottleStatus, nextStep } from './retry-policy';
import { ScimError } from './scim-error';

type Held = Extract<Admission, { ok: false }>;
type Outcome<T> = { ok: true; value: T } | Held;

/**
 * Send a request, retrying what the policy allows; 2xx answers go to `interpret`, every failure of the
 * target is a ScimError (the last attempt's). When the client's signal aborts a wait, the last ScimError is
 * thrown, or the signal's reason if nothing was sent yet.
 */
export async function scimRequest<T>(
  cfg: HttpConfig,
  req: ScimRequest,
  interpret: (res: RawResponse, ctx: ResponseContext) => T,
): Promise<T> {
  let waitedMs = 0;
  let last: ScimError | null = null;
  for (let attempt = 1; ; attempt += 1) {
    let outcome: Outcome<T>;
    try {
      outcome = await cfg.semaphore.run(async (): Promise<Outcome<T>> => {
        const admission = await cfg.pacer.admit(cfg.retry.maxRetryAfterMs);
        waitedMs += admission.waitedMs;
        cfg.stats.waitedMs += admission.waitedMs;
        cfg.pacing?.waited(admission.waitedMs);
        if (!admission.ok) return admission;
        if (attempt > 1) cfg.stats.retries += 1;
        const meta = { attempt, waitedMs };
        waitedMs = 0;
        return { ok: true, value: await sendPaced(cfg, req, interpret, meta) };
      });
    } catch (err) {
      // An aborted wait ends the call with the failure that caused it, if there was one.
      if (!(err instanceof ScimError)) throw cfg.signal?.aborted && last !== null ? last : err;
      last = err;
      holdIfAsked(cfg, err);
      const step = nextStep(err, req.method, attempt, cfg.retry, cfg.random);
      if (!step.retry) throw err;
      // A Retry-After wait happens in the next admission, at the gate every caller shares.
      if (step.wait === 'backoff') waitedMs += await backoff(cfg, step.delayMs, err);
      continue;
    }
    if (outcome.ok) return outcome.value;
    throw heldError(cfg, req, outcome);
  }
}

/** `sendOnce`, telling adaptive pacing how it went: round trip, throttle or timeout. */
async function sendPaced<T>(
  cfg: HttpConfig,
  req: ScimRequest,
  interpret: (res: RawResponse, ctx: ResponseContext) => T,
  meta: { attempt: number; waitedMs: number },
): Promise<T> {
  const pacing = cfg.pacing;
  if (!pacing) return sendOnce(cfg, req, interpret, meta);
  const sentAt = cfg.clock.now();
  const inFlight = cfg.semaphore.active;
  const record = (kind: PacingSample['kind']) => {
    const now = cfg.clock.now();
    pacing.record({ kind, sentAt, rttMs: Math.max(0, now - sentAt), inFlight }, now);
  };
  try {
    const value = await sendOnce(cfg, req, interpret, meta);
    record('answer');
    return value;
  } catch (err) {
    record(err instanceof ScimError ? sampleKind(err) : 'other');
    throw err;
  }
}

/**
 * What a failed attempt tells pacing. A 4xx is an answer like any (its round trip counts); 429/503 and
 * timeouts are the target saying "less"; other 5xx and network failures say nothing about load.
 */
function sampleKind(err: ScimError): PacingSample['kind'] {
  if (err.failure === 'timeout') return 'timeout';
  if (err.failure !== 'http' || err.status === null) return 'other';
  if (isThrottleStatus(err.status)) return 'throttled';
  return err.status < 500 ? 'answer' : 'other';
}

/** A 429/503 with Retry-After closes the gate for every caller, whether or not this call retries. */
function holdIfAsked(cfg: HttpConfig, err: ScimError): void {
  if (err.failure !== 'http' || !isThrottleStatus(err.status) || err.retryAfterMs === null) return;
  cfg.pacer.holdUntil(cfg.clock.now() + err.retryAfterMs, err);
}

async function backoff(cfg: HttpConfig, ms: number, last: ScimError): Promise<number> {
  try {
    await cfg.sleep(ms, cfg.signal);
  } catch (err) {
    throw cfg.signal?.aborted ? last : err;
  }
  // An injected sleep may ignore the signal.
  if (cfg.signal?.aborted) throw last;
  cfg.stats.waitedMs += ms;
  cfg.pacing?.waited(ms);
  return ms;
}

/**
 * The failure of a request that was not sent because the target asked, with a Retry-After beyond
 * `maxRetryAfterMs`, that nothing be sent before `notBefore`. It mirrors that answer (status, code,
 * retryable) with `retryAfterMs` counting down to the same instant, so the caller escrows it likewise.
 */
function heldError(cfg: HttpConfig, req: ScimRequest, held: Held): ScimError {
  const { cause, notBefore } = held;
  const until = new Date(notBefore).toISOString();
  const asked = `the target asked (HTTP ${cause.status ?? 'unknown'})`;
  const reason = `Not sent: ${asked} that no request be sent before ${until}.`;
  const { entraCode, category, recommendedAction } = cause;
  return new ScimError(
    {
      operation: req.operation,
      method: req.method,
      path: `/${relativePath(cfg, req)}`,
      host: cfg.baseUrl.host,
      failure: cause.failure,
      rule: { retryable: true, entraCode, category, reason, recommendedAction },
      reason,
      status: cause.status,
      scimType: cause.scimType,
      detail: cause.detail,
      retryAfterMs: Math.max(0, notBefore - cfg.clock.now()),
      bodyExcerpt: null,
      contentType: null,
      problem: `not sent; the target is throttling until ${until}`,
    },
    cause,
  );
}
