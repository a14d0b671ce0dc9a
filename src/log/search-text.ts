/**
 * The text a provisioning-log row is found by in full-text search (pure). The writer passes it straight to
 * the FTS index, so SQLite does not re-parse the JSON it was just given (that cost a third of the insert rate).
 * The view `provisioning_log_search` derives the same words from a stored row; it serves index rebuilds and
 * updated rows, and a test keeps the two in step (migration 0021 defines the current view).
 */
import type { LogEntry } from './types';

export interface SearchText {
  identity: string;
  body: string;
}

const s = (v: string | null | undefined) => v ?? '';

// Import-step details that name the source object beyond its display name and id (steps.ts importDetails).
// A failed create has no target name, so without these its UPN and mail were found nowhere (issue 15).
const IMPORT_STEP = 'EntryImport';
const IDENTITY_DETAILS = ['UPN', 'mail'] as const;
const REDACTED = '[Redact]';

/** "upn mail" from the row's import step, skipping redacted values; '' when the row has no import step. */
export function importIdentity(steps: LogEntry['steps']): string {
  const step = steps.find((st) => st.name === IMPORT_STEP);
  if (!step) return '';
  return IDENTITY_DETAILS.map((k) => step.details[k])
    .filter((v): v is string => typeof v === 'string' && v !== REDACTED)
    .join(' ');
}

/** Identity (names, ids, source UPN and mail) and body (error, step descriptions, modified properties). */
export function logSearchText(
  e: Pick<LogEntry, 'source' | 'target' | 'error' | 'steps' | 'modifiedProperties'>,
): SearchText {
  const identity = `${s(e.source.displayName)} ${e.source.id} ${s(e.target.displayName)} ${s(e.target.id)} ${importIdentity(e.steps)}`;
  const steps = e.steps.map((st) => st.description).join(' ');
  const props = e.modifiedProperties
    .map((m) => [m.displayName, m.oldValue, m.newValue].filter((v) => v !== null).join(' '))
    .join(' ');
  return { identity, body: `${s(e.error?.errorCode)} ${s(e.error?.reason)} ${steps} ${props}` };
}
