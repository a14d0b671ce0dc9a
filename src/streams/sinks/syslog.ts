/**
 * Syslog: RFC 5424 messages over TCP with RFC 6587 octet counting, optionally over TLS
 * (RFC 5425). One write per batch.
 *
 * Plain syslog over TCP has no acknowledgment (RELP would add one): a completed write only means the kernel
 * took the bytes, and a receiver that dies loses what sat in the socket buffers. So the sink keeps the frames
 * of the last `replayMs` (bounded by `replayBytes`) and, when the connection has broken, sends them again on
 * the next connection before anything new. Receivers see a row at least once; they de-duplicate by the
 * changeId in STRUCTURED-DATA.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import tls from 'node:tls';
import type { StreamRecord } from '../read-rows';
import { type Sink, SinkError } from './sink';
import { formatSyslog, frame, syslogHostname } from './syslog-format';

export interface SyslogSinkOptions {
  host: string;
  port: number;
  tls?: boolean | undefined;
  caFile?: string | undefined;
  connectTimeoutMs?: number;
  replayMs?: number;
  replayBytes?: number;
  now?: () => number;
}

export function createSyslogSink(opts: SyslogSinkOptions): Sink {
  const now = opts.now ?? Date.now;
  const replayMs = opts.replayMs ?? 5000;
  const replayBytes = opts.replayBytes ?? 32 * 1024 * 1024;
  const hostname = syslogHostname(os.hostname());
  let socket: net.Socket | null = null;
  let broken = false;
  let window: { at: number; bytes: Buffer }[] = [];
  let windowBytes = 0;

  const connect = () =>
    new Promise<net.Socket>((resolve, reject) => {
      const s = opts.tls
        ? tls.connect({
            host: opts.host,
            port: opts.port,
            servername: net.isIP(opts.host) ? undefined : opts.host,
            ...(opts.caFile ? { ca: [...tls.rootCertificates, fs.readFileSync(opts.caFile, 'utf8')] } : {}),
          })
        : net.connect({ host: opts.host, port: opts.port });
      const timer = setTimeout(() => s.destroy(new Error('connect timed out')), opts.connectTimeoutMs ?? 5000);
      s.once(opts.tls ? 'secureConnect' : 'connect', () => {
        clearTimeout(timer);
        s.setNoDelay(true);
        resolve(s);
      });
      s.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      s.on('error', () => {});
      s.once('close', () => {
        if (socket === s) {
          socket = null;
          broken = true;
        }
      });
      // A syslog receiver sends nothing back; read and drop anything it does so the socket never stalls.
      s.on('data', () => {});
    });

  const write = (s: net.Socket, bytes: Buffer) =>
    new Promise<void>((resolve, reject) => s.write(bytes, (err) => (err ? reject(err) : resolve())));

  const remember = (bytes: Buffer) => {
    const t = now();
    window.push({ at: t, bytes });
    windowBytes += bytes.length;
    while (window.length > 1 && (windowBytes > replayBytes || (window[0]?.at ?? t) < t - replayMs)) {
      windowBytes -= window[0]?.bytes.length ?? 0;
      window.shift();
    }
  };

  async function connection(): Promise<net.Socket> {
    if (socket && !socket.destroyed) return socket;
    const s = await connect();
    if (broken && window.length > 0) await write(s, Buffer.concat(window.map((w) => w.bytes)));
    broken = false;
    socket = s;
    return s;
  }

  return {
    async send(records: StreamRecord[], log) {
      const bytes = Buffer.concat(records.map((r) => frame(formatSyslog(r, log, hostname))));
      try {
        await write(await connection(), bytes);
      } catch (cause) {
        socket?.destroy();
        socket = null;
        broken = true;
        const where = `${opts.host}:${opts.port}`;
        throw new SinkError(`syslog ${where}: ${(cause as Error).message}`, { host: where }, cause);
      }
      remember(bytes);
      return records.length;
    },
    async close() {
      const s = socket;
      socket = null;
      window = [];
      windowBytes = 0;
      if (s && !s.destroyed) await new Promise<void>((resolve) => s.end(resolve));
    },
  };
}
