/**
 * The expression tester has no target to ask, so for SelectUniqueValue it lists the candidates in the order
 * a create would try them (issue 12), in the API answer and on the mappings page.
 */
import { describe, expect, it } from 'vitest';
import { createApplication } from '../../src/apps/applications';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { webHarness } from '../support/web';
import { pagesHarness } from './pages-harness';

const EXPRESSION = 'SelectUniqueValue([mailNickname], Join("", [mailNickname], "2"), [missing])';

describe('SelectUniqueValue in the expression tester', () => {
  it('answers the candidates from the API, for a viewer', async () => {
    const h = webHarness();
    const res = await h.call('POST', '/api/v1/expressions/evaluate', {
      token: h.tokens.viewer,
      body: { expression: EXPRESSION, sample: { mailNickname: 'ada' } },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      ok: true,
      value: 'ada',
      redacted: false,
      ignored: false,
      candidates: ['ada', 'ada2', null],
    });
  });

  it('lists them on the page', async () => {
    const h = await pagesHarness();
    const app = createApplication({ db: h.db, clock: h.deps.clock, secrets: h.secrets }, CLI_ACTOR, {
      name: 'MindTickle',
      template: 'mindtickle',
      secretToken: 'token-123',
    });
    const s = await h.signIn('viewer');
    const res = await h.post(
      `/apps/${app.id}/mappings/test-expression`,
      { expression: EXPRESSION, testSample: 'mailNickname=ada' },
      s,
      { headers: { 'hx-request': 'true' } },
    );
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('SelectUniqueValue candidates, tried in order');
    expect(html).toMatch(
      /<ol class="tester-candidates"><li><code class="tester-value">ada<\/code><\/li><li><code class="tester-value">ada2<\/code><\/li><li class="muted">\(no value: skipped\)<\/li><\/ol>/,
    );
  });
});
