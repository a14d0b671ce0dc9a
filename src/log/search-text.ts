/**
 * The text a provisioning-log row is found by in full-text search (pure). The writer passes it straight to
 * the FTS index, so SQLite does not re-parse the JSON it was just given (that cost a third of the insert rate).
 * The view `provisioning_log_search` derives the same words from a stored row; it serves index rebuilds and
 * updated rows, and a test keeps the two in step.
 */
import type { LogEntry } from './types';

export interface SearchText {
  identity: string;
  body: string;
}

const s = (v: string | null | undefined) => v ?? '';

/** Identity (names and ids in source and target) and body (error, step descriptions, modified properties). */
export function logSearchText(
  e: Pick<LogEntry, 'source' | 'target' | 'error' | 'steps' | 'modifiedProperties'>,
): SearchText {
  const identity = `${s(e.source.displayName)} ${e.source.id} ${s(e.target.displayName)} ${s(e.target.id)}`;
  const steps = e.steps.map((st) => st.description).join(' ');
  const props = e.modifiedProperties
    .map((m) => [m.displayName, m.oldValue, m.newValue].filter((v) => v !== null).join(' '))
    .join(' ');
  return { identity, body: `${s(e.error?.errorCode)} ${s(e.error?.reason)} ${steps} ${props}` };
}
