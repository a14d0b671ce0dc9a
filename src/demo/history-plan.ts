/**
 * The demo's past 30 days as data (pure, seeded): which cycles ran when, what each did to whom, and what the
 * admin did. `history.ts` writes it. Working days are busier than weekends; one token rotation in the target
 * quarantines the job for three days (Entra's 6 h / 12 h / 24 h retries) until the admin pastes the new token.
 */
import type { PlannedFailure } from './history-errors';

export const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const MIN_MS = 60_000;

export interface HistoryPerson {
  id: string;
  displayName: string;
  userPrincipalName: string;
  jobTitle: string | null;
  department: string | null;
}

export type PlannedAction = 'create' | 'update' | 'disable' | 'other';

export interface PlannedRow {
  at: number;
  durationMs: number;
  action: PlannedAction;
  status: 'success' | 'failure' | 'skipped';
  person: HistoryPerson;
  targetId: string;
  /** How long before `at` the directory change behind this action was written (time to provision). */
  changeLagMs: number;
  /** For updates: the attribute that changed, old → new. */
  change: { attribute: string; from: string | null; to: string } | null;
  failure: PlannedFailure | null;
}

export interface PlannedCycle {
  id: string;
  type: 'initial' | 'incremental';
  initiatedBy: { type: 'system' | 'user'; name: string };
  startedAt: number;
  endedAt: number;
  rows: PlannedRow[];
  throttled: number;
  waitedMs: number;
  /** Set for a cycle the target refused (quarantine). */
  quarantined: string | null;
}

export interface PlannedAudit {
  at: number;
  by: 'admin' | 'system';
  activity: string;
  result?: 'failure';
  before?: unknown;
  after?: unknown;
}

export interface HistoryPlan {
  cycles: PlannedCycle[];
  audit: PlannedAudit[];
}

/** mulberry32: a small seeded generator, so the same seed gives the same past on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export interface Rng {
  next: () => number;
  int: (lo: number, hi: number) => number;
  pick: <T>(xs: readonly T[]) => T;
  chance: (p: number) => boolean;
}

export function rngOf(seed: number): Rng {
  const next = seededRandom(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  return { next, int, pick: (xs) => xs[int(0, xs.length - 1)] as never, chance: (p) => next() < p };
}

/** A target id as the sandbox mints them (UUID-shaped), from the seeded generator. */
export function targetIdOf(rng: Rng): string {
  const hex = () =>
    Math.floor(rng.next() * 0x10000)
      .toString(16)
      .padStart(4, '0');
  return `${hex()}${hex()}-${hex()}-4${hex().slice(1)}-a${hex().slice(1)}-${hex()}${hex()}${hex()}`;
}

export const SCHEDULED = { type: 'system' as const, name: 'Provisio provisioning service' };

/** The quarantine episode: its start and the retry times (6 h, then 12 h, then 24 h twice). */
export function quarantineTimes(dayStart: number): number[] {
  const t0 = dayStart + 9 * HOUR_MS + 5 * MIN_MS;
  return [0, 6, 18, 42, 66].map((h) => t0 + h * HOUR_MS);
}
