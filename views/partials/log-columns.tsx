/**
 * The "Columns" chooser of the log list (as in Entra): a small POST form, remembered for the account, and the
 * cell each column shows. The date cell carries the link that opens the details.
 */
import { LOG_COLUMNS, type LogColumn } from '../../src/log/columns';
import type { LogRow } from '../../src/log/query';
import { CopyId } from './copy-id';
import { actionLabel, Badge, formatDuration, Time } from './format';
import { Name } from './safe-text';

export const COLUMN_LABELS: Record<LogColumn, string> = {
  date: 'Date',
  identity: 'Identity',
  action: 'Action',
  sourceSystem: 'Source System',
  targetSystem: 'Target System',
  status: 'Status',
  application: 'Application',
  duration: 'Duration',
  targetId: 'Target ID',
  jobId: 'Job ID',
  cycleId: 'Cycle ID',
  changeId: 'Change ID',
  errorCode: 'Error code',
  initiatedBy: 'Initiated by',
};

/** One cell of a row for a column (the date column is rendered by the table, with its link). */
export function columnCell(col: LogColumn, r: LogRow, appName: string | undefined) {
  switch (col) {
    case 'identity':
      // One line: the name, then the source id cut to fit (dense rows; the full id is in the flyout).
      return (
        <div class="identity-cell">
          <span class="identity-name">
            <Name value={r.sourceDisplayName} />
          </span>
          <CopyId value={r.sourceId} label="source ID" />
        </div>
      );
    case 'action':
      return actionLabel(r.provisioningAction);
    case 'status':
      return <Badge code={r.status} />;
    case 'sourceSystem':
      return r.sourceSystem;
    case 'targetSystem':
      return r.targetSystem;
    case 'application':
      return appName ?? r.appId;
    case 'duration':
      return formatDuration(r.durationMs);
    case 'targetId':
      return r.targetId ? <CopyId value={r.targetId} label="target ID" /> : '—';
    case 'jobId':
      return <CopyId value={r.jobId} label="job ID" />;
    case 'cycleId':
      return <CopyId value={r.cycleId} label="cycle ID" />;
    case 'changeId':
      return <CopyId value={r.id} label="change ID" />;
    case 'errorCode':
      return r.errorCode ? <code>{r.errorCode}</code> : '';
    case 'initiatedBy':
      return r.initiatedByName;
    default:
      return <Time at={r.activityDateTime} />;
  }
}

/** The chooser form. */
export function LogColumnChooser(props: { columns: LogColumn[]; csrfToken: string; back: string }) {
  return (
    <details class="column-chooser">
      <summary class="btn">Columns</summary>
      <form method="post" action="/logs/columns" class="column-form">
        <input type="hidden" name="_csrf" value={props.csrfToken} />
        <input type="hidden" name="back" value={props.back} />
        {LOG_COLUMNS.map((col) => (
          <label class="check">
            <input
              type="checkbox"
              name="columns"
              value={col}
              checked={props.columns.includes(col)}
              disabled={col === 'date'}
            />{' '}
            {COLUMN_LABELS[col]}
          </label>
        ))}
        <button type="submit" class="btn btn-primary">
          Save
        </button>
      </form>
    </details>
  );
}
