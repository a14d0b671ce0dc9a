import { describe, expect, it } from 'vitest';
import { createScimClient, type ScimClientOptions, type ScimExchange } from '../../src/scim/client';
import { ScimError } from '../../src/scim/scim-error';
import { LIST_RESPONSE_SCHEMA, USER_SCHEMA } from '../../src/scim/urns';

// A whole second, so an HTTP-date Retry-After (second precision) is exact.
const START = Date.UTC(2026, 0, 1, 12, 0, 0);
const NEW_USER = { schemas: [USER_SCHEMA], userName: 'ada' };

type Answer = Response | Error;

/** A client on a fake clock: `sleep` records each delay and moves the clock by it; nothing really waits. */
function harness(answers: Answer[], opts: Partial<ScimClientOptions> = {}) {
  let now = START;
  const delays: number[] = [];
  const sentAt: number[] = [];
  const exchanges: ScimExchange[] = [];
  const fetch = async (): Promise<Response> => {
    sentAt.push(now - START);
    const answer = answers.shift() ?? ok();
    if (answer instanceof Error) throw answer;
    return answer;
  };
  const client = createScimClient({
    baseUrl: 'https://target.example/scim',
    token: 'secret-token',
    fetch: fetch as typeof globalThis.fetch,
    clock: { now: () => now },
    sleep: async (ms) => {
      delays.push(ms);
      now += ms;
    },
    random: () => 0.5,
    onExchange: (x) => exchanges.push(x),
    ...opts,
  });
  return { client, delays, sentAt, exchanges, advance: (ms: number) => (now += ms), answers };
}

function ok(): Response {
  const body = { schemas: [LIST_RESPONSE_SCHEMA], totalResults: 0, Resources: [] };
  return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/scim+json' } });
}
function created(): Response {
  const body = { ...NEW_USER, id: 'u1' };
  return new Response(JSON.stringify(body), { status: 201, headers: { 'content-type': 'application/scim+json' } });
}
function status(code: number, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ detail: `status ${code}` }), {
    status: code,
    headers: { 'content-type': 'application/scim+json', ...headers },
  });
}
function network(code: string): Error {
  return new TypeError('fetch failed', { cause: Object.assign(new Error(`connect ${code}`), { code }) });
}
const timeout = () => new DOMException('The operation was aborted due to timeout', 'TimeoutError');

async function caught(p: Promise<unknown>): Promise<ScimError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ScimError);
  return err as ScimError;
}

describe('Retry-After', () => {
  it('Should wait a 429 Retry-After of 2 s, then succeed, counting the throttle and the wait', async () => {
    const h = harness([status(429, { 'Retry-After': '2' }), created()]);
    expect((await h.client.createUser(NEW_USER)).id).toBe('u1');
    expect(h.delays).toEqual([2000]);
    expect(h.sentAt).toEqual([0, 2000]);
    expect(h.client.stats()).toEqual({ requests: 2, retries: 1, throttled: 1, waitedMs: 2000 });
    expect(h.exchanges.map((x) => [x.status, x.attempt, x.waitedMs])).toEqual([
      [429, 1, 0],
      [201, 2, 2000],
    ]);
  });

  it('Should honour an HTTP-date Retry-After on 503', async () => {
    const date = new Date(START + 7000).toUTCString();
    const h = harness([status(503, { 'Retry-After': date }), ok()]);
    await h.client.findUsers('userName eq "a"');
    expect(h.delays).toEqual([7000]);
    expect(h.client.stats()).toMatchObject({ requests: 2, retries: 1, throttled: 1, waitedMs: 7000 });
  });

  it('Should retry a 503 without Retry-After after a jittered backoff', async () => {
    const h = harness([status(503), ok()]);
    await h.client.findUsers('userName eq "a"');
    expect(h.delays).toEqual([250]);
    expect(h.client.stats()).toMatchObject({ requests: 2, retries: 1, throttled: 1 });
  });

  it('Should fail at once with retryAfterMs when Retry-After exceeds the cap, and hold every later call', async () => {
    const h = harness([status(429, { 'Retry-After': '600' })], { retry: { maxRetryAfterMs: 60_000 } });
    const first = await caught(h.client.patchUser('u1', []));
    expect(first).toMatchObject({ status: 429, retryAfterMs: 600_000, retryable: true, entraCode: 'TooManyRequests' });
    expect(h.delays).toEqual([]);

    h.advance(100_000);
    const held = await caught(h.client.getUser('u2'));
    expect(held).toMatchObject({ status: 429, retryAfterMs: 500_000, retryable: true, detail: 'status 429' });
    expect(held.context).toMatchObject({ method: 'GET', path: '/Users/u2' });
    expect(held.message).toContain('Not sent');
    expect(h.sentAt).toEqual([0]);

    h.advance(500_000);
    await h.client.getUser('u3').catch(() => undefined);
    expect(h.sentAt).toEqual([0, 600_000]);
    expect(h.client.stats()).toMatchObject({ requests: 2, retries: 0, throttled: 1 });
  });

  it('Should hold concurrent callers behind one Retry-After (shared not-before instant)', async () => {
    const h = harness([status(429, { 'Retry-After': '1' })]);
    const first = h.client.findUsers('userName eq "a"');
    await new Promise((r) => setTimeout(r, 0));
    await Promise.all([first, h.client.findUsers('userName eq "b"'), h.client.findUsers('userName eq "c"')]);
    // The throttled call's retry and both later callers leave at the instant the target named, not before.
    expect(h.sentAt).toEqual([0, 1000, 1000, 1000]);
    expect(h.client.stats()).toMatchObject({ requests: 4, retries: 1, throttled: 1 });
  });
});

