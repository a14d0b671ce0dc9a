/**
 * Per-object exchange recording without shared state: each object's work takes a view of the cycle's client
 * (`ScimClient.observe`) feeding its own recorder. Views run concurrently without mixing their exchanges,
 * the client's own observer (metrics) still sees every exchange, and statistics stay those of the client.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordingIo } from '../../src/engine/exchanges';
import { createScimClient, type ScimClient, type ScimExchange } from '../../src/scim/client';
import { disableOps } from '../../src/scim/patch-diff';
import { USER_SCHEMA } from '../../src/scim/urns';
import { type ScimServerHandle, startScimServer } from '../support/scim-server';

let server: ScimServerHandle;
let seen: ScimExchange[];
let client: ScimClient;
beforeEach(async () => {
  server = await startScimServer({ latencyMs: 20 });
  seen = [];
  client = createScimClient({ baseUrl: server.baseUrl, token: server.token, onExchange: (x) => seen.push(x) });
});
afterEach(async () => {
  await server.close();
});

const user = (userName: string) => ({ schemas: [USER_SCHEMA], userName, active: true });

describe('exchange recorder', () => {
  it('keeps concurrent objects apart, and the client observer and stats see them all', async () => {
    const a = recordingIo(client);
    const b = recordingIo(client);
    await Promise.all([
      (async () => {
        await a.client.findUsers('userName eq "a@x.example"');
        await a.client.createUser(user('a@x.example'));
      })(),
      (async () => {
        const made = await b.client.createUser(user('b@x.example'));
        await b.client.patchUser(made.id, disableOps());
      })(),
    ]);
    expect(a.exchanges.all.map((x) => `${x.method} ${x.status}`)).toEqual(['GET 200', 'POST 201']);
    expect(b.exchanges.all.map((x) => `${x.method} ${x.status}`)).toEqual(['POST 201', 'PATCH 200']);
    expect(seen).toHaveLength(4);
    expect(client.stats().requests).toBe(4);
    expect(b.exchanges.lastWriteDetails()).toEqual({
      Request: `PATCH ${b.exchanges.all[1]?.path}`,
      ResponseStatus: '200',
    });
  });

  it('gives no write details when only reads were made, and still records when the client observer throws', async () => {
    const failing = createScimClient({
      baseUrl: server.baseUrl,
      token: server.token,
      onExchange: () => {
        throw new Error('observer broke');
      },
    });
    const io = recordingIo(failing);
    await io.client.findUsers('userName eq "nobody@x.example"');
    expect(io.exchanges.all).toHaveLength(1);
    expect(io.exchanges.lastWriteDetails()).toEqual({});
  });
});
