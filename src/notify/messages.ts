/**
 * The notification emails, as pure functions of what happened. Each says what happened, why, what to do, and
 * links to the filtered provisioning logs, so the reader starts from the evidence rather than the dashboard.
 */

/** Where a mail points: the app page and the logs filtered to the cycle concerned. */
export interface MailLinks {
  app: string;
  logs: string;
}

/** Subject and body; the recipient is the app's notification email. */
export interface Message {
  subject: string;
  text: string;
}

const SIGNATURE = '\n--\nProvisio provisioning service';

const iso = (at: number | null) => (at === null ? 'not scheduled' : `${new Date(at).toISOString().slice(0, 19)}Z`);

/** The job entered quarantine (sent once per reason per quarantine). */
export function quarantineMail(
  app: string,
  q: { reason: string; detail: string; nextAttempt: number | null },
  links: MailLinks,
): Message {
  return {
    subject: `[Provisio] ${app}: provisioning quarantined (${q.reason})`,
    text: [
      `Provisioning to ${app} has been quarantined.`,
      '',
      `Why: ${q.detail}.`,
      `Reason code: ${q.reason}`,
      `Next attempt: ${iso(q.nextAttempt)} (quarantined jobs retry on a backoff schedule instead of every cycle).`,
      '',
      'What to do: fix the cause, then press Test Connection or Restart provisioning on the application page,',
      'or wait for the next attempt: the first healthy cycle ends the quarantine.',
      '',
      `Application: ${links.app}`,
      `Provisioning logs of the cycle: ${links.logs}`,
      SIGNATURE,
    ].join('\n'),
  };
}

/** The deletion guard held a cycle's disables and deletes (the job is quarantined with TooManyDeletes). */
export function deletionGuardMail(
  app: string,
  g: { held: number; threshold: number; percent: number | null; linked: number },
  links: MailLinks,
): Message {
  const limit = g.percent === null ? `${g.threshold}` : `${g.threshold} or ${g.percent} % of ${g.linked} linked users`;
  return {
    subject: `[Provisio] ${app}: ${g.held} deletions held by the accidental-deletions threshold`,
    text: [
      `A provisioning cycle of ${app} would have disabled or deleted ${g.held} users, more than the`,
      `accidental-deletions threshold (${limit}). Nothing was disabled or deleted: the held actions are in the`,
      'provisioning logs with the action "stagedDelete", and the job is quarantined (TooManyDeletes).',
      '',
      'What to do: if the deletions are intended, an administrator presses "Allow deletes" on the application',
      'page and the held actions are processed. If not, fix the assignments or scoping in the source and',
      'Restart provisioning.',
      '',
      `Application: ${links.app}`,
      `Held actions in the provisioning logs: ${links.logs}`,
      SIGNATURE,
    ].join('\n'),
  };
}

/** One failed object in a digest. */
export interface DigestLine {
  name: string;
  action: string;
  code: string | null;
  reason: string | null;
}

/** The failures of one cycle ("send an email notification when a failure occurs"); at most one per cycle. */
export function failureDigestMail(
  app: string,
  c: { failed: number; processed: number; startedAt: number },
  lines: readonly DigestLine[],
  links: MailLinks,
): Message {
  const shown = lines.map((l) => `- ${l.name}: ${l.action} failed (${l.code ?? 'error'}): ${l.reason ?? ''}`.trim());
  const more = c.failed > lines.length ? [`... and ${c.failed - lines.length} more.`] : [];
  return {
    subject: `[Provisio] ${app}: ${c.failed} of ${c.processed} objects failed in the cycle of ${iso(c.startedAt)}`,
    text: [
      `${c.failed} objects failed to provision to ${app} in the cycle started ${iso(c.startedAt)}.`,
      'Failed objects are escrowed and retried by later cycles with a growing backoff.',
      '',
      ...shown,
      ...more,
      '',
      `Failures of this cycle in the provisioning logs: ${links.logs}`,
      `Application: ${links.app}`,
      SIGNATURE,
    ].join('\n'),
  };
}

/** The Secret Token (a JWT) expires soon: sent 14 days and 1 day before. */
export function tokenExpiryMail(app: string, expiresAt: number, when: string, links: MailLinks): Message {
  return {
    subject: `[Provisio] ${app}: the Secret Token ${when}`,
    text: [
      `The Secret Token of ${app} ${when} (${iso(expiresAt)}).`,
      'Once it has expired the target rejects every request and the job is quarantined.',
      '',
      'What to do: get a new token from the application vendor and paste it in Admin Credentials, then press',
      'Test Connection.',
      '',
      `Application: ${links.app}`,
      `Provisioning logs: ${links.logs}`,
      SIGNATURE,
    ].join('\n'),
  };
}
