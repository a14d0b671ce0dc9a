/**
 * What an audit row changed: changed fields as Field | Before | After, and list rows (mappings, filters,
 * members) under a heading saying whether each was added, removed or changed. Ids are shown as names with the
 * id in a title. Paths break only after their separators; values may break anywhere (they are data).
 */
import type { DiffEntry, FieldChange, RowChange } from '../../src/audit/audit-diff';
import type { Names } from '../../src/audit/audit-names';

/** "emails[type eq "work"].value" with break opportunities after . : [ and spaces, never mid-word. */
export function Path(props: { path: string }) {
  const parts = props.path.split(/(?<=[.:[\]› ])/);
  return (
    <>
      {parts.map((p, i) => (
        <>
          {i > 0 ? <wbr /> : null}
          {p}
        </>
      ))}
    </>
  );
}

/** A value, named when it is the id of something the page can name. */
export function Named(props: { value: string | undefined; names: Names }) {
  if (props.value === undefined)
    return (
      <span class="muted" title="not set">
        ∅
      </span>
    );
  const ref = props.names.get(props.value);
  if (!ref) return <>{props.value}</>;
  return ref.href ? (
    <a href={ref.href} title={props.value} class="diff-name">
      {ref.name}
    </a>
  ) : (
    <span title={props.value} class="diff-name">
      {ref.name}
    </span>
  );
}

function FieldRow(props: { f: FieldChange; names: Names; nested?: boolean }) {
  return (
    <tr class={props.nested ? 'diff-nested' : undefined}>
      <th scope="row" class="diff-path">
        <Path path={props.f.path} />
      </th>
      <td class="diff-value diff-before">
        <Named value={props.f.before} names={props.names} />
      </td>
      <td class="diff-value diff-after">
        <Named value={props.f.after} names={props.names} />
      </td>
    </tr>
  );
}

const CHANGE_LABEL: Record<RowChange['change'], string> = { added: 'Added', removed: 'Removed', changed: 'Changed' };

/** An added or removed row with one field says it on its heading line: "Added EMEA Sales · type: group". */
const inlineField = (row: RowChange): FieldChange | undefined =>
  row.change !== 'changed' && row.fields.length === 1 ? row.fields[0] : undefined;

function RowHead(props: { row: RowChange; names: Names; inline?: FieldChange | undefined }) {
  const { row } = props;
  return (
    <tr class="diff-row">
      <th scope="rowgroup" colspan={3}>
        <span class={`diff-change diff-${row.change}`}>{CHANGE_LABEL[row.change]}</span>{' '}
        {/* {"added": [...]} already says "added" in the badge; other lists are named. */}
        {row.list && row.list !== row.change ? (
          <span class="muted">
            <Path path={row.list} /> ›{' '}
          </span>
        ) : null}
        {row.keyField && row.keyField !== 'id' ? <span class="muted">{row.keyField} </span> : null}
        <strong class="diff-key">
          <Named value={row.key} names={props.names} />
        </strong>
        {props.inline ? (
          <span class="muted">
            {' '}
            · {props.inline.path}: <Named value={props.inline.after ?? props.inline.before} names={props.names} />
          </span>
        ) : null}
      </th>
    </tr>
  );
}

/** "1 mapping changed", "2 fields", "3 added, 1 removed". */
export function diffSummary(entries: readonly DiffEntry[]): string {
  const fields = entries.filter((e) => e.kind === 'field').length;
  const rows = entries.filter((e): e is DiffEntry & { kind: 'row' } => e.kind === 'row');
  const noun = rows.every((r) => r.keyField === 'target') ? 'mapping' : 'row';
  const parts: string[] = [];
  if (fields) parts.push(`${fields} ${fields === 1 ? 'field' : 'fields'}`);
  for (const change of ['changed', 'added', 'removed'] as const) {
    const n = rows.filter((r) => r.change === change).length;
    if (n) parts.push(`${n} ${n === 1 ? noun : `${noun}s`} ${change}`);
  }
  return parts.join(', ');
}

/** The diff of one audit row; small ones open, so a one-field change is read without a click. */
export function AuditDiff(props: { entries: DiffEntry[]; names: Names }) {
  const { entries, names } = props;
  if (entries.length === 0) return <span class="muted">–</span>;
  const lines = entries.reduce((n, e) => n + (e.kind === 'field' || inlineField(e) ? 1 : 1 + e.fields.length), 0);
  return (
    <details class="audit-diff" open={lines <= 4}>
      <summary>{diffSummary(entries)}</summary>
      <table class="table diff-table">
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Before</th>
            <th scope="col">After</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) =>
            e.kind === 'field' ? (
              <FieldRow f={e} names={names} />
            ) : (
              <>
                <RowHead row={e} names={names} inline={inlineField(e)} />
                {inlineField(e) ? null : e.fields.map((f) => <FieldRow f={f} names={names} nested />)}
              </>
            ),
          )}
        </tbody>
      </table>
    </details>
  );
}
