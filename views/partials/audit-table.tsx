/** Audit rows: who, when, what, on which target (named), from where, and what changed. */

import { auditChanges } from '../../src/audit/audit-diff';
import type { Names } from '../../src/audit/audit-names';
import type { AuditRow } from '../../src/audit/audit-query';
import { AuditDiff, Named, Path } from './audit-diff';
import { Badge, Time } from './format';

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
                <span title={r.actorId ?? undefined}>{r.actorName}</span>{' '}
                <span class="muted small">({r.actorType})</span>
              </td>
              <td>
                <code class="audit-activity">
                  <Path path={r.activity} />
                </code>
              </td>
              <td>
                <Badge code={r.result} />
              </td>
              <td>
                {r.targetType ? <span class="muted small">{r.targetType} </span> : null}
                {r.targetId ? (
                  props.names.has(r.targetId) ? (
                    <Named value={r.targetId} names={props.names} />
                  ) : (
                    <code class="audit-id">{r.targetId}</code>
                  )
                ) : null}
              </td>
              <td>{r.ip ?? <span class="muted">–</span>}</td>
              <td>
                <AuditDiff entries={auditChanges(r.before, r.after)} names={props.names} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
