import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createScimClient, type ScimClientOptions, type ScimExchange } from '../../src/scim/client';
import { eqFilter } from '../../src/scim/filter';
import { disableOps } from '../../src/scim/patch-diff';
import { ScimError } from '../../src/scim/scim-error';
import { createTransportPools, type TransportPools } from '../../src/scim/transport-pool';
import { LIST_RESPONSE_SCHEMA, PATCH_OP_SCHEMA, USER_SCHEMA } from '../../src/scim/urns';
import { closedPort, type RawServer, sendJson, startRawServer } from '../support/raw-http';

const TOKEN = 'tkn-Zq9xV3-very-secret-4711';
const UUID = '3f0a3a0e-6d0c-4b6e-9a53-2c1f0f6c9d11';

let server: RawServer;
let exchanges: ScimExchange[];
// Set per run below: every test runs over the default fetch transport and over the pooled undici one.
let pools: TransportPools | null = null;

beforeEach(async () => {
  server = await startRawServer();
  exchanges = [];
});
afterEach(async () => {
  await pools?.closeAll();
  await server.close();
});

function client(opts: Partial<ScimClientOptions> = {}) {
  return createScimClient({
    baseUrl: `${server.origin}/scim`,
    token: TOKEN,
    onExchange: (x) => exchanges.push(x),
    randomUuid: () => UUID,
    ...(pools ? { transport: pools.forApp('app', opts.maxConcurrency ?? 4) } : {}),
    ...opts,
  });
}

const user = (id: string) => ({ schemas: [USER_SCHEMA], id, userName: `${id}@example.com` });
const list = (resources: unknown[], total: number, startIndex = 1) => ({
  schemas: [LIST_RESPONSE_SCHEMA],
  totalResults: total,
  startIndex,
  itemsPerPage: resources.length,
  Resources: resources,
});

async function caught(p: Promise<unknown>): Promise<ScimError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(ScimError);
    return err as ScimError;
  }
  throw new Error('expected a ScimError');
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

function query(url: string): URLSearchParams {
  return new URL(url, 'http://x').searchParams;
}

