/**
 * A bare node:http server on 127.0.0.1:0 answering whatever the test's handler says: canned SCIM answers,
 * HTML pages, oversized or never-ending bodies, silence. Used to test the SCIM client's transport against
 * real sockets; the behavioural SCIM sandbox lives in `scim-server.ts`.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the server saw it. */
export interface RawRequest {
  method: string;
  /** Path and raw (still encoded) query, e.g. `/scim/Users?filter=userName%20eq%20%22a%22`. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** Date.now() when the request (headers and body) had arrived. */
  receivedAt: number;
}

/** Answers one request; may never end the response (to simulate a hung target). */
export type RawHandler = (req: RawRequest, res: ServerResponse) => void | Promise<void>;

/** A running server. */
export interface RawServer {
  /** `http://127.0.0.1:<port>` with no trailing slash. */
  origin: string;
  port: number;
  requests: RawRequest[];
  handle(handler: RawHandler): void;
  close(): Promise<void>;
}

/**
 * Start a server, on `port` if given (0: any free port); the default handler answers 500 so a forgotten
 * `handle` fails loudly.
 */
export async function startRawServer(port = 0): Promise<RawServer> {
  const requests: RawRequest[] = [];
  let handler: RawHandler = (_req, res) => sendJson(res, 500, { detail: 'no handler set' });
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw: RawRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        receivedAt: Date.now(),
      };
      requests.push(raw);
      Promise.resolve(handler(raw, res)).catch((err: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { detail: String(err) });
      });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    origin: `http://127.0.0.1:${bound}`,
    port: bound,
    requests,
    handle(h) {
      handler = h;
    },
    close: () =>
      new Promise<void>((resolve) => {
        // Hung responses keep sockets open; close them so the test run can end.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Send a JSON body with the SCIM media type (or another). */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/scim+json',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** A port nothing listens on: bound once, then released. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
