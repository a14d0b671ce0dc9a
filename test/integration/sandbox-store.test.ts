import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import { createSandboxApp } from '../../src/sandbox/app';
import { openSandboxStore } from '../../src/sandbox/store';
import { scimFetch, startScimServer } from '../support/scim-server';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('sandbox store', () => {
  it('keeps users, groups and the token in its file across a reopen', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'provisio-sandbox-'));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'nested', 'sandbox.db');

    const first = openSandboxStore(file);
    const app = new Hono().route('/scim/v2', createSandboxApp({ store: first }));
    const auth = { Authorization: `Bearer ${first.token()}`, 'Content-Type': 'application/scim+json' };
    const post = (p: string, body: unknown) =>
      app.request(`http://sandbox.test/scim/v2${p}`, { method: 'POST', headers: auth, body: JSON.stringify(body) });
    const user = (await (await post('/Users', { userName: 'Persist@c.example', externalId: 'p1' })).json()) as {
      id: string;
    };
    expect((await post('/Groups', { displayName: 'Kept', members: [{ value: user.id }] })).status).toBe(201);
    const token = first.token();
    first.close();
    expect(first.token()).toBe(token);

    const again = openSandboxStore(file);
    cleanups.push(() => again.close());
    expect(again.token()).toBe(token);
    expect(again.listUsers()).toEqual([
      {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
        id: user.id,
        userName: 'Persist@c.example',
        externalId: 'p1',
        meta: { resourceType: 'User', created: expect.any(String), lastModified: expect.any(String) },
      },
    ]);
    expect(again.listGroups()).toMatchObject([{ displayName: 'Kept', members: [{ value: user.id }] }]);
    expect(again.byName('User', 'PERSIST@C.EXAMPLE').map((r) => r.id)).toEqual([user.id]);
    expect(again.byExternalId('User', 'p1').map((r) => r.id)).toEqual([user.id]);
    expect(fs.existsSync(`${file}-wal`) || fs.existsSync(file)).toBe(true);

    again.reset();
    expect([again.countUsers(), again.countGroups(), again.token()]).toEqual([0, 0, token]);
  });

  it('keeps two sandbox instances in one process apart', async () => {
    const a = await startScimServer();
    const b = await startScimServer();
    cleanups.push(
      () => a.close(),
      () => b.close(),
    );
    expect(a.token).not.toBe(b.token);
    expect((await scimFetch(a, 'POST', '/Users', { body: { userName: 'only-in-a@c.example' } })).status).toBe(201);
    expect((await scimFetch(b, 'POST', '/Users', { body: { userName: 'only-in-b@c.example' } })).status).toBe(201);
    // The same userName is free in the other instance: uniqueness is per store.
    expect((await scimFetch(b, 'POST', '/Users', { body: { userName: 'only-in-a@c.example' } })).status).toBe(201);

    const names = async (server: typeof a) =>
      (await scimFetch<{ Resources: { userName: string }[] }>(server, 'GET', '/Users')).body.Resources.map(
        (u) => u.userName,
      );
    expect(await names(a)).toEqual(['only-in-a@c.example']);
    expect(await names(b)).toEqual(['only-in-b@c.example', 'only-in-a@c.example']);
    expect((await scimFetch(a, 'GET', '/Users', { token: b.token })).status).toBe(401);
    expect([a.store.countUsers(), b.store.countUsers()]).toEqual([1, 2]);
  });

  it('serves concurrent requests of two instances from their own stores', async () => {
    const stores = [openSandboxStore(':memory:'), openSandboxStore(':memory:')] as const;
    const servers = stores.map((store) => {
      const server = serve({
        fetch: new Hono().route('/v2', createSandboxApp({ store })).fetch,
        port: 0,
        hostname: '127.0.0.1',
      });
      cleanups.push(() => {
        server.close();
        store.close();
      });
      return server;
    });
    await Promise.all(servers.map((srv) => new Promise((r) => srv.once('listening', r))));
    const urls = servers.map((srv) => `http://127.0.0.1:${(srv.address() as { port: number }).port}/v2`);
    // Interleaved in flight at once: each request must still land in its own store.
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => {
        const target = { baseUrl: urls[i % 2] ?? '', token: (i % 2 ? stores[1] : stores[0]).token() };
        return scimFetch(target, 'POST', '/Users', { body: { userName: `u${i}@c.example` } });
      }),
    );
    expect(stores[0].listUsers().map((u) => Number(u.userName.slice(1, -10)) % 2)).toEqual(Array(20).fill(0));
    expect(stores[1].listUsers().map((u) => Number(u.userName.slice(1, -10)) % 2)).toEqual(Array(20).fill(1));
  });
});
