/** "Send test notification": one attempt to each of a rule's channels, at once, with a message marked as a test. */

import { writeAudit } from '../audit/audit-log';
import type { Actor } from '../kernel/actor';
import type { EvaluateDeps } from './evaluate';
import { type AlertMessage, alertMail, webhookBody } from './payloads';
import { channelLabel } from './rule-input';
import { openRules } from './rules';
import { type SendDeps, sendToChannel } from './send';

export interface TestResult {
  channel: string;
  status: 'sent' | 'failed';
  error: string | null;
}

export async function testRule(deps: EvaluateDeps & SendDeps, actor: Actor, id: string): Promise<TestResult[]> {
  const [rule] = openRules(deps, id);
  if (!rule) return [];
  const now = new Date(deps.clock.now()).toISOString();
  const m: AlertMessage = {
    alert: { id: 'test', ruleId: rule.id, state: 'firing', firedAt: now, resolvedAt: null },
    rule: { name: rule.name, severity: rule.severity },
    app: { id: 'test', name: 'Test notification' },
    summary: `Test notification for the rule "${rule.name}": no condition holds, this only checks the channel.`,
    logsUrl: `${deps.publicUrl.replace(/\/+$/, '')}/logs`,
  };
  const results: TestResult[] = [];
  for (const channel of rule.channelsOpen) {
    const body =
      channel.type === 'email'
        ? JSON.stringify(alertMail(m))
        : channel.type === 'syslog'
          ? JSON.stringify(m)
          : webhookBody(channel.format, m);
    const error = await sendToChannel(deps, channel, body);
    results.push({ channel: channelLabel(channel), status: error === null ? 'sent' : 'failed', error });
  }
  writeAudit(
    deps.db,
    actor,
    {
      activity: 'alert_rule.test',
      targetType: 'alert_rule',
      targetId: id,
      result: results.every((r) => r.status === 'sent') ? 'success' : 'failure',
      after: { results },
    },
    deps.clock.now(),
  );
  return results;
}
