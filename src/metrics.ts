/**
 * Prometheus metrics (prom-client) on a registry of our own, so tests can build several apps in one process.
 * Labels use application ids (stable), never names or anything user-typed.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ScimExchange } from './scim/client';

export interface Metrics {
  registry: Registry;
  /** Count one SCIM exchange of an application. */
  exchange(appId: string, x: ScimExchange): void;
  /** Record a finished cycle. */
  cycle(appId: string, type: string, status: string, seconds: number): void;
  /** Where the escrow and quarantine gauges read from at scrape time. */
  watchApps(read: () => AppHealthRow[]): void;
  /** Count rows a log stream's sink acknowledged. */
  streamDelivered(streamId: string, rows: number): void;
  /** Where the log-stream lag gauge reads from at scrape time. */
  watchStreams(read: () => { streamId: string; lagRows: number }[]): void;
  /** Where the adaptive pacing gauges (concurrency limit, learned rate) read from at scrape time. */
  watchPacing(read: () => PacingRow[]): void;
  /** Count time a SCIM request of an application waited (Retry-After, rate, backoff). */
  pacingWaited(appId: string, ms: number): void;
  /** Where the WAL gauges read from at scrape time: the checkpoint thread's last result (null: none runs). */
  watchWal(read: () => { walFrames: number; checkpointed: number } | null): void;
}

/** What the pacing gauges need per application. */
export interface PacingRow {
  appId: string;
  limit: number;
  learnedRate: number | null;
}

/** What the health gauges need per application. */
export interface AppHealthRow {
  appId: string;
  escrowFailures: number;
  escrowStaged: number;
  quarantined: boolean;
  quarantineReason: string | null;
}

/** Create the registry and the instruments. */
export function createMetrics(): Metrics {
  const registry = new Registry();
  const requests = new Counter({
    name: 'provisio_scim_requests_total',
    help: 'SCIM requests sent, by application, method and HTTP status (0 = no answer)',
    labelNames: ['app_id', 'method', 'status'] as const,
    registers: [registry],
  });
  const throttles = new Counter({
    name: 'provisio_scim_throttled_total',
    help: 'SCIM answers 429 or 503 (throttling), by application',
    labelNames: ['app_id'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'provisio_scim_request_duration_seconds',
    help: 'SCIM request duration',
    labelNames: ['app_id', 'method'] as const,
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const cycles = new Histogram({
    name: 'provisio_cycle_duration_seconds',
    help: 'Provisioning cycle duration, by application, type and final status',
    labelNames: ['app_id', 'type', 'status'] as const,
    buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600, 14400],
    registers: [registry],
  });
  let readApps: () => AppHealthRow[] = () => [];
  new Gauge({
    name: 'provisio_escrow_size',
    help: 'Objects in escrow, by application and kind (failure = retried with backoff, staged = held deletes)',
    labelNames: ['app_id', 'kind'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const a of readApps()) {
        this.set({ app_id: a.appId, kind: 'failure' }, a.escrowFailures);
        this.set({ app_id: a.appId, kind: 'staged' }, a.escrowStaged);
      }
    },
  });
  new Gauge({
    name: 'provisio_quarantined',
    help: '1 while the application job is quarantined (reason label), else 0',
    labelNames: ['app_id', 'reason'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const a of readApps())
        this.set({ app_id: a.appId, reason: a.quarantineReason ?? '' }, a.quarantined ? 1 : 0);
    },
  });
  const streamRows = new Counter({
    name: 'provisio_log_stream_delivered_total',
    help: 'Log rows a stream delivered and its sink acknowledged, by stream id',
    labelNames: ['stream_id'] as const,
    registers: [registry],
  });
  let readStreams: () => { streamId: string; lagRows: number }[] = () => [];
  new Gauge({
    name: 'provisio_log_stream_lag_rows',
    help: 'Log rows a stream has not delivered yet (after its filter), by stream id',
    labelNames: ['stream_id'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const s of readStreams()) this.set({ stream_id: s.streamId }, s.lagRows);
    },
  });
  let readPacing: () => PacingRow[] = () => [];
  new Gauge({
    name: 'provisio_scim_concurrency_limit',
    help: 'SCIM requests an application may have in flight now (adaptive, at most its Max concurrency)',
    labelNames: ['app_id'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const p of readPacing()) this.set({ app_id: p.appId }, p.limit);
    },
  });
  new Gauge({
    name: 'provisio_scim_learned_rate',
    help: "Requests per second an application paces at, learned from the target's 429s (0 = not limited)",
    labelNames: ['app_id'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const p of readPacing()) this.set({ app_id: p.appId }, p.learnedRate ?? 0);
    },
  });
  const waited = new Counter({
    name: 'provisio_scim_wait_seconds_total',
    help: 'Time SCIM requests waited before being sent (Retry-After, rate, backoff), by application',
    labelNames: ['app_id'] as const,
    registers: [registry],
  });
  let readWal: () => { walFrames: number; checkpointed: number } | null = () => null;
  // Frames the last checkpoint could not copy: they grow while a long read (an export) pins an old snapshot.
  new Gauge({
    name: 'provisio_db_wal_frames',
    help: 'Pages in the database WAL at the last checkpoint, and those it could not copy yet (state="behind")',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      this.reset();
      const w = readWal();
      if (!w) return;
      this.set({ state: 'total' }, w.walFrames);
      this.set({ state: 'behind' }, Math.max(0, w.walFrames - w.checkpointed));
    },
  });
  return {
    registry,
    watchWal(read) {
      readWal = read;
    },
    watchPacing(read) {
      readPacing = read;
    },
    pacingWaited(appId, ms) {
      waited.inc({ app_id: appId }, ms / 1000);
    },
    watchApps(read) {
      readApps = read;
    },
    streamDelivered(streamId, rows) {
      streamRows.inc({ stream_id: streamId }, rows);
    },
    watchStreams(read) {
      readStreams = read;
    },
    exchange(appId, x) {
      requests.inc({ app_id: appId, method: x.method, status: String(x.status ?? 0) });
      duration.observe({ app_id: appId, method: x.method }, x.durationMs / 1000);
      if (x.status === 429 || x.status === 503) throttles.inc({ app_id: appId });
    },
    cycle(appId, type, status, seconds) {
      cycles.observe({ app_id: appId, type, status }, seconds);
    },
  };
}
