import { describe, expect, it } from 'vitest';
import { logIdSource, logIdTime, newLogId, uuidV7 } from '../../src/log/log-id';

// RFC 9562: version nibble 7, variant bits 10.
const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('log ids (UUIDv7)', () => {
  it('are valid version-7 UUIDs carrying the clock time', () => {
    const at = Date.UTC(2026, 11, 5, 17, 0, 0, 123);
    const next = logIdSource({ now: () => at });
    for (let k = 0; k < 100; k++) {
      const id = next();
      expect(id).toMatch(UUID_V7);
      expect(logIdTime(id)).toBe(at);
    }
    expect(newLogId()).toMatch(UUID_V7);
  });

  it('sort in the order they were made, within a millisecond and when the clock steps back', () => {
    let now = 1_700_000_000_000;
    const next = logIdSource({ now: () => now });
    const ids: string[] = [];
    for (let k = 0; k < 10_000; k++) {
      // Mostly the same millisecond (the counter), sometimes forward, sometimes back (the last time is kept).
      if (k % 97 === 0) now += 3;
      if (k % 389 === 0) now -= 5;
      ids.push(next());
    }
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('borrow the next millisecond when 4,096 ids share one, and stay ordered', () => {
    const next = logIdSource({ now: () => 1_000 });
    const ids = Array.from({ length: 5_000 }, () => next());
    expect([...ids].sort()).toEqual(ids);
    expect(logIdTime(ids[0] as string)).toBe(1_000);
    expect(logIdTime(ids.at(-1) as string)).toBeGreaterThan(1_000);
    for (const id of ids) expect(id).toMatch(UUID_V7);
  });

  it('are unique under a burst from several sources on the same fixed clock', () => {
    const sources = Array.from({ length: 4 }, () => logIdSource({ now: () => 42 }));
    const ids = new Set<string>();
    for (let k = 0; k < 50_000; k++) ids.add((sources[k % 4] as () => string)());
    expect(ids.size).toBe(50_000);
  });

  it('lay out time, version, counter and variant as RFC 9562 says (pure form)', () => {
    const id = uuidV7(0x0123_4567_89ab, 0xabc, new Uint8Array(16).fill(0xff));
    expect(id).toBe('01234567-89ab-7abc-bfff-ffffffffffff');
    expect(logIdTime(id)).toBe(0x0123_4567_89ab);
  });

  it('sort after ids made earlier (a later process on a later clock appends)', () => {
    const early = logIdSource({ now: () => Date.UTC(2026, 0, 1) })();
    const late = logIdSource({ now: () => Date.UTC(2026, 0, 1) + 1 })();
    expect(early < late).toBe(true);
  });
});
