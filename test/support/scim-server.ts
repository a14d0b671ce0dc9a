/**
 * A real SCIM 2.0 server on a loopback port for tests: the sandbox app at /scim/v2 over an in-memory store,
 * behind the fault-injection and recording middleware. Tests talk to it with plain fetch or the real client.
 */
import type { AddressInfo } from 'node:net';
import { type HttpBindings, serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createSandboxApp } from '../../src/sandbox/app';
import { openSandboxStore, type SandboxStore } from '../../src/sandbox/store';
import { type Faults, faultInjection, type RecordedRequest } from './faults';

export type { FaultSpec, Faults, RecordedRequest } from './faults';

/** A running server; call `close()` in afterEach. */
export interface ScimServerHandle {
  /** `http://127.0.0.1:<port>/scim/v2`, no trailing slash. */
  baseUrl: string;
  /** The bearer token the server accepts (the store's). */
  token: string;
  store: SandboxStore;
  faults: Faults;
  /** Every request received, in arrival order, including the ones a fault answered. */
  requests: RecordedRequest[];
  /** Empty `requests` (the same array stays in place). */
  clearRequests(): void;
  /** The non-GET requests so far. */
  writes(): RecordedRequest[];
  close(): Promise<void>;
}

const MOUNT = '/scim/v2';

/** Start the server on 127.0.0.1 and an ephemeral port; `latencyMs` delays every request from the start. */
export async function startScimServer(opts: { latencyMs?: number } = {}): Promise<ScimServerHandle> {
  const store = openSandboxStore(':memory:');
  const requests: RecordedRequest[] = [];
  const { faults, middleware } = faultInjection({
    mount: MOUNT,
    token: () => store.token(),
    requests,
    ...(opts.latencyMs !== undefined ? { latencyMs: opts.latencyMs } : {}),
  });
  const app = new Hono<{ Bindings: HttpBindings }>();
  app.use(`${MOUNT}/*`, middleware);
  app.route(MOUNT, createSandboxApp({ store }));

  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}${MOUNT}`,
    get token() {
      return store.token();
    },
    store,
    faults,
    requests,
    clearRequests: () => {
      requests.length = 0;
    },
    writes: () => requests.filter((r) => r.method !== 'GET'),
    close: async () => {
      // Keep-alive sockets from fetch would hold close() open until they time out.
      if ('closeAllConnections' in server) server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
      store.close();
    },
  };
}
