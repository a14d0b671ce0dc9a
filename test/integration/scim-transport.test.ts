/**
 * The pooled undici transport against real sockets: keep-alive reuse across requests and clients (cycles),
 * the per-app socket cap, a timeout that covers a stalled body and closes the socket, and every network
 * failure classified as before (refused, reset, TLS; a PROVISIO_CA_FILE CA trusted, host names still checked).
 * The behaviours shared with the fetch transport run over both in scim-client.test.ts.
 */
import fs from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { trustedCas } from '../../src/scim/ca-fetch';
import { createScimClient, type ScimClientOptions } from '../../src/scim/client';
import { ScimError } from '../../src/scim/scim-error';
import { createTransportPools, type TransportPools } from '../../src/scim/transport-pool';
import { USER_SCHEMA } from '../../src/scim/urns';
import { closedPort, sendJson } from '../support/raw-http';

const FIXTURES = new URL('../security/fixtures/', import.meta.url);
const user = (id: string) => ({ schemas: [USER_SCHEMA], id, userName: `${id}@example.com` });

let pools: TransportPools;
let server: Server | null = null;
afterEach(async () => {
  await pools.closeAll();
  const s = server;
  server = null;
  if (s) {
    s.closeAllConnections();
    await new Promise<void>((r) => s.close(() => r()));
  }
});

type Handler = (url: string, res: ServerResponse) => void | Promise<void>;

/** A node:http server on 127.0.0.1:0 that counts requests, the TCP connections it accepted and those open now. */
async function countingServer() {
  let handler: Handler = (_url, res) => sendJson(res, 500, { detail: 'no handler set' });
  const counts = { requests: 0, accepted: 0, open: 0, peakOpen: 0, closed: 0 };
  const http = createServer((req, res) => {
    counts.requests += 1;
    req.resume();
    req.on('end', () => void handler(req.url ?? '', res));
  });
  http.on('connection', (socket: Socket) => {
    counts.accepted += 1;
    counts.open += 1;
    counts.peakOpen = Math.max(counts.peakOpen, counts.open);
    socket.on('close', () => {
      counts.open -= 1;
      counts.closed += 1;
    });
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  server = http;
  const origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return { origin, counts, handle: (h: Handler) => (handler = h) };
}

function client(baseUrl: string, opts: Partial<ScimClientOptions> & { appId?: string } = {}) {
  const { appId = 'app-1', ...rest } = opts;
  return createScimClient({
    baseUrl,
    token: 'tkn-secret',
    retry: { maxAttempts: 1 },
    transport: pools.forApp(appId, opts.maxConcurrency ?? 4),
    ...rest,
  });
}

async function caught(p: Promise<unknown>): Promise<ScimError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof ScimError)) throw new Error(`expected a ScimError, got ${String(err)}`);
  return err;
}

describe('keep-alive and the per-app pool', () => {
  it('reuses keep-alive connections for sequential requests and for the next client of the app (a new cycle)', async () => {
    pools = createTransportPools();
    const s = await countingServer();
    const { counts } = s;
    s.handle((url, res) => sendJson(res, 200, user(url.split('/').pop() ?? '')));
    const first = client(`${s.origin}/scim`);
    for (let i = 0; i < 5; i++) expect((await first.getUser(`u${i}`)).id).toBe(`u${i}`);
    await new Promise((r) => setTimeout(r, 20));
    const before = counts.accepted;
    const nextCycle = client(`${s.origin}/scim`);
    await nextCycle.getUser('again');
    expect(counts.accepted).toBe(before);
    expect(counts.requests).toBe(6);
    // undici waits one event-loop turn before reusing a socket (pipelining 1), so a request sent right after
    // the previous answer may take a second one; never one socket per request.
    expect(counts.accepted).toBeLessThanOrEqual(2);
  });

  it('opens no more sockets than the connection cap under more concurrent requests', async () => {
    pools = createTransportPools();
    const s = await countingServer();
    const { counts } = s;
    s.handle(async (_url, res) => {
      await new Promise((r) => setTimeout(r, 40));
      sendJson(res, 200, user('u'));
    });
    // The client lets 10 through; the app's dispatcher has 3 sockets, so 7 wait in the pool's queue.
    const transport = pools.forApp('capped', 3);
    const c = client(`${s.origin}/scim`, { maxConcurrency: 10, transport });
    await Promise.all(Array.from({ length: 10 }, (_, i) => c.getUser(String(i))));
    expect(counts.requests).toBe(10);
    expect(counts.accepted).toBe(3);
    expect(counts.peakOpen).toBe(3);
  });

  it('gives a new Max concurrency a new pool, while a running client keeps sending through the old one', async () => {
    pools = createTransportPools();
    const s = await countingServer();
    s.handle((_url, res) => sendJson(res, 200, user('u')));
    const running = client(`${s.origin}/scim`, { maxConcurrency: 4 });
    await running.getUser('u');
    const resized = client(`${s.origin}/scim`, { maxConcurrency: 8 });
    await resized.getUser('u');
    await running.getUser('u');
    expect(s.counts.requests).toBe(3);
    expect(s.counts.accepted).toBe(2);
  });

  it('keeps separate applications on separate connections', async () => {
    pools = createTransportPools();
    const s = await countingServer();
    const { counts } = s;
    s.handle((_url, res) => sendJson(res, 200, user('u')));
    await client(`${s.origin}/scim`, { appId: 'a' }).getUser('u');
    await client(`${s.origin}/scim`, { appId: 'b' }).getUser('u');
    await client(`${s.origin}/scim`, { appId: 'a' }).getUser('u');
    expect(counts.accepted).toBe(2);
  });
});

