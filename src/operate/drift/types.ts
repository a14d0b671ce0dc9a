/** The shapes of drift findings, shared by the user and group halves of the report. */

export type DriftKind = 'orphan' | 'missing' | 'drifted';

export interface DriftFinding {
  kind: DriftKind;
  /** Users when absent. */
  objectType?: 'user' | 'group';
  sourceId: string | null;
  targetId: string | null;
  displayName: string | null;
  matchSourceId: string | null;
  attributes: { attribute: string; exported: string | null; target: string | null }[];
}

/** Where a drift scan puts its findings as it finds them, so a big target is never held in memory whole. */
export interface DriftSink {
  add(f: DriftFinding): void;
  /** Called after each target object read (progress); the scan stops at the next one once `signal` aborts. */
  read(): void;
  readonly signal: AbortSignal;
}
