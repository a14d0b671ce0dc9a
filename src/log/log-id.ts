/**
 * Change ids for provisioning-log rows: UUIDv7 (RFC 9562 §5.7), i.e. a 48-bit Unix-millisecond timestamp,
 * then a 12-bit counter, then 62 random bits. Random v4 ids made every insert land on a random leaf of the
 * primary-key index (one dirty page per row in a batch); time-ordered ids append to its right edge, and to
 * the right edge of every (key, …, id) index within a key (issue 16).
 *
 * Ordering: ids made by one source sort (as strings) in the order they were made, even within a millisecond
 * or when the clock steps back (the last timestamp is kept and the counter carries on). Nothing relies on
 * that order for correctness: keyset cursors use (time, id) with the id only as a tie-breaker.
 */
import { randomFillSync } from 'node:crypto';
import { type Clock, systemClock } from '../kernel/clock';

/** Fills a buffer with random bytes (a test passes a fixed one). */
export type RandomFill = (bytes: Uint8Array) => void;

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));
const COUNTER_MAX = 0xfff;

const hex = (b: Uint8Array, from: number, to: number) => {
  let s = '';
  for (let i = from; i < to; i++) s += HEX[b[i] as number];
  return s;
};

/**
 * The UUIDv7 of a millisecond time and a 12-bit counter, the other bits from `bytes` (16 random bytes, which
 * it overwrites). Pure: the bench builds deterministic ids with it.
 */
export function uuidV7(ms: number, counter: number, bytes: Uint8Array): string {
  // 48-bit big-endian timestamp; division, not bit shifts, because it exceeds 32 bits.
  const high = Math.floor(ms / 2 ** 16);
  bytes[0] = (high / 2 ** 24) & 0xff;
  bytes[1] = (high / 2 ** 16) & 0xff;
  bytes[2] = (high >>> 8) & 0xff;
  bytes[3] = high & 0xff;
  bytes[4] = (ms >>> 8) & 0xff;
  bytes[5] = ms & 0xff;
  bytes[6] = 0x70 | ((counter >>> 8) & 0x0f); // version 7
  bytes[7] = counter & 0xff;
  bytes[8] = 0x80 | ((bytes[8] as number) & 0x3f); // RFC 9562 variant (10xx)
  return `${hex(bytes, 0, 4)}-${hex(bytes, 4, 6)}-${hex(bytes, 6, 8)}-${hex(bytes, 8, 10)}-${hex(bytes, 10, 16)}`;
}

/** A generator of time-ordered UUIDs reading `clock`; each generator keeps its own last timestamp and counter. */
export function logIdSource(clock: Clock = systemClock, fill: RandomFill = randomFillSync): () => string {
  let lastMs = -1;
  let counter = 0;
  const bytes = new Uint8Array(16);
  // Random bytes drawn 4 KiB at a time: one call per id cost ~30 µs, several times an id's other work.
  const pool = new Uint8Array(4096);
  let used = pool.length;
  return () => {
    if (used === pool.length) {
      fill(pool);
      used = 0;
    }
    bytes.set(pool.subarray(used, used + 16));
    used += 16;
    const now = Math.max(0, Math.floor(clock.now()));
    if (now > lastMs) {
      lastMs = now;
      // Start the counter at a random value in its lower half: room for ≥ 2,048 ids in the same millisecond.
      counter = (((bytes[6] as number) & 0x07) << 8) | (bytes[7] as number);
    } else if (counter < COUNTER_MAX) {
      counter++;
    } else {
      // Counter spent within one millisecond: borrow the next one, as RFC 9562 §6.2 allows.
      lastMs++;
      counter = 0;
    }
    return uuidV7(lastMs, counter, bytes);
  };
}

/** A log-id source on the system clock, for writers without an injected clock (inbound source rows). */
export const newLogId: () => string = logIdSource();

/** The millisecond timestamp a UUIDv7 carries (for tests and diagnostics). */
export function logIdTime(id: string): number {
  return Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}