describe('timeouts and body cap', () => {
  it('times out on a body that stalls after the headers, and closes that socket', async () => {
    pools = createTransportPools();
    const s = await countingServer();
    const { counts } = s;
    s.handle((_url, res) => {
      res.writeHead(200, { 'Content-Type': 'application/scim+json' });
      res.write('{"schemas":');
    });
    const started = Date.now();
    const err = await caught(client(`${s.origin}/scim`, { timeoutMs: 250 }).getUser('u'));
    expect(err).toMatchObject({ failure: 'timeout', entraCode: 'Timeout', status: null });
    expect(Date.now() - started).toBeLessThan(3000);
    // The aborted request's socket is destroyed, not left to the server's timeout; nothing was sent twice.
    await expect.poll(() => counts.open, { timeout: 2000 }).toBe(0);
    expect(counts.requests).toBe(1);
  });

  it('stops reading a chunked body past the cap and still serves the next request', async () => {
    pools = createTransportPools();
    const s = await countingServer();
    s.handle((url, res) => {
      if (url.endsWith('/small')) return sendJson(res, 200, user('small'));
      res.writeHead(200, { 'Content-Type': 'application/scim+json' });
      const timer = setInterval(() => res.write(`"${'x'.repeat(8192)}",`), 1);
      res.on('close', () => clearInterval(timer));
    });
    const c = client(`${s.origin}/scim`, { maxBodyBytes: 32 * 1024 });
    expect((await caught(c.getUser('big'))).failure).toBe('bodyTooLarge');
    expect((await c.getUser('small')).id).toBe('small');
  });

  it('drops a body refused by its declared length unread, without an uncaught error (which would end the process)', async () => {
    pools = createTransportPools();
    const s = await countingServer();
    // The whole body arrives with the headers: undici has finished the request (and dropped its own listeners)
    // by the time the client refuses on Content-Length and destroys the unread stream.
    s.handle((_url, res) => sendJson(res, 200, { ...user('u'), pad: 'y'.repeat(5000) }));
    const uncaught: unknown[] = [];
    const watch = (err: unknown) => uncaught.push(err);
    process.on('uncaughtException', watch);
    try {
      for (let i = 0; i < 5; i++) {
        const err = await caught(client(`${s.origin}/scim`, { maxBodyBytes: 1000 }).getUser(`big${i}`));
        expect(err.failure).toBe('bodyTooLarge');
      }
      // The stream's 'error' comes on a later tick than the refusal.
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      process.off('uncaughtException', watch);
    }
    expect(uncaught).toEqual([]);
  });
});

describe('network failures', () => {
  it('classifies a refused connection', async () => {
    pools = createTransportPools();
    const port = await closedPort();
    const err = await caught(client(`http://127.0.0.1:${port}/scim`).getUser('u'));
    expect(err).toMatchObject({ failure: 'connect', retryable: true, status: null });
  });

  it('classifies a connection reset before the answer', async () => {
    pools = createTransportPools();
    const s = await countingServer();
    s.handle((_url, res) => void res.socket?.destroy());
    const err = await caught(client(`${s.origin}/scim`).getUser('u'));
    expect(err).toMatchObject({ failure: 'reset', retryable: true });
  });

  it('refuses an unknown CA, trusts it from the CA file, and still checks the host name', async () => {
    const tls = https.createServer(
      { key: fs.readFileSync(new URL('server.key', FIXTURES)), cert: fs.readFileSync(new URL('server.pem', FIXTURES)) },
      (_req, res) => sendJson(res, 200, user('tls')),
    );
    server = tls;
    const listen = (host: string) =>
      new Promise<number>((r) => tls.listen(0, host, () => r((tls.address() as AddressInfo).port)));
    const port = await listen('127.0.0.1');

    pools = createTransportPools();
    const plain = await caught(client(`https://127.0.0.1:${port}/scim`).getUser('u'));
    expect(plain).toMatchObject({ failure: 'tls', retryable: true });
    await pools.closeAll();

    pools = createTransportPools({ ca: trustedCas(new URL('ca.pem', FIXTURES).pathname) });
    expect((await client(`https://127.0.0.1:${port}/scim`).getUser('u')).id).toBe('tls');
    // The certificate names 127.0.0.1 and localhost, not 127.0.0.2.
    tls.closeAllConnections();
    await new Promise<void>((r) => tls.close(() => r()));
    const other = await listen('127.0.0.2');
    const wrongName = await caught(client(`https://127.0.0.2:${other}/scim`, { appId: 'other' }).getUser('u'));
    expect(wrongName.failure).toBe('tls');
  });
});
