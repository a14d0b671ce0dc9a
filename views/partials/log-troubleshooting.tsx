/**
 * The Troubleshooting & Recommendations tab: the row's error code, reason and recommended action, and what the
 * table of known codes says about the code (src/log/known-codes.ts) when the row carries no action of its own.
 */
import type { KnownCode } from '../../src/log/known-codes';
import type { LogRow } from '../../src/log/query';
import { queryString } from './format';

const KIND_LABELS: Record<KnownCode['kind'], string> = {
  auth: 'Authentication or permissions',
  conflict: 'Conflict',
  duplicates: 'Duplicate entries',
  throttling: 'Throttling',
  schema: 'Schema or attribute',
  timeout: 'Timeout',
  incompatible: 'Incompatible response',
  target: 'Target app error',
  data: 'Source data',
  skipped: 'Skipped',
  internal: 'Internal',
};

/** The tab body. */
export function LogTroubleshooting(props: { row: LogRow; known: (KnownCode & { code: string }) | null }) {
  const r = props.row;
  const action = r.recommendedAction ?? props.known?.action;
  return (
    <dl class="props">
      <dt>Error code</dt>
      <dd>
        <code>{r.errorCode ?? '—'}</code>
        {r.errorCode ? (
          <>
            {' '}
            <a class="small" href={`/logs${queryString({ errorCode: r.errorCode })}`}>
              all events with this code
            </a>
          </>
        ) : null}
      </dd>
      {props.known ? (
        <>
          <dt>Kind of problem</dt>
          <dd>
            {KIND_LABELS[props.known.kind]} — {props.known.meaning}
          </dd>
        </>
      ) : null}
      <dt>Category</dt>
      <dd>{r.errorCategory ?? '—'}</dd>
      <dt>Reason</dt>
      <dd>{r.errorReason ?? '—'}</dd>
      <dt>Recommended action</dt>
      <dd class="recommended-action">{action ?? <span class="muted">None recorded</span>}</dd>
    </dl>
  );
}
