/**
 * Why a schedule is refused, in words an admin can act on. croner's own messages ("CronPattern: invalid
 * configuration format") name its internals; a schedule that parses but never fires (31 February) would
 * otherwise be saved and silently never run.
 */
import { Cron } from 'croner';

const EXAMPLE = 'e.g. */5 * * * * for every 5 minutes';

const RANGES: Record<string, string> = {
  second: 'seconds are 0–59',
  minute: 'minutes are 0–59',
  hour: 'hours are 0–23',
  day: 'days of the month are 1–31',
  month: 'months are 1–12',
  weekday: 'days of the week are 0–7, Sunday being 0 or 7',
};

/** null when `schedule` is a cron expression that fires; otherwise the sentence to show beside the field. */
export function cronProblem(schedule: string): string | null {
  const v = schedule.trim();
  if (v === '') return `Enter a schedule in cron form, ${EXAMPLE}.`;
  const parts = v.split(/\s+/).length;
  if (!v.startsWith('@') && (parts < 5 || parts > 7)) {
    return `"${v}" is not a cron schedule: it needs five fields (minute, hour, day of month, month, day of week), ${EXAMPLE}.`;
  }
  let next: Date | null;
  try {
    const c = new Cron(v, { paused: true });
    next = c.nextRun();
    c.stop();
  } catch (err) {
    const m = /Invalid value for (\w+): (.*)$/i.exec((err as Error).message);
    const field = m?.[1]?.toLowerCase() ?? '';
    if (m && RANGES[field]) return `"${m[2]}" is not a valid ${field} in this cron schedule (${RANGES[field]}).`;
    return `"${v}" is not a valid cron schedule (minute, hour, day of month, month, day of week), ${EXAMPLE}.`;
  }
  if (!next) return `This cron schedule never runs (no date matches it), ${EXAMPLE}.`;
  return null;
}
