/** Audit rows: who, when, what, on which target (named), from where, and what changed. */

import { auditChanges } from '../../src/audit/audit-diff';
import type { Names } from '../../src/audit/audit-names';
import type { AuditRow } from '../../src/audit/audit-query';
import { AuditDiff, Named, Path } from './audit-diff';
import { Badge, Time } from './format';

function AuditCell(props: { row: AuditRow; names: Names }) {
  const entries = auditChanges(props.row.before, props.row.after);
  return (
    <td class={entries.length ? 'audit-changes' : 'audit-changes audit-unchanged'}>
      <AuditDiff entries={entries} names={props.names} />
    </td>
  );
}

/** The table. */
export function AuditTable(props: { rows: AuditRow[]; names: Names }) {
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
                <span title={r.actorId ?? undefined}>{r.actorName}</span>{' '}
                <span class="muted small">({r.actorType})</span>
                {/* The address sits with the actor: one column less, so the changes keep their width. */}
                {r.ip ? <div class="muted small">from {r.ip}</div> : null}
              </td>
              <td>
                <code class="audit-activity">
                  <Path path={r.activity} />
                </code>
              </td>
              <td>
                <Badge code={r.result} />
              </td>
              <td class="audit-target">
                {r.targetType ? <span class="muted small">{r.targetType} </span> : null}
                {r.targetId ? (
                  props.names.has(r.targetId) ? (
                    <Named value={r.targetId} names={props.names} />
                  ) : (
                    <code class="audit-id">{r.targetId}</code>
                  )
                ) : null}
              </td>
              <AuditCell row={r} names={props.names} />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