describe.each([
  ['fetch', false],
  ['the pooled undici transport', true],
])('over %s', (_name, pooled) => {
  beforeEach(() => {
    pools = pooled ? createTransportPools() : null;
  });
  describe('pagination', () => {
    it('Should keep paging after short pages until totalResults is reached', async () => {
      const all = Array.from({ length: 7 }, (_, i) => user(`u${i + 1}`));
      // The server caps pages at 3 whatever count asks for (as AWS does at 50-100).
      server.handle((req, res) => {
        const start = Number(query(req.url).get('startIndex') ?? '1');
        sendJson(res, 200, list(all.slice(start - 1, start - 1 + 3), all.length, start));
      });
      const got = await collect(client().listUsers());
      expect(got.map((u) => u.id)).toEqual(all.map((u) => u.id));
      expect(server.requests.map((r) => [query(r.url).get('startIndex'), query(r.url).get('count')])).toEqual([
        ['1', '100'],
        ['4', '100'],
        ['7', '100'],
      ]);
    });

    it('Should stop on an empty page even if totalResults claims more (no infinite loop)', async () => {
      server.handle((req, res) => {
        const start = Number(query(req.url).get('startIndex') ?? '1');
        sendJson(res, 200, start === 1 ? list([user('a'), user('b')], 50) : list([], 50, start));
      });
      const got = await collect(client().listUsers(undefined, { pageSize: 2 }));
      expect(got.map((u) => u.id)).toEqual(['a', 'b']);
      expect(server.requests).toHaveLength(2);
    });

    it('Should stop when a server ignores startIndex and repeats page 1, yielding no duplicates', async () => {
      server.handle((_req, res) => sendJson(res, 200, list([user('a'), user('b')], 10)));
      const got = await collect(client().listUsers(undefined, { pageSize: 2 }));
      expect(got.map((u) => u.id)).toEqual(['a', 'b']);
      expect(server.requests).toHaveLength(2);
    });

    it('Should query like Entra: escaped filter, %20 spaces, no paging parameters, members excluded for groups', async () => {
      server.handle((_req, res) => sendJson(res, 200, list([], 0)));
      await client().findUsers(eqFilter('userName', 'a"b\\c d'));
      await client().findGroups(eqFilter('displayName', 'Sales'));
      expect(server.requests[0]?.url).toBe('/scim/Users?filter=userName%20eq%20%22a%5C%22b%5C%5Cc%20d%22');
      expect(server.requests[1]?.url).toBe(
        '/scim/Groups?excludedAttributes=members&filter=displayName%20eq%20%22Sales%22',
      );
    });

    it('Should raise MultipleEntriesInResponse when a match query returns more than one object', async () => {
      server.handle((_req, res) => sendJson(res, 200, list([user('a'), user('b')], 2)));
      const err = await caught(client().findOneUser(eqFilter('userName', 'dup')));
      expect(err).toMatchObject({
        entraCode: 'SystemForCrossDomainIdentityManagementMultipleEntriesInResponse',
        failure: 'multipleEntries',
      });
      expect(err.message).toContain('returned 2 objects');
    });

    it('Should reject a ListResponse without totalResults as ServiceIncompatible', async () => {
      server.handle((_req, res) => sendJson(res, 200, { schemas: [LIST_RESPONSE_SCHEMA], Resources: [] }));
      const err = await caught(client().findUsers('userName eq "a"'));
      expect(err).toMatchObject({
        entraCode: 'SystemForCrossDomainIdentityManagementServiceIncompatible',
        failure: 'notScim',
      });
    });
  });

  describe('resource operations', () => {
    it('Should send headers, bodies and methods as Entra does', async () => {
      server.handle((req, res) => {
        if (req.method === 'POST') return sendJson(res, 201, { ...JSON.parse(req.body), id: 'new-1' });
        if (req.method === 'PATCH') return void res.writeHead(204).end();
        if (req.method === 'DELETE') return void res.writeHead(204).end();
        if (req.method === 'PUT') return sendJson(res, 200, { ...JSON.parse(req.body), id: 'u1' });
        sendJson(res, 200, user('u1'));
      });
      const c = client();
      const created = await c.createUser({ schemas: [USER_SCHEMA], userName: 'ada' });
      expect(created.id).toBe('new-1');
      expect(await c.patchUser('u1', disableOps())).toBeNull();
      expect((await c.replaceUser('u1', { schemas: [USER_SCHEMA], userName: 'ada' })).id).toBe('u1');
      expect((await c.getUser('a/b c')).id).toBe('u1');
      await c.getGroup('g1');
      await c.deleteUser('u1');

      const [post, patch, put, get, getGroup, del] = server.requests;
      expect(post).toMatchObject({ method: 'POST', url: '/scim/Users' });
      expect(post?.headers).toMatchObject({
        authorization: `Bearer ${TOKEN}`,
        accept: 'application/scim+json',
        'content-type': 'application/scim+json',
      });
      expect(JSON.parse(patch?.body ?? '')).toEqual({
        schemas: [PATCH_OP_SCHEMA],
        Operations: [{ op: 'replace', path: 'active', value: false }],
      });
      expect(patch?.url).toBe('/scim/Users/u1');
      expect(put?.method).toBe('PUT');
      expect(get?.url).toBe('/scim/Users/a%2Fb%20c');
      expect(get?.headers['content-type']).toBeUndefined();
      expect(getGroup?.url).toBe('/scim/Groups/g1?excludedAttributes=members');
      expect(del).toMatchObject({ method: 'DELETE', url: '/scim/Users/u1' });
    });

    it.each([
      ['https://h/scim', '/scim/Users'],
      ['/scim/', '/scim/Users'],
      ['/scim//', '/scim/Users'],
      ['', '/Users'],
      ['/scim?tenant=7', '/scim/Users?tenant=7&filter=x%20eq%20%221%22'],
    ])('Should join base path %j and Users', async (suffix, expected) => {
      server.handle((_req, res) => sendJson(res, 200, list([], 0)));
      const base = suffix.startsWith('https://') ? `${server.origin}/scim` : `${server.origin}${suffix}`;
      await client({ baseUrl: base }).findUsers(suffix.includes('?') ? 'x eq "1"' : 'userName eq "1"');
      expect(server.requests[0]?.url.startsWith(expected)).toBe(true);
    });

    it('Should classify 404 as InvalidAnchor on update and NotFound on read', async () => {
      server.handle((_req, res) =>
        sendJson(res, 404, {
          schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
          status: '404',
          detail: 'Resource 9 not found',
        }),
      );
      const c = client();
      const onPatch = await caught(c.patchUser('9', disableOps()));
      expect(onPatch).toMatchObject({
        status: 404,
        entraCode: 'InvalidAnchor',
        retryable: false,
        detail: 'Resource 9 not found',
      });
      const onGet = await caught(c.getUser('9'));
      expect(onGet.entraCode).toBe('NotFound');
    });

    it('Should expose Retry-After on 429 as retryAfterMs when it is beyond what the client waits', async () => {
      server.handle((_req, res) => sendJson(res, 429, { detail: 'slow down' }, { 'Retry-After': '12' }));
      const c = client({ retry: { maxRetryAfterMs: 5000 } });
      const err = await caught(c.createUser({ schemas: [USER_SCHEMA], userName: 'a' }));
      expect(err).toMatchObject({
        status: 429,
        entraCode: 'TooManyRequests',
        retryable: true,
        retryAfterMs: 12_000,
        category: 'failure',
      });
      expect(server.requests).toHaveLength(1);
    });

    it('Should reject a resource without schemas or id, and a 200 HTML page, as ServiceIncompatible', async () => {
      server.handle((req, res) => {
        if (req.url.endsWith('/noschemas')) return sendJson(res, 200, { id: 'x' });
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end('<html><body>Sign in</body></html>');
      });
      const c = client();
      const noSchemas = await caught(c.getUser('noschemas'));
      expect(noSchemas).toMatchObject({ failure: 'notScim', problem: 'the JSON has no "schemas" array' });
      const html = await caught(c.patchUser('u1', disableOps()));
      expect(html).toMatchObject({ failure: 'notScim', problem: 'got text/html', status: 200 });
      expect(html.bodyExcerpt).toContain('Sign in');
    });

    it('Should not follow redirects (the token must not be replayed elsewhere)', async () => {
      server.handle((req, res) => {
        if (req.url.startsWith('/scim/'))
          return void res.writeHead(302, { Location: `${server.origin}/elsewhere/Users` }).end();
        sendJson(res, 200, list([], 0));
      });
      const err = await caught(client().findUsers('userName eq "a"'));
      expect(err).toMatchObject({ status: 302, failure: 'http' });
      expect(err.message).toContain('/elsewhere/Users');
      expect(server.requests).toHaveLength(1);
    });

    it('Should keep at most maxConcurrency requests in flight', async () => {
      let inFlight = 0;
      let peak = 0;
      server.handle(async (_req, res) => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        await new Promise((r) => setTimeout(r, 30));
        inFlight -= 1;
        sendJson(res, 200, user('u'));
      });
      const c = client({ maxConcurrency: 2 });
      await Promise.all(Array.from({ length: 6 }, (_, i) => c.getUser(String(i))));
      expect(peak).toBe(2);
      expect(server.requests).toHaveLength(6);
    });
  });

  describe('body limits and timeouts', () => {
    it('Should abort a body larger than maxBodyBytes (chunked, no Content-Length)', async () => {
      server.handle((_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/scim+json' });
        const chunk = `{"pad":"${'x'.repeat(16 * 1024)}",`;
        const timer = setInterval(() => res.write(chunk), 1);
        res.on('close', () => clearInterval(timer));
      });
      const err = await caught(client({ maxBodyBytes: 64 * 1024 }).getUser('big'));
      expect(err).toMatchObject({
        failure: 'bodyTooLarge',
        entraCode: 'SystemForCrossDomainIdentityManagementServiceIncompatible',
        status: 200,
      });
      expect(err.message).toContain('65536 bytes');
      expect(exchanges[0]?.error).toBe('scim_body_too_large');
    });

    it('Should refuse a declared Content-Length above the cap without reading it', async () => {
      server.handle((_req, res) => sendJson(res, 200, { ...user('u'), pad: 'y'.repeat(5000) }));
      const err = await caught(client({ maxBodyBytes: 1000 }).getUser('u'));
      expect(err.failure).toBe('bodyTooLarge');
    });

    it('Should time out when the server never answers', async () => {
      server.handle(() => undefined);
      const started = Date.now();
      const err = await caught(client({ timeoutMs: 200, retry: { maxAttempts: 1 } }).getUser('u'));
      expect(err).toMatchObject({ failure: 'timeout', entraCode: 'Timeout', retryable: true, status: null });
      expect(Date.now() - started).toBeLessThan(5000);
    });

    it('Should time out when the headers arrive but the body stalls', async () => {
      server.handle((_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/scim+json' });
        res.write('{"schemas":');
      });
      const err = await caught(client({ timeoutMs: 200, retry: { maxAttempts: 1 } }).getUser('u'));
      expect(err.failure).toBe('timeout');
      expect(exchanges[0]).toMatchObject({ status: 200, error: 'scim_timeout' });
    });
  });

  describe('testConnection', () => {
    it('Should send GET /Users?filter=userName eq "<uuid>" and accept an empty ListResponse', async () => {
      server.handle((_req, res) => sendJson(res, 200, list([], 0)));
      const result = await client().testConnection();
      expect(result.ok).toBe(true);
      if (result.ok) expect(result.latencyMs).toBeGreaterThanOrEqual(0);
      expect(server.requests[0]?.method).toBe('GET');
      expect(server.requests[0]?.url).toBe(`/scim/Users?filter=userName%20eq%20%22${UUID}%22`);
    });

    it.each([
      [401, 'unauthorized', 'The target answered 401 Unauthorized — the Secret Token is wrong or expired'],
      [403, 'forbidden', 'The target answered 403 Forbidden — the Secret Token is valid but not allowed to read users'],
      [
        404,
        'not_found',
        'The target answered 404 — the Tenant URL path is probably wrong (it should end at the SCIM base, e.g. https://admin.mindtickle.com/scim)',
      ],
      [500, 'http_error', 'The target answered 500 Internal Server Error: boom'],
    ])('Should report HTTP %i as %s', async (status, code, message) => {
      server.handle((_req, res) => sendJson(res, status, { detail: 'boom' }));
      expect(await client().testConnection()).toEqual({ ok: false, code, message, status });
    });

    it('Should report an HTML answer as not_scim naming the content type', async () => {
      server.handle((_req, res) => {
        res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><p>Welcome');
      });
      expect(await client().testConnection()).toEqual({
        ok: false,
        code: 'not_scim',
        message: 'The target did not answer with a SCIM ListResponse (got text/html)',
        status: 200,
      });
    });

    it('Should fail a target that ignores filters (returns users for a random GUID)', async () => {
      server.handle((_req, res) => sendJson(res, 200, list([user('a')], 1)));
      expect(await client().testConnection()).toMatchObject({ ok: false, code: 'not_scim' });
    });

    it('Should report a timeout', async () => {
      server.handle(() => undefined);
      expect(await client({ timeoutMs: 150 }).testConnection()).toMatchObject({ ok: false, code: 'timeout' });
    });

    it('Should report a refused connection', async () => {
      const port = await closedPort();
      const result = await client({ baseUrl: `http://127.0.0.1:${port}/scim` }).testConnection();
      expect(result).toMatchObject({ ok: false, code: 'connect' });
      if (!result.ok) expect(result.message).toContain(`127.0.0.1:${port}`);
      expect(exchanges[0]).toMatchObject({ status: null, error: 'scim_connect' });
    });

    it('Should report an unresolvable host', async () => {
      const result = await client({ baseUrl: 'http://nonexistent.invalid/scim', timeoutMs: 10_000 }).testConnection();
      expect(result).toEqual({
        ok: false,
        code: 'dns',
        message: 'Could not resolve host nonexistent.invalid — check the Tenant URL',
      });
    });

    it('Should report an unusable Tenant URL or Secret Token without sending anything', async () => {
      expect(await client({ baseUrl: 'ftp://x/scim' }).testConnection()).toMatchObject({ ok: false, code: 'connect' });
      expect(await client({ token: 'abc\ndef' }).testConnection()).toMatchObject({ ok: false, code: 'unauthorized' });
      expect(await client({ token: '' }).testConnection()).toMatchObject({ ok: false, code: 'unauthorized' });
      expect(server.requests).toHaveLength(0);
    });
  });

  describe('secrecy and exchanges', () => {
    it('Should never put the token in exchanges, errors or messages, even when the target echoes it', async () => {
      server.handle((req, res) => {
        const echo = {
          detail: `bad credentials: ${req.headers.authorization}`,
          seen: req.headers.authorization,
          raw: TOKEN,
        };
        if (req.method === 'GET') return sendJson(res, 401, echo);
        sendJson(res, 201, { schemas: [USER_SCHEMA], id: 'x', note: `token ${TOKEN}` });
      });
      const c = client();
      const err = await caught(c.getUser('u'));
      await c.createUser({ schemas: [USER_SCHEMA], userName: `has ${TOKEN} inside` });
      const test = await c.testConnection();
      const bad = await caught(client({ token: `${TOKEN}\n` }).getUser('u'));
      const everything = JSON.stringify({
        exchanges,
        err: { ...err, message: err.message, stack: err.stack },
        bad: { ...bad, message: bad.message, stack: bad.stack },
        test,
      });
      expect(everything).not.toContain(TOKEN);
      expect(everything).not.toContain(TOKEN.slice(0, 20));
      expect(everything).toContain('[redacted]');
      expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    });

    it('Should report each exchange with method, relative path, status, duration and excerpts ≤ 4 KiB', async () => {
      let now = 1_000;
      server.handle((req, res) => {
        if (req.method === 'POST')
          return sendJson(res, 201, { schemas: [USER_SCHEMA], id: 'x', pad: 'p'.repeat(10_000) });
        sendJson(res, 409, { scimType: 'uniqueness', detail: 'exists' });
      });
      const c = client({ clock: { now: () => (now += 5) } });
      await c.createUser({ schemas: [USER_SCHEMA], userName: 'a' });
      await caught(c.findUsers(eqFilter('userName', 'a')));
      expect(exchanges).toHaveLength(2);
      const [post, get] = exchanges;
      expect(post).toMatchObject({
        method: 'POST',
        path: '/Users',
        status: 201,
        durationMs: 5,
        attempt: 1,
        waitedMs: 0,
      });
      expect(post?.requestBody).toBe(JSON.stringify({ schemas: [USER_SCHEMA], userName: 'a' }));
      expect(new TextEncoder().encode(post?.responseBody ?? '').length).toBeLessThanOrEqual(4096);
      expect(post?.error).toBeUndefined();
      expect(get).toMatchObject({
        method: 'GET',
        path: '/Users?filter=userName%20eq%20%22a%22',
        status: 409,
        requestBody: null,
        error: 'scim_http_409',
      });
    });

    it('Should survive an onExchange observer that throws', async () => {
      server.handle((_req, res) => sendJson(res, 200, user('u')));
      const c = client({
        onExchange: () => {
          throw new Error('observer broke');
        },
      });
      expect((await c.getUser('u')).id).toBe('u');
    });
  });
});
