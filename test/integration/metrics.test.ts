import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/metrics';
import { engineHarness } from '../support/engine-harness';

describe('Prometheus metrics', () => {
  it('counts SCIM requests by status, throttles and cycle durations', async () => {
    const metrics = createMetrics();
    const h = await engineHarness({}, { metrics });
    try {
      h.addUser({ userPrincipalName: 'm1@contoso.example' });
      h.scim.faults.add({ method: 'GET', path: '/Users', status: 429, retryAfter: '0', times: 1 });
      await h.cycle();
      const text = await metrics.registry.metrics();
      expect(text).toContain(`provisio_scim_requests_total{app_id="${h.app.id}",method="POST",status="201"} 1`);
      expect(text).toContain(`provisio_scim_requests_total{app_id="${h.app.id}",method="GET",status="429"} 1`);
      expect(text).toContain(`provisio_scim_throttled_total{app_id="${h.app.id}"} 1`);
      expect(text).toMatch(
        new RegExp(
          `provisio_cycle_duration_seconds_count\\{app_id="${h.app.id}",type="initial",status="succeeded"\\} 1`,
        ),
      );
    } finally {
      await h.close();
    }
  });
});
