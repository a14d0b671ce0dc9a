/** Audit rows: who, when, what, on which target, from where, and the fields that changed. */

import { auditDiff } from '../../src/audit/audit-diff';
import type { AuditRow } from '../../src/audit/audit-query';
import { Badge, Time } from './format';

function Changes(props: { row: AuditRow }) {
  const changes = auditDiff(props.row.before, props.row.after);
  if (changes.length === 0) return <span class="muted">–</span>;
  return (
    <details class="audit-diff">
      <summary>
        {changes.length} {changes.length === 1 ? 'field' : 'fields'}
      </summary>
      <table class="table diff-table">
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Before</th>
            <th scope="col">After</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((c) => (
            <tr>
              <td class="value">{c.path}</td>
              <td class="value diff-before">{c.before ?? '∅'}</td>
              <td class="value diff-after">{c.after ?? '∅'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

/** The table. */
export function AuditTable(props: { rows: AuditRow[]; appNames?: Record<string, string> }) {
  if (props.rows.length === 0) return <p class="muted">No audit entries match these filters.</p>;
  return (
    <div class="table-wrap">
      <table class="table audit-table">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Actor</th>
            <th scope="col">Activity</th>
            <th scope="col">Result</th>
            <th scope="col">Target</th>
            <th scope="col">IP address</th>
            <th scope="col">Before / after</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr data-audit-id={String(r.id)}>
              <td>
                <Time at={r.at} />
              </td>
              <td>
                {r.actorName} <span class="muted small">({r.actorType})</span>
              </td>
              <td>
                <code>{r.activity}</code>
              </td>
              <td>
                <Badge code={r.result} />
              </td>
              <td>
                {r.targetType ? <span class="muted small">{r.targetType} </span> : null}
                {r.targetType === 'application' && r.targetId && props.appNames?.[r.targetId] ? (
                  <a href={`/apps/${r.targetId}`}>{props.appNames[r.targetId]}</a>
                ) : r.targetId ? (
                  <code>{r.targetId}</code>
                ) : null}
              </td>
              <td>{r.ip ?? <span class="muted">–</span>}</td>
              <td>
                <Changes row={r} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
