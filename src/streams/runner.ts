/**
 * Runs every active log stream: read a page after the cursor, send it as one batch, move the cursor past what
 * the sink acknowledged, repeat until caught up, then poll. A failing sink is retried with exponential backoff
 * (its error recorded on the stream); nothing is skipped, so a sink that is down for an hour gets the hour's
 * rows, in order, when it is back. One loop per stream, so a slow sink holds up no other stream.
 */
import type { Db } from '../../db/client';
import type { SecretBox } from '../auth/secret-box';
import type { Clock } from '../kernel/clock';
import type { Logger } from '../kernel/logger';
import { openSink } from './open-sink';
import { headOf, readPage } from './read-rows';
import type { Sink } from './sinks/sink';
import { advanceCursor, filterOf, getStream, listStreams, recordStreamError, type StreamRow } from './streams';
import { Throughput } from './throughput';

export interface StreamRunnerDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  secrets: SecretBox;
  fetch?: typeof fetch;
  /** Rows delivered, for /metrics. */
  onDelivered?: (streamId: string, rows: number) => void;
  pageSize?: number;
  pollMs?: number;
  backoffMs?: { min: number; max: number };
}

/** What the web layer asks of the runner. */
export interface StreamControl {
  refresh(id: string): void;
  throughput(id: string): number;
}

interface Slot {
  timer: NodeJS.Timeout | null;
  running: Promise<void> | null;
  sink: Sink | null;
  version: number;
  failures: number;
  again: boolean;
}

export class StreamRunner implements StreamControl {
  private readonly slots = new Map<string, Slot>();
  private readonly rates = new Throughput();
  private stopped = true;
  // Set by stop() only, so runOnce works on a runner that was never started.
  private closing = false;

  constructor(private readonly deps: StreamRunnerDeps) {}

  start(): void {
    this.stopped = false;
    this.closing = false;
    for (const s of listStreams(this.deps.db)) if (s.state === 'active') this.schedule(s.id, 0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.closing = true;
    for (const slot of this.slots.values()) if (slot.timer) clearTimeout(slot.timer);
    await Promise.allSettled([...this.slots.values()].map((s) => s.running));
    await Promise.allSettled([...this.slots.values()].map((s) => s.sink?.close()));
    this.slots.clear();
  }

  /** A stream was created, changed or deleted: run it now (a running pass re-reads it when it ends). */
  refresh(id: string): void {
    if (this.stopped) return;
    const slot = this.slots.get(id);
    if (slot?.running) slot.again = true;
    else this.schedule(id, 0);
  }

  /** Rows per second over the last minute. */
  throughput(id: string): number {
    return this.rates.rate(id, this.deps.clock.now());
  }

  /** Run one pass now and wait for it (tests and the benchmark). */
  async runOnce(id: string): Promise<void> {
    await this.pass(id, this.slot(id));
  }

  private slot(id: string): Slot {
    let slot = this.slots.get(id);
    if (!slot) {
      slot = { timer: null, running: null, sink: null, version: -1, failures: 0, again: false };
      this.slots.set(id, slot);
    }
    return slot;
  }

  private schedule(id: string, delayMs: number): void {
    if (this.stopped) return;
    const slot = this.slot(id);
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = setTimeout(() => {
      slot.timer = null;
      slot.running = this.pass(id, slot).finally(() => {
        slot.running = null;
      });
    }, delayMs);
  }

  private async pass(id: string, slot: Slot): Promise<void> {
    const { db, clock, logger } = this.deps;
    let row: StreamRow;
    try {
      row = getStream(db, id);
    } catch {
      await this.drop(id, slot);
      return;
    }
    if (row.state !== 'active') return this.drop(id, slot);
    try {
      if (!slot.sink || slot.version !== row.updatedAt) {
        await slot.sink?.close();
        slot.sink = openSink({ secrets: this.deps.secrets, fetch: this.deps.fetch }, row);
        slot.version = row.updatedAt;
      }
      await this.drain(row, slot.sink, slot);
      slot.failures = 0;
      this.next(id, slot, this.deps.pollMs ?? 1000);
    } catch (err) {
      slot.failures++;
      const { min, max } = this.deps.backoffMs ?? { min: 1000, max: 60_000 };
      const wait = Math.min(max, min * 2 ** Math.min(slot.failures - 1, 16));
      recordStreamError(db, id, (err as Error).message, clock.now());
      logger.warn(
        { stream: id, failures: slot.failures, retryInMs: wait, err: (err as Error).message },
        'log stream sink failed',
      );
      this.next(id, slot, wait);
    }
  }

  private next(id: string, slot: Slot, delayMs: number): void {
    const now = slot.again;
    slot.again = false;
    this.schedule(id, now ? 0 : delayMs);
  }

  private async drain(row: StreamRow, sink: Sink, slot: Slot): Promise<void> {
    const { db, clock } = this.deps;
    const pageSize = this.deps.pageSize ?? 1000;
    const filter = filterOf(row);
    const head = headOf(db, row.log);
    let cursor = row.cursor;
    while (!this.closing && !slot.again && cursor < head) {
      const page = readPage(db, row.log, filter, cursor, head, pageSize);
      const acked = page.records.length === 0 ? 0 : await sink.send(page.records, row.log);
      const to = acked === page.records.length ? page.next : (page.records[acked - 1]?.seq ?? cursor);
      // A rewind or a pause while the batch was in flight: keep what they set and start over from it.
      if (!advanceCursor(db, row.id, cursor, to, acked, clock.now())) return;
      if (acked > 0) {
        this.rates.add(row.id, acked, clock.now());
        this.deps.onDelivered?.(row.id, acked);
      }
      cursor = to;
    }
  }

  private async drop(id: string, slot: Slot): Promise<void> {
    if (slot.timer) clearTimeout(slot.timer);
    this.slots.delete(id);
    await slot.sink?.close();
  }
}
