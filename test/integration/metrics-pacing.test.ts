import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/metrics';
import { engineHarness } from '../support/engine-harness';
import { people } from '../support/people';

describe('Prometheus metrics of adaptive pacing', () => {
  it('exposes the concurrency limit, the learned rate and the time waited per application', async () => {
    const metrics = createMetrics();
    const h = await engineHarness({}, { metrics });
    try {
      for (const p of people('m', 3)) h.addUser(p);
      h.scim.faults.add({ method: 'GET', path: '/Users', status: 429, retryAfter: '1', times: 1 });
      await h.cycle();
      const text = await metrics.registry.metrics();
      const limit = h.engine.pacing?.view(h.app.id)?.limit;
      expect(limit).toBeGreaterThanOrEqual(1);
      expect(text).toContain(`provisio_scim_concurrency_limit{app_id="${h.app.id}"} ${limit}`);
      // One 429 before a handful of accepted answers teaches no rate: 0 reads "not limited".
      expect(text).toContain(`provisio_scim_learned_rate{app_id="${h.app.id}"} 0`);
      const waited = new RegExp(`provisio_scim_wait_seconds_total\\{app_id="${h.app.id}"\\} ([0-9.]+)`).exec(text);
      expect(Number(waited?.[1])).toBeGreaterThanOrEqual(0.9);
    } finally {
      await h.close();
    }
  }, 30_000);
});
