/**
 * One undici pooled dispatcher per application, built once (in `wiring.ts`) and reused across cycles, so a
 * cycle starts on warm keep-alive connections instead of a TLS handshake per burst. Sized to the app's Max
 * concurrency (the most requests its clients put in flight), never pipelined: SCIM servers are not known
 * to be safe for HTTP/1.1 pipelining, and a slow answer would hold up the ones queued behind it.
 * Idle sockets close after the keep-alive timeout, so a deleted app or a moved Tenant URL leaves nothing open
 * for long; a changed Max concurrency replaces the dispatcher (clients holding the old one keep using it).
 */
import { Agent } from 'undici';
import { type Transport, undiciTransport } from './transport';

export interface TransportPoolOptions {
  /** Trusted CAs (system roots plus PROVISIO_CA_FILE's, see `ca-fetch.ts`); Node's defaults when absent. */
  ca?: readonly string[] | undefined;
  /** Upper bound on sockets per target, whatever Max concurrency says. */
  maxConnections?: number;
  keepAliveTimeoutMs?: number;
}

/** The pooled transports of all applications. */
export interface TransportPools {
  /** The transport of `appId`, on its dispatcher with at most `connections` sockets per origin. */
  forApp(appId: string, connections: number): Transport;
  /** Closes every dispatcher once its requests in flight are done (shutdown, tests). */
  closeAll(): Promise<void>;
}

export const POOL_DEFAULTS = {
  maxConnections: 64,
  // Longer than a pause between cycles' bursts, short enough not to hold sockets on a quiet target; the
  // server's own `Keep-Alive: timeout=` hint, when shorter, wins (undici honours it).
  keepAliveTimeoutMs: 15_000,
};

/** A fresh registry; dispatchers are created lazily, on an app's first request. */
export function createTransportPools(opts: TransportPoolOptions = {}): TransportPools {
  const cap = opts.maxConnections ?? POOL_DEFAULTS.maxConnections;
  const keepAlive = opts.keepAliveTimeoutMs ?? POOL_DEFAULTS.keepAliveTimeoutMs;
  const agents = new Map<string, { agent: Agent; connections: number }>();
  const build = (connections: number) =>
    new Agent({
      connections,
      pipelining: 1,
      keepAliveTimeout: keepAlive,
      keepAliveMaxTimeout: keepAlive * 2,
      // Verification stays on; only the trust store may be extended.
      ...(opts.ca ? { connect: { ca: [...opts.ca], rejectUnauthorized: true } } : {}),
    });
  return {
    forApp(appId, connections) {
      const wanted = Math.max(1, Math.min(cap, Math.floor(connections)));
      let entry = agents.get(appId);
      if (entry?.connections !== wanted) {
        // The old Agent is not closed: a running cycle's client still sends through it. Unreferenced, its
        // idle sockets close by keep-alive timeout and it is collected.
        entry = { agent: build(wanted), connections: wanted };
        agents.set(appId, entry);
      }
      return undiciTransport(entry.agent);
    },
    async closeAll() {
      const all = [...agents.values()];
      agents.clear();
      await Promise.all(all.map((e) => e.agent.close().catch(() => undefined)));
    },
  };
}
