/** Alert payloads and schedules, pure: the signature scheme, Slack escaping, the Teams card, monthly runs. */
import { describe, expect, it } from 'vitest';
import { type AlertMessage, signatureHeader, verifySignature, webhookBody } from '../../src/alerts/payloads';
import { nextRun } from '../../src/alerts/report-subscriptions';
import { channelLabel, channelSchema, channelView } from '../../src/alerts/rule-input';

const m: AlertMessage = {
  alert: { id: 'a1', ruleId: 'r1', state: 'firing', firedAt: '2026-12-05T10:00:00.000Z', resolvedAt: null },
  rule: { name: 'R & <D>', severity: 'critical' },
  app: { id: 'app1', name: 'HR <prod>' },
  summary: 'HR <prod>: 8 failures',
  logsUrl: 'https://p.example/logs?appId=app1&status=failure',
};

describe('alert payloads', () => {
  it('signs "<t>.<raw body>" with HMAC-SHA256 and refuses a replay outside the tolerance', () => {
    const body = webhookBody('generic', m);
    const h = signatureHeader('secret-secret-secret', body, 1_796_000_000);
    expect(h).toMatch(/^t=1796000000,v1=[0-9a-f]{64}$/);
    expect(verifySignature('secret-secret-secret', body, h, 1_796_000_100)).toBe(true);
    expect(verifySignature('secret-secret-secret', `${body} `, h, 1_796_000_100)).toBe(false);
    expect(verifySignature('secret-secret-secret', body, h, 1_796_000_000 + 301)).toBe(false);
    expect(JSON.parse(body)).toEqual(m);
  });

  it('escapes Slack mrkdwn control characters and links the logs', () => {
    const slack = JSON.parse(webhookBody('slack', m));
    expect(slack.text).toBe('FIRING [critical] R &amp; &lt;D&gt;: HR &lt;prod&gt; — HR &lt;prod&gt;: 8 failures');
    expect(slack.blocks[0]).toMatchObject({ type: 'section', text: { type: 'mrkdwn' } });
    expect(slack.blocks[1].elements[1].text).toBe(`<${m.logsUrl}|Open the matching log rows>`);
  });

  it('builds a Teams MessageCard, green once resolved', () => {
    const card = JSON.parse(webhookBody('teams', m));
    expect(card).toMatchObject({
      '@type': 'MessageCard',
      '@context': 'https://schema.org/extensions',
      themeColor: 'D13438',
    });
    expect(card.potentialAction[0]).toMatchObject({ '@type': 'OpenUri', targets: [{ os: 'default', uri: m.logsUrl }] });
    const resolved = JSON.parse(
      webhookBody('teams', { ...m, alert: { ...m.alert, state: 'resolved', resolvedAt: m.alert.firedAt } }),
    );
    expect(resolved.themeColor).toBe('107C10');
    expect(resolved.sections[0].facts).toContainEqual({ name: 'Resolved', value: m.alert.firedAt });
  });

  it('never shows a channel secret or a webhook path', () => {
    const ch = channelSchema.parse({
      type: 'webhook',
      url: 'https://hooks.slack.com/services/T/B/XYZ',
      format: 'slack',
      secret: 's'.repeat(16),
    });
    expect(JSON.stringify(channelView(ch))).not.toMatch(/XYZ|ssss/);
    expect(channelLabel(ch)).toBe('webhook (slack) https://hooks.slack.com');
    expect(channelSchema.safeParse({ type: 'webhook', url: 'file:///etc/passwd' }).success).toBe(false);
  });

  it('runs monthly subscriptions on the same day of the next calendar month (or its last day)', () => {
    expect(new Date(nextRun('monthly', Date.UTC(2026, 0, 15, 6))).toISOString()).toBe('2026-02-15T06:00:00.000Z');
    expect(new Date(nextRun('monthly', Date.UTC(2026, 0, 31, 6))).toISOString()).toBe('2026-02-28T06:00:00.000Z');
    expect(nextRun('weekly', 0)).toBe(7 * 86_400_000);
    expect(nextRun('daily', 0)).toBe(86_400_000);
  });
});
