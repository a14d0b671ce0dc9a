/**
 * Adaptive pacing end to end (issue 16 item 2): the real engine against the loopback SCIM server with
 * latency and injected 429s. The concurrency limit grows while the target keeps up, shrinks on throttling,
 * carries over to the next cycle, and every user still arrives.
 */
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { cycles } from '../../db/schema';
import type { PacingView } from '../../src/scim/pacing';
import { type EngineHarness, engineHarness } from '../support/engine-harness';
import { people } from '../support/people';

let h: EngineHarness;
afterEach(async () => {
  await h.close();
});

/** Run a cycle, sampling the app's pacing every few milliseconds. */
async function sampledCycle(): Promise<{ cycleId: string; views: PacingView[] }> {
  const views: PacingView[] = [];
  const take = () => {
    const v = h.engine.pacing?.view(h.app.id);
    if (v) views.push(v);
  };
  const timer = setInterval(take, 5);
  try {
    const cycleId = await h.cycle();
    take();
    return { cycleId, views };
  } finally {
    clearInterval(timer);
  }
}

describe('adaptive pacing', () => {
  it('grows the limit under flat latency, shrinks it on 429s, keeps it for the next cycle, and loses no user', async () => {
    h = await engineHarness();
    expect(h.app.maxConcurrency).toBe(32);
    h.scim.faults.setLatency(20);
    for (const p of people('grow', 120)) h.addUser(p);

    const first = await sampledCycle();
    const limits = first.views.map((v) => v.limit);
    expect(limits[0]).toBeLessThanOrEqual(8);
    expect(Math.max(...limits)).toBeGreaterThanOrEqual(16);
    expect(h.scim.store.countUsers()).toBe(120);
    expect(first.views.at(-1)?.learnedRate).toBeNull();

    // Cycle 2 starts where cycle 1 ended, and meets a burst of throttling.
    const carried = h.engine.pacing?.view(h.app.id)?.limit ?? 0;
    expect(carried).toBeGreaterThanOrEqual(8);
    for (const p of people('throttled', 80)) h.addUser(p);
    h.scim.faults.add({ method: 'POST', status: 429, times: 6, retryAfter: '1' });
    const second = await sampledCycle();
    const during = second.views.map((v) => v.limit);
    expect(during[0]).toBe(carried);
    // Somewhere a sample shows the multiplicative decrease: × 0.7 of the (fractional) limit behind the one before.
    const drops = during.slice(1).filter((l, i) => l <= Math.floor(((during[i] ?? 0) + 1) * 0.7));
    expect(drops.length).toBeGreaterThan(0);
    expect(second.views.some((v) => v.reason === 'throttled')).toBe(true);
    // The 429 came after enough accepted answers to learn a rate from.
    expect(second.views.at(-1)?.learnedRate).toBeGreaterThan(0);

    expect(h.scim.store.countUsers()).toBe(200);
    const row = h.db.select().from(cycles).where(eq(cycles.id, second.cycleId)).get();
    expect(row).toMatchObject({ status: 'succeeded', failed: 0, throttled: 6 });
    expect(row?.waitedMs).toBeGreaterThanOrEqual(900);
    expect(h.engine.pacing?.view(h.app.id)?.waitedTotalMs).toBeGreaterThanOrEqual(900);
  }, 120_000);

  it('never goes past an admin ceiling', async () => {
    h = await engineHarness({ maxConcurrency: 3 });
    h.scim.faults.setLatency(10);
    for (const p of people('capped', 60)) h.addUser(p);
    const { views } = await sampledCycle();
    expect(Math.max(...views.map((v) => v.limit))).toBe(3);
    expect(views.at(-1)).toMatchObject({ ceiling: 3, rateCeiling: null });
    expect(h.scim.store.countUsers()).toBe(60);
  }, 30_000);
});
