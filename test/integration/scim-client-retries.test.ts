import type { ServerResponse } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createScimClient, type ScimClientOptions, type ScimExchange } from '../../src/scim/client';
import { ScimError } from '../../src/scim/scim-error';
import { LIST_RESPONSE_SCHEMA, USER_SCHEMA } from '../../src/scim/urns';
import { closedPort, type RawServer, sendJson, startRawServer } from '../support/raw-http';

// Real sockets and real (small) waits: the unit tests drive the same policy on a fake clock.
const TOKEN = 'tkn-retry-secret-0815';
const NEW_USER = { schemas: [USER_SCHEMA], userName: 'ada' };
const EMPTY = { schemas: [LIST_RESPONSE_SCHEMA], totalResults: 0, startIndex: 1, itemsPerPage: 0, Resources: [] };

let servers: RawServer[];
let server: RawServer;
let exchanges: ScimExchange[];

beforeEach(async () => {
  server = await startRawServer();
  servers = [server];
  exchanges = [];
});
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

function client(opts: Partial<ScimClientOptions> = {}) {
  return createScimClient({
    baseUrl: `${server.origin}/scim`,
    token: TOKEN,
    onExchange: (x) => exchanges.push(x),
    retry: { baseBackoffMs: 10, maxBackoffMs: 40 },
    ...opts,
  });
}

/** Answer the first `n` requests with `fail`, the rest as a SCIM server would. */
function failFirst(n: number, fail: (res: ServerResponse) => void) {
  let seen = 0;
  server.handle((req, res) => {
    seen += 1;
    if (seen <= n) return fail(res);
    if (req.method === 'POST') return sendJson(res, 201, { ...NEW_USER, id: 'u1' });
    sendJson(res, 200, EMPTY);
  });
}

async function caught(p: Promise<unknown>): Promise<ScimError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ScimError);
  return err as ScimError;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Retry-After gate', () => {
  it('Should send no request of any caller before a 429 Retry-After: 1 has passed', async () => {
    let throttledAt = 0;
    server.handle((_req, res) => {
      if (throttledAt === 0) {
        throttledAt = Date.now();
        return sendJson(res, 429, { detail: 'slow down' }, { 'Retry-After': '1' });
      }
      sendJson(res, 200, EMPTY);
    });
    const c = client();
    const first = c.findUsers('userName eq "a"');
    while (exchanges.length === 0) await pause(5);
    await pause(20);
    await Promise.all([first, ...['b', 'c', 'd'].map((n) => c.findUsers(`userName eq "${n}"`))]);
    const later = server.requests.slice(1);
    expect(later).toHaveLength(4);
    for (const r of later) expect(r.receivedAt - throttledAt).toBeGreaterThanOrEqual(1000);
    expect(c.stats()).toMatchObject({ requests: 5, retries: 1, throttled: 1 });
    expect(c.stats().waitedMs).toBeGreaterThanOrEqual(3 * 900);
  });

  it('Should fail a 429 at once when its Retry-After exceeds maxRetryAfterMs', async () => {
    server.handle((_req, res) => sendJson(res, 429, { detail: 'slow down' }, { 'Retry-After': '12' }));
    const started = Date.now();
    const err = await caught(client({ retry: { maxRetryAfterMs: 10_000 } }).createUser(NEW_USER));
    expect(err).toMatchObject({ status: 429, retryable: true, retryAfterMs: 12_000, entraCode: 'TooManyRequests' });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(server.requests).toHaveLength(1);
  });
});

describe('retries on real sockets', () => {
  it('Should retry a GET that timed out and succeed', async () => {
    failFirst(1, () => undefined);
    await client({ timeoutMs: 150 }).findUsers('userName eq "a"');
    expect(exchanges.map((x) => [x.attempt, x.error ?? x.status])).toEqual([
      [1, 'scim_timeout'],
      [2, 200],
    ]);
  });

  it('Should not retry a POST that timed out', async () => {
    failFirst(1, () => undefined);
    const err = await caught(client({ timeoutMs: 150 }).createUser(NEW_USER));
    expect(err.failure).toBe('timeout');
    await pause(100);
    expect(server.requests).toHaveLength(1);
  });

  it('Should retry a GET whose connection was reset, but not a POST', async () => {
    failFirst(1, (res) => res.socket?.destroy());
    await client().findUsers('userName eq "a"');
    expect(server.requests).toHaveLength(2);
    expect(exchanges[0]?.error).toBe('scim_reset');

    failFirst(1, (res) => res.socket?.destroy());
    exchanges.length = 0;
    const err = await caught(client().createUser(NEW_USER));
    expect(err.failure).toBe('reset');
    expect(exchanges).toHaveLength(1);
  });

  it('Should retry a POST whose connection was refused, once the target is up', async () => {
    const port = await closedPort();
    const delays: number[] = [];
    const c = client({
      baseUrl: `http://127.0.0.1:${port}/scim`,
      sleep: async (ms) => {
        delays.push(ms);
        if (servers.length === 1) servers.push(await startRawServer(port));
        servers[1]?.handle((_req, res) => sendJson(res, 201, { ...NEW_USER, id: 'late-1' }));
      },
    });
    expect((await c.createUser(NEW_USER)).id).toBe('late-1');
    expect(exchanges.map((x) => x.error ?? x.status)).toEqual(['scim_connect', 201]);
    expect(delays).toHaveLength(1);
  });

  it('Should give up after maxAttempts refused connections', async () => {
    const port = await closedPort();
    const err = await caught(client({ baseUrl: `http://127.0.0.1:${port}/scim` }).getUser('u1'));
    expect(err.failure).toBe('connect');
    expect(exchanges.map((x) => x.attempt)).toEqual([1, 2, 3, 4]);
  });

  it('Should retry 500s and report each attempt', async () => {
    failFirst(2, (res) => sendJson(res, 500, { detail: 'boom' }));
    const c = client();
    await c.findUsers('userName eq "a"');
    expect(exchanges.map((x) => [x.attempt, x.status])).toEqual([
      [1, 500],
      [2, 500],
      [3, 200],
    ]);
    expect(c.stats()).toMatchObject({ requests: 3, retries: 2, throttled: 0 });
  });
});

describe('rate limit', () => {
  it('Should space parallel requests at requestsPerSecond', async () => {
    server.handle((_req, res) => sendJson(res, 200, EMPTY));
    const c = client({ requestsPerSecond: 25, maxConcurrency: 6 });
    await Promise.all(Array.from({ length: 6 }, (_, i) => c.findUsers(`userName eq "${i}"`)));
    const times = server.requests.map((r) => r.receivedAt).sort((a, b) => a - b);
    // 25/s is one per 40 ms: five gaps after the first; a few ms of tolerance for socket timing.
    expect((times.at(-1) ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(190);
  });
});
