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
