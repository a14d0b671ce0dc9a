/**
 * A TLS-terminating reverse proxy on loopback, as an operator puts nginx or Caddy in front of Provisio: a
 * node:https server on 127.0.0.1 (port 0) with a self-signed certificate made by /usr/bin/openssl into a
 * temp dir, forwarding every request to the app over plain http. With `forwardedHeaders` it adds
 * X-Forwarded-Proto/-Host/-For the way such proxies do; without, it passes requests through untouched.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const OPENSSL = '/usr/bin/openssl';

export interface SelfSigned {
  dir: string;
  keyFile: string;
  certFile: string;
  key: string;
  cert: string;
}

/** A fresh self-signed certificate for 127.0.0.1 and localhost (P-256, one day), in its own temp dir. */
export function selfSignedCert(): SelfSigned {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'provisio-tls-'));
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'cert.pem');
  execFileSync(
    OPENSSL,
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ],
    { stdio: 'pipe' },
  );
  return { dir, keyFile, certFile, key: fs.readFileSync(keyFile, 'utf8'), cert: fs.readFileSync(certFile, 'utf8') };
}

export interface TlsProxy {
  /** https://127.0.0.1:<port>, what a browser in front of the proxy sees. */
  origin: string;
  port: number;
  /** The proxy's certificate (PEM), for clients that should trust it. */
  cert: string;
  certFile: string;
  /** Point the proxy at the app (it may start before the app, whose config needs the proxy's origin). */
  setUpstream(url: string): void;
  /** Requests the proxy forwarded, with the headers it sent upstream. */
  forwarded: { method: string; url: string; headers: http.IncomingHttpHeaders }[];
  close(): Promise<void>;
}

/** Start the proxy. `upstream` is the app's http base URL (or set it later with setUpstream). */
export async function startTlsProxy(opts: { upstream?: string; forwardedHeaders: boolean }): Promise<TlsProxy> {
  const tls = selfSignedCert();
  let upstream = opts.upstream ? new URL(opts.upstream) : undefined;
  const forwarded: TlsProxy['forwarded'] = [];
  const server = https.createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    if (!upstream) {
      res.writeHead(503).end('no upstream yet');
      return;
    }
    const headers = { ...req.headers };
    if (opts.forwardedHeaders) {
      // Like nginx `proxy_set_header X-Forwarded-Proto $scheme` etc.: proto and host are set, the client's
      // address is appended to whatever X-Forwarded-For the client sent.
      headers['x-forwarded-proto'] = 'https';
      headers['x-forwarded-host'] = req.headers.host ?? '';
      const prior = req.headers['x-forwarded-for'];
      const remote = req.socket.remoteAddress ?? '';
      headers['x-forwarded-for'] = prior ? `${prior}, ${remote}` : remote;
    }
    forwarded.push({ method: req.method ?? 'GET', url: req.url ?? '/', headers });
    const up = http.request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers },
      (upRes) => {
        res.writeHead(upRes.statusCode ?? 502, upRes.headers);
        upRes.pipe(res);
      },
    );
    up.on('error', (err) => {
      if (!res.headersSent) res.writeHead(502);
      res.end(`proxy: ${err.message}`);
    });
    req.pipe(up);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `https://127.0.0.1:${port}`,
    port,
    cert: tls.cert,
    certFile: tls.certFile,
    setUpstream: (url) => {
      upstream = new URL(url);
    },
    forwarded,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      fs.rmSync(tls.dir, { recursive: true, force: true });
    },
  };
}
