import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/metrics';
import { appHealth } from '../../src/operate/health';
import { engineHarness } from '../support/engine-harness';
import { people } from '../support/people';

describe('Prometheus health gauges', () => {
  it('reports escrow size and quarantine state per application at scrape time', async () => {
    const metrics = createMetrics();
    const h = await engineHarness({ quarantineMinFailures: 2 }, { metrics });
    metrics.watchApps(() => appHealth(h.db));
    try {
      let text = await metrics.registry.metrics();
      expect(text).toContain(`provisio_escrow_size{app_id="${h.app.id}",kind="failure"} 0`);
      expect(text).toContain(`provisio_quarantined{app_id="${h.app.id}",reason=""} 0`);
      for (const p of people('m', 3)) h.addUser(p);
      h.scim.faults.add({ method: 'POST', path: '/Users', status: 400, times: 2 });
      await h.cycle();
      text = await metrics.registry.metrics();
      expect(text).toContain(`provisio_escrow_size{app_id="${h.app.id}",kind="failure"} 2`);
      expect(text).toContain(
        `provisio_quarantined{app_id="${h.app.id}",reason="EncounteredEscrowProportionThreshold"} 1`,
      );
    } finally {
      await h.close();
    }
  });
});