describe('backoff', () => {
  it('Should succeed after three 500s within four attempts, with full-jitter delays', async () => {
    const h = harness([status(500), status(500), status(500), ok()]);
    await h.client.findUsers('userName eq "a"');
    expect(h.delays).toEqual([250, 500, 1000]);
    expect(h.exchanges.map((x) => [x.status, x.attempt, x.waitedMs])).toEqual([
      [500, 1, 0],
      [500, 2, 250],
      [500, 3, 500],
      [200, 4, 1000],
    ]);
    expect(h.client.stats()).toEqual({ requests: 4, retries: 3, throttled: 0, waitedMs: 1750 });
  });

  it('Should fail with the last 500 after four attempts', async () => {
    const h = harness([status(500), status(500), status(500), status(500), ok()]);
    const err = await caught(h.client.deleteUser('u1'));
    expect(err).toMatchObject({ status: 500, entraCode: 'InternalServerError' });
    expect(h.exchanges.map((x) => x.attempt)).toEqual([1, 2, 3, 4]);
    expect(h.client.stats()).toMatchObject({ requests: 4, retries: 3 });
  });

  it('Should keep each delay below base · 2^n with random() close to 1, and respect maxAttempts', async () => {
    const h = harness([status(502), status(502), ok()], {
      random: () => 0.999,
      retry: { maxAttempts: 3, baseBackoffMs: 100, maxBackoffMs: 150 },
    });
    await h.client.getUser('u1').catch(() => undefined);
    expect(h.delays).toEqual([99.9, 149.85]);
  });

  it.each([400, 401, 403, 404, 409, 412, 422, 501])('Should never retry HTTP %i', async (code) => {
    const h = harness([status(code), ok()]);
    await caught(h.client.patchUser('u1', []));
    expect(h.sentAt).toHaveLength(1);
    expect(h.delays).toEqual([]);
    expect(h.client.stats()).toMatchObject({ requests: 1, retries: 0 });
  });

  it('Should not retry a POST after a timeout or a reset (it may have been created)', async () => {
    for (const failure of [timeout(), network('ECONNRESET')]) {
      const h = harness([failure, created()]);
      const err = await caught(h.client.createUser(NEW_USER));
      expect(['timeout', 'reset']).toContain(err.failure);
      expect(h.sentAt).toHaveLength(1);
    }
  });

  it('Should retry a GET or PATCH after a timeout or a reset', async () => {
    const h = harness([timeout(), network('ECONNRESET'), ok()]);
    await h.client.findUsers('userName eq "a"');
    expect(h.sentAt).toHaveLength(3);
  });

  it('Should retry a POST whose connection was refused (it never reached the target)', async () => {
    const h = harness([network('ECONNREFUSED'), created()]);
    expect((await h.client.createUser(NEW_USER)).id).toBe('u1');
    expect(h.exchanges.map((x) => x.error ?? x.status)).toEqual(['scim_connect', 201]);
  });

  it('Should not retry within Test Connection', async () => {
    const h = harness([status(500), ok()]);
    expect(await h.client.testConnection()).toMatchObject({ ok: false, status: 500 });
    expect(h.sentAt).toHaveLength(1);
  });
});

describe('rate limit', () => {
  it('Should space 10 requests at 5 per second over 1.8 s', async () => {
    const h = harness([], { requestsPerSecond: 5 });
    for (let i = 0; i < 10; i += 1) await h.client.getUser(`u${i}`).catch(() => undefined);
    expect(h.sentAt).toEqual([0, 200, 400, 600, 800, 1000, 1200, 1400, 1600, 1800]);
    expect(h.client.stats()).toMatchObject({ requests: 10, waitedMs: 1800 });
  });

  it('Should let a burst of up to the rate through after an idle second', async () => {
    const h = harness([], { requestsPerSecond: 3 });
    await h.client.getUser('warm').catch(() => undefined);
    h.advance(5000);
    for (let i = 0; i < 4; i += 1) await h.client.getUser(`u${i}`).catch(() => undefined);
    expect(h.sentAt.slice(1).map((t) => Math.round(t - 5000))).toEqual([0, 0, 0, 333]);
  });

  it('Should reject a non-positive rate', () => {
    expect(() => harness([], { requestsPerSecond: 0 })).toThrow(/requestsPerSecond/);
  });
});

describe('cancellation', () => {
  it('Should end a Retry-After wait when the signal aborts, failing with the 429', async () => {
    const stop = new AbortController();
    const h = harness([status(429, { 'Retry-After': '60' })], { signal: stop.signal, sleep: undefined });
    const started = Date.now();
    const pending = caught(h.client.getUser('u1'));
    setTimeout(() => stop.abort(), 20);
    expect(await pending).toMatchObject({ status: 429, retryAfterMs: 60_000 });
    expect(Date.now() - started).toBeLessThan(2000);
    await expect(h.client.getUser('u2')).rejects.toMatchObject({ name: 'AbortError' });
    expect(h.sentAt).toHaveLength(1);
  });
});
