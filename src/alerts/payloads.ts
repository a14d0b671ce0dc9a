/**
 * Alert messages as bytes, pure: the generic JSON body (issue 17's shape), a Slack-compatible body
 * (`text` + Block Kit `blocks`, api.slack.com/messaging/webhooks), a Microsoft Teams MessageCard
 * (learn.microsoft.com "Legacy actionable message card reference"), a mail, and the signature header.
 */
import crypto from 'node:crypto';

export interface AlertMessage {
  alert: { id: string; ruleId: string; state: 'firing' | 'resolved'; firedAt: string; resolvedAt: string | null };
  rule: { name: string; severity: string };
  app: { id: string; name: string };
  summary: string;
  logsUrl: string;
}

export type WebhookFormat = 'generic' | 'slack' | 'teams';

/** Slack mrkdwn: &, < and > are control characters and must be escaped (api.slack.com "Formatting text"). */
const slackEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const headline = (m: AlertMessage) =>
  `${m.alert.state === 'firing' ? 'FIRING' : 'RESOLVED'} [${m.rule.severity}] ${m.rule.name}: ${m.app.name}`;

const THEME: Record<string, string> = { critical: 'D13438', warning: 'FFB900', info: '0078D4' };

/** The raw request body for a webhook of `format`. */
export function webhookBody(format: WebhookFormat, m: AlertMessage): string {
  if (format === 'generic') return JSON.stringify(m);
  if (format === 'slack') {
    const text = `${headline(m)} — ${m.summary}`;
    return JSON.stringify({
      text: slackEscape(text),
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: `*${slackEscape(headline(m))}*\n${slackEscape(m.summary)}` } },
        {
          type: 'context',
          elements: [
            {
              type: 'mrkdwn',
              text: `Fired ${m.alert.firedAt}${m.alert.resolvedAt ? `, resolved ${m.alert.resolvedAt}` : ''}`,
            },
            { type: 'mrkdwn', text: `<${m.logsUrl}|Open the matching log rows>` },
          ],
        },
      ],
    });
  }
  return JSON.stringify({
    '@type': 'MessageCard',
    '@context': 'https://schema.org/extensions',
    summary: headline(m),
    themeColor: m.alert.state === 'resolved' ? '107C10' : (THEME[m.rule.severity] ?? '0078D4'),
    title: headline(m),
    text: m.summary,
    sections: [
      {
        facts: [
          { name: 'Application', value: m.app.name },
          { name: 'Fired', value: m.alert.firedAt },
          ...(m.alert.resolvedAt ? [{ name: 'Resolved', value: m.alert.resolvedAt }] : []),
        ],
      },
    ],
    potentialAction: [
      { '@type': 'OpenUri', name: 'Open the matching log rows', targets: [{ os: 'default', uri: m.logsUrl }] },
    ],
  });
}

/** A plain-text mail for the alert. */
export function alertMail(m: AlertMessage): { subject: string; text: string } {
  return {
    subject: `[Provisio] ${headline(m)}`,
    text: [
      m.summary,
      '',
      `Rule: ${m.rule.name} (${m.rule.severity})`,
      `Fired: ${m.alert.firedAt}`,
      ...(m.alert.resolvedAt ? [`Resolved: ${m.alert.resolvedAt}`] : []),
      '',
      `The matching log rows: ${m.logsUrl}`,
      '--',
      'Provisio provisioning service',
    ].join('\n'),
  };
}

/**
 * `X-Provisio-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`. The timestamp is
 * signed with the body so a receiver can refuse replays older than its tolerance (the Stripe scheme).
 */
export function signatureHeader(secret: string, rawBody: string, unixSeconds: number): string {
  const mac = crypto.createHmac('sha256', secret).update(`${unixSeconds}.${rawBody}`).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}

/** Verify a signature header (receivers and tests); `toleranceSeconds` bounds replay. */
export function verifySignature(
  secret: string,
  rawBody: string,
  header: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  if (!m?.[1] || !m[2]) return false;
  const t = Number(m[1]);
  if (Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const want = Buffer.from(signatureHeader(secret, rawBody, t).split('v1=')[1] ?? '', 'hex');
  return crypto.timingSafeEqual(want, Buffer.from(m[2], 'hex'));
}
