/**
 * Issue 16 item 1b: a steady stream of directory writes reaches the loopback target with bounded latency.
 * The old trailing-only debounce started no cycle while writes kept coming; the bounded window (nudge-window.ts)
 * starts one within about 1 s and keeps them back to back. Generous bound, no tight timing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Scheduler } from '../../src/engine/cycle/scheduler';
import { type EngineHarness, engineHarness } from '../support/engine-harness';
import { people } from '../support/people';

let h: EngineHarness;
let s: Scheduler;
beforeEach(async () => {
  h = await engineHarness();
  s = new Scheduler(h.engine, { debounceMs: 1000 }); // the production default
});
afterEach(async () => {
  await s.stop();
  await h.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('change latency under a steady stream', () => {
  it('20 writes/s for 5 s: every change reaches the target in under 3 s', async () => {
    const ids = people('lat', 100).map((p) => h.addUser(p).id);
    await h.cycle(); // initial cycle: all 100 provisioned
    expect(h.scim.store.countUsers()).toBe(100);
    s.refresh(h.app.id);

    const writtenAt = new Map<string, number>(); // title → when the directory write happened
    const seenAt = new Map<string, number>();
    let done = false;
    const poll = (async () => {
      while (!done || seenAt.size < writtenAt.size) {
        const now = Date.now();
        for (const u of h.scim.store.listUsers()) {
          const title = (u as Record<string, unknown>).title;
          if (typeof title === 'string' && writtenAt.has(title) && !seenAt.has(title)) seenAt.set(title, now);
        }
        if (done && Date.now() - (Math.max(...writtenAt.values()) || 0) > 10_000) break;
        await sleep(25);
      }
    })();

    for (const [i, id] of ids.entries()) {
      const title = `Title ${i}`;
      h.update(id, { jobTitle: title });
      writtenAt.set(title, Date.now());
      s.nudge([{ objectType: 'user', objectId: id, appId: null, kind: 'update' }]);
      await sleep(50);
    }
    done = true;
    await poll;

    const latencies = [...writtenAt].map(([t, at]) => (seenAt.get(t) ?? Number.POSITIVE_INFINITY) - at);
    expect(seenAt.size).toBe(100);
    expect(Math.max(...latencies)).toBeLessThan(3000);
  }, 30_000);
});
