import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ScimServerHandle, scimFetch, startScimServer } from '../support/scim-server';

const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

let s: ScimServerHandle;
beforeEach(async () => {
  s = await startScimServer();
});
afterEach(async () => {
  await s.close();
});

describe('sandbox bearer token', () => {
  it('answers 401 with a SCIM error body without a token or with a wrong one', async () => {
    const none = await scimFetch(s, 'GET', '/Users', { token: null });
    expect(none.status).toBe(401);
    expect(none.body).toEqual({ schemas: [ERROR], status: '401', detail: 'Missing bearer token' });
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="sandbox"');
    const wrong = await scimFetch(s, 'POST', '/Users', { token: `${s.token}x`, body: { userName: 'mallory' } });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ status: '401', detail: 'The bearer token is not valid' });
    expect((await scimFetch(s, 'GET', '/ServiceProviderConfig', { token: 'nope' })).status).toBe(401);
    expect(s.store.countUsers()).toBe(0);
    expect(s.requests.map((r) => r.auth)).toEqual([
      { present: false, ok: false },
      { present: true, ok: false },
      { present: true, ok: false },
    ]);
  });

  it('stops accepting the old token once rotated', async () => {
    const old = s.token;
    const fresh = s.store.rotateToken();
    expect(fresh).not.toBe(old);
    expect(fresh).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await scimFetch(s, 'GET', '/Users', { token: old })).status).toBe(401);
    expect((await scimFetch(s, 'GET', '/Users')).status).toBe(200);
  });

  it('serves the discovery endpoints', async () => {
    const spc = await scimFetch<{ patch: { supported: boolean }; filter: { maxResults: number } }>(
      s,
      'GET',
      '/ServiceProviderConfig',
    );
    expect([spc.status, spc.body.patch.supported, spc.body.filter.maxResults]).toEqual([200, true, 1000]);
    const schemas = await scimFetch<{ Resources: { id: string }[] }>(s, 'GET', '/Schemas');
    expect(schemas.body.Resources.map((r) => r.id)).toEqual(
      expect.arrayContaining([
        'urn:ietf:params:scim:schemas:core:2.0:User',
        'urn:ietf:params:scim:schemas:core:2.0:Group',
        'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
      ]),
    );
    const types = await scimFetch<{ Resources: { endpoint: string }[] }>(s, 'GET', '/ResourceTypes');
    expect(types.body.Resources.map((r) => r.endpoint).sort()).toEqual(['/Groups', '/Users']);
    expect((await scimFetch(s, 'GET', '/Nothing')).body).toMatchObject({ schemas: [ERROR], status: '404' });
  });
});

describe('loopback harness', () => {
  it('records method, relative path, decoded query, JSON body and auth of every request', async () => {
    await scimFetch(s, 'POST', '/Users', { body: { userName: 'a"b@c.example' } });
    await scimFetch(s, 'GET', `/Users?filter=${encodeURIComponent('userName eq "a\\"b@c.example"')}&count=5`);
    const [post, get] = s.requests;
    expect(post).toMatchObject({ method: 'POST', path: '/Users', query: {}, body: { userName: 'a"b@c.example' } });
    expect(post?.auth).toEqual({ present: true, ok: true });
    expect(get).toMatchObject({ method: 'GET', path: '/Users', body: null, fault: null });
    expect(get?.query).toEqual({ filter: 'userName eq "a\\"b@c.example"', count: '5' });
    expect(s.writes().map((r) => r.method)).toEqual(['POST']);
    s.clearRequests();
    expect(s.requests).toHaveLength(0);
  });

  it('answers 429 with Retry-After, then lets the retry through', async () => {
    s.faults.add({ method: 'POST', path: '/Users', status: 429, retryAfter: '7' });
    const first = await scimFetch(s, 'POST', '/Users', { body: { userName: 'tess' } });
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('7');
    expect(first.body).toMatchObject({ schemas: [ERROR], status: '429' });
    expect(s.store.countUsers()).toBe(0);
    const retry = await scimFetch(s, 'POST', '/Users', { body: { userName: 'tess' } });
    expect(retry.status).toBe(201);
    expect(s.requests.map((r) => r.fault)).toEqual([429, null]);
    expect(s.faults.pending()).toBe(0);
  });

  it('fails matching requests only, as many times as asked', async () => {
    s.faults.add({ path: /^\/Users\/[^/]+$/, status: 500, times: 2 });
    s.faults.add({ method: 'GET', status: 503, retryAfter: null, times: Number.POSITIVE_INFINITY, path: '/Groups' });
    expect((await scimFetch(s, 'GET', '/Users')).status).toBe(200);
    expect((await scimFetch(s, 'GET', '/Users/x')).status).toBe(500);
    expect((await scimFetch(s, 'DELETE', '/Users/x')).status).toBe(500);
    expect((await scimFetch(s, 'GET', '/Users/x')).status).toBe(404); // the sandbox itself again
    for (let i = 0; i < 3; i++) {
      const g = await scimFetch(s, 'GET', '/Groups');
      expect([g.status, g.headers.get('retry-after')]).toEqual([503, null]);
    }
    s.faults.clear();
    expect((await scimFetch(s, 'GET', '/Groups')).status).toBe(200);
  });

  it('delays answers by the configured latency', async () => {
    s.faults.setLatency(150);
    let t = performance.now();
    expect((await scimFetch(s, 'GET', '/Users')).status).toBe(200);
    expect(performance.now() - t).toBeGreaterThanOrEqual(145);
    s.faults.setLatency(0);
    s.faults.add({ path: '/Users', status: 200, latencyMs: 200 }); // 2xx without body: slow, then the sandbox
    t = performance.now();
    const slow = await scimFetch<{ totalResults: number }>(s, 'GET', '/Users');
    expect(performance.now() - t).toBeGreaterThanOrEqual(195);
    expect([slow.status, slow.body.totalResults]).toEqual([200, 0]);
  });

  it('serves non-SCIM content, a SCIM 401 and dropped connections on request', async () => {
    s.faults.add({ status: 200, body: '<html><body>Sign in</body></html>' });
    const html = await scimFetch(s, 'GET', '/Users');
    expect([html.status, html.headers.get('content-type'), html.body]).toEqual([200, 'text/html; charset=utf-8', null]);
    expect(html.text).toContain('Sign in');
    s.faults.add({ status: 401 });
    const denied = await scimFetch(s, 'GET', '/Users');
    expect([denied.status, denied.body]).toEqual([
      401,
      { schemas: [ERROR], status: '401', detail: 'Injected fault (401)' },
    ]);
    s.faults.add({ status: 500, dropConnection: true });
    await expect(scimFetch(s, 'GET', '/Users')).rejects.toThrow(/fetch failed/);
    expect((await scimFetch(s, 'GET', '/Users')).status).toBe(200);
  });
});
