/**
 * Names reach the log, on-demand, drift and plan views from the directory and from targets. A value stored before
 * input refused bidi overrides (or read from a target) must not reorder the page around it.
 */
import { describe, expect, it } from 'vitest';
import type { LogRow } from '../../src/log/query';
import { columnCell } from '../../views/partials/log-columns';

const spoof = 'Admin\u202eexe.doc';

describe('log views render stored names safely', () => {
  it('shows a bidi override in the identity column as [U+202E], isolated in <bdi>', async () => {
    const row = { sourceDisplayName: spoof, sourceId: 'u1' } as unknown as LogRow;
    const html = String(await columnCell('identity', row, undefined));
    expect(html).toContain('<bdi>Admin[U+202E]exe.doc</bdi>');
    expect(html).not.toContain('\u202e');
  });

  it('shows an empty name as a dash', async () => {
    const row = { sourceDisplayName: null, sourceId: 'u1' } as unknown as LogRow;
    expect(String(await columnCell('identity', row, undefined))).toContain('—');
  });
});
