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

/**
 * Start the server on 127.0.0.1 and an ephemeral port; `latencyMs` delays every request from the start.
 * `strict` turns off the sandbox's Entra leniency, so a string where the schema says boolean is a 400.
 */
export async function startScimServer(opts: { latencyMs?: number; strict?: boolean } = {}): Promise<ScimServerHandle> {
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
  app.route(MOUNT, createSandboxApp({ store, entraCompat: !opts.strict }));

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

/** What `scimFetch` returns: the status, the headers and the body parsed as JSON (null when empty or not JSON). */
export interface ScimReply<T> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/**
 * One request to the server, authenticated with its token unless `token` says otherwise (null sends no
 * Authorization header). Objects are sent as `application/scim+json`, strings as they are.
 */
export async function scimFetch<T = Record<string, unknown>>(
  server: Pick<ScimServerHandle, 'baseUrl' | 'token'>,
  method: string,
  path: string,
  opts: { body?: unknown; token?: string | null; contentType?: string } = {},
): Promise<ScimReply<T>> {
  const headers: Record<string, string> = {};
  const token = opts.token === undefined ? server.token : opts.token;
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  if (opts.body !== undefined) headers['Content-Type'] = opts.contentType ?? 'application/scim+json';
  const body =
    opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
  const res = await fetch(`${server.baseUrl}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = text === '' ? null : JSON.parse(text);
  } catch {
    // Not JSON (an injected HTML page, say): `text` has it.
  }
  return { status: res.status, headers: res.headers, body: parsed as T, text };
}
