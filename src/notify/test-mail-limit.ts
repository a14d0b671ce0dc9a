/**
 * How often one person may send test mail. A test goes to whatever address is typed, through the
 * organisation's relay, so an unlimited button would be a way to send mail in bulk under the relay's good
 * name; a few tries while fixing a typo are all a person needs. Kept in memory: a restart forgets it, which
 * costs at most one more window of tests.
 */
import { AppError } from '../kernel/errors';

export const TEST_MAIL_LIMIT = { perWindow: 5, windowMs: 10 * 60_000 } as const;

/** Too many test mails: says when the next one may go. */
export class TestMailLimitError extends AppError {
  constructor(readonly retryAfterMs: number) {
    super(
      'test_mail_rate_limited',
      `Too many test mails in a short time. Try again in ${Math.ceil(retryAfterMs / 60_000)} min.`,
      { retryable: true, context: { retryAfterMs } },
    );
  }
}

/** A sliding window per key (the actor's id): `take` throws TestMailLimitError once the window is full. */
export function testMailLimiter(clock: { now(): number }, limit = TEST_MAIL_LIMIT) {
  const sent = new Map<string, number[]>();
  return {
    take(key: string): void {
      const now = clock.now();
      const recent = (sent.get(key) ?? []).filter((t) => t > now - limit.windowMs);
      const oldest = recent[0];
      if (recent.length >= limit.perWindow && oldest !== undefined) {
        sent.set(key, recent);
        throw new TestMailLimitError(oldest + limit.windowMs - now);
      }
      recent.push(now);
      sent.set(key, recent);
    },
  };
}
