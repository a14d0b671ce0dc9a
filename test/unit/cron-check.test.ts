/** A refused schedule says why in words an admin can act on (issue 15: "a bad cron looks like nothing happened"). */
import { describe, expect, it } from 'vitest';
import { cronProblem } from '../../src/apps/cron-check';

describe('cronProblem', () => {
  it.each(['*/5 * * * *', '0 2 * * 1-5', '@hourly', '0 */6 * * *'])('accepts %s', (v) => {
    expect(cronProblem(v)).toBeNull();
  });

  it.each([
    ['', 'Enter a schedule in cron form, e.g. */5 * * * * for every 5 minutes.'],
    ['every 5 minutes', 'needs five fields (minute, hour, day of month, month, day of week)'],
    ['*/5 * * *', '"*/5 * * *" is not a cron schedule: it needs five fields'],
    ['61 * * * *', '"61" is not a valid minute in this cron schedule (minutes are 0–59).'],
    ['0 25 * * *', '"25" is not a valid hour in this cron schedule (hours are 0–23).'],
    ['0 0 31 2 *', 'This cron schedule never runs (no date matches it)'],
  ])('refuses %j with a sentence', (v, expected) => {
    const problem = cronProblem(v);
    expect(problem).toContain(expected);
    expect(problem).not.toMatch(/CronPattern|configuration format/);
  });
});
