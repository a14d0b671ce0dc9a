/**
 * The Attribute Mapping section: the mappings table (Entra's columns), and for admins the row actions,
 * "Add new mapping", "Restore default mappings" and the editor slot. Every action swaps this whole section,
 * because the server re-validates and re-renders the whole list after each change.
 */
import type { ObjectType } from '../../src/apps/mappings';
import type { AttributeMapping } from '../../src/mapping/types';
import { EditorSlot, MappingEditor, type MappingEditorProps } from './mapping-editor';
import { MAPPING_TYPE_LABELS } from './mapping-form';
import { matchingOrder, Precedence } from './mapping-precedence';

export const SECTION_ID = 'mappings-section';

export interface MappingsSectionProps {
  appId: string;
  type: ObjectType;
  mappings: AttributeMapping[];
  defaults: boolean;
  editable: boolean;
  notice?: string | undefined;
  /** A list-level problem (e.g. deleting the required userName mapping). */
  error?: string | undefined;
  editor?: MappingEditorProps | undefined;
}

const swap = { 'hx-target': `#${SECTION_ID}`, 'hx-swap': 'outerHTML' };

function Source(props: { m: AttributeMapping }) {
  const { m } = props;
  if (m.type === 'direct') return <code>{m.source}</code>;
  if (m.type === 'constant') return <code>{`"${m.value ?? ''}"`}</code>;
  if (m.type === 'expression') return <code class="expr">{m.expression}</code>;
  return <span class="muted">—</span>;
}

function Row(props: { m: AttributeMapping; matching: AttributeMapping[]; base: string; editable: boolean }) {
  const { m, base } = props;
  return (
    <tr>
      <td>
        <code>{m.target}</code>
      </td>
      <td>{MAPPING_TYPE_LABELS[m.type]}</td>
      <td>
        <Source m={m} />
      </td>
      <td>{m.defaultValue ? <code>{m.defaultValue}</code> : <span class="muted">—</span>}</td>
      <td>{m.apply === 'create' ? 'Only during object creation' : 'Always'}</td>
      <td>
        <Precedence
          m={m}
          rank={props.matching.indexOf(m)}
          count={props.matching.length}
          base={base}
          editable={props.editable}
        />
      </td>
      {props.editable ? (
        <td class="row-actions">
          <button
            type="button"
            class="btn btn-small"
            hx-get={`${base}/editor?target=${encodeURIComponent(m.target)}`}
            hx-target="#mapping-editor"
            hx-swap="outerHTML"
          >
            Edit
          </button>
          <button
            type="button"
            class="btn btn-small btn-danger"
            hx-post={`${base}/delete`}
            name="target"
            value={m.target}
            data-confirm={`Delete the mapping for ${m.target}?`}
            {...swap}
          >
            Delete
          </button>
        </td>
      ) : null}
    </tr>
  );
}

/** The section. */
export function MappingsSection(props: MappingsSectionProps) {
  const base = `/apps/${props.appId}/mappings/${props.type}`;
  const matching = matchingOrder(props.mappings);
  return (
    <section class="card" id={SECTION_ID}>
      <div class="card-head">
        <h2>Attribute Mapping</h2>
        <span class="badge badge-neutral">{props.defaults ? 'Default mappings' : 'Customised'}</span>
      </div>
      {props.notice ? (
        <p class="alert alert-ok" role="status">
          {props.notice}
        </p>
      ) : null}
      {props.error ? (
        <p class="alert alert-error" role="alert">
          {props.error}
        </p>
      ) : null}
      <div class="table-wrap">
        <table class="table mappings-table">
          <thead>
            <tr>
              <th scope="col">Target attribute</th>
              <th scope="col">Mapping type</th>
              <th scope="col">Source attribute</th>
              <th scope="col">Default value</th>
              <th scope="col">Apply</th>
              <th scope="col">Matching precedence</th>
              {props.editable ? (
                <th scope="col">
                  <span class="sr-only">Actions</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {props.mappings.map((m) => (
              <Row m={m} matching={matching} base={base} editable={props.editable} />
            ))}
          </tbody>
        </table>
      </div>
      {props.editable ? (
        <>
          <div class="actions">
            <button
              type="button"
              class="btn"
              hx-get={`${base}/editor?new=1`}
              hx-target="#mapping-editor"
              hx-swap="outerHTML"
            >
              Add new mapping
            </button>
            <button
              type="button"
              class="btn btn-danger"
              hx-post={`${base}/restore`}
              data-confirm="Restore the default mappings? Every change to these mappings is lost and a new initial cycle runs."
              {...swap}
            >
              Restore default mappings
            </button>
          </div>
          {props.editor ? <MappingEditor {...props.editor} /> : <EditorSlot />}
        </>
      ) : null}
    </section>
  );
}
