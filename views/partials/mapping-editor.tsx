/**
 * Edit attribute (Entra's blade) for one mapping, admins only. Changing the mapping type re-renders the form
 * on the server (hx-get) so each type shows only its own fields; there is no page script for it.
 */
import type { ObjectType } from '../../src/apps/mappings';
import { TesterFields } from './expression-tester';
import { control, Field, type FieldErrors, FormError } from './field';
import { ExpressionField, Options } from './mapping-fields';
import { MAPPING_TYPE_LABELS, type MappingValues, sourceAttributesOf, TARGET_SUGGESTIONS } from './mapping-form';

export const EDITOR_ID = 'mapping-editor';

export interface MappingEditorProps {
  appId: string;
  type: ObjectType;
  values: MappingValues;
  errors?: FieldErrors | undefined;
  /** 1-based column of an expression error, for the caret preview. */
  column?: number | undefined;
  /** Declared custom user attributes, offered as source attributes of user mappings. */
  custom?: readonly string[] | undefined;
}

const base = (p: { appId: string; type: ObjectType }) => `/apps/${p.appId}/mappings/${p.type}`;

/** The empty slot the editor opens in (and closes back to). */
export function EditorSlot() {
  return <div id={EDITOR_ID} />;
}

function TypeFields(props: MappingEditorProps) {
  const { values: v, errors } = props;
  if (v.mappingType === 'direct') {
    const attrs = sourceAttributesOf(props.type, props.custom).map((a) => [a, a] as const);
    return (
      <Field label="Source attribute" name="source" errors={errors}>
        <select {...control('source', errors)}>
          <Options value={v.source} options={[['', 'Select a source attribute'], ...attrs]} />
        </select>
      </Field>
    );
  }
  if (v.mappingType === 'constant') {
    return (
      <Field label="Constant value" name="value" errors={errors}>
        <input type="text" {...control('value', errors)} value={v.value} />
      </Field>
    );
  }
  return v.mappingType === 'expression' ? <ExpressionField {...props} /> : null;
}

/** The form. Save posts the whole section back (the server validates the whole list). */
export function MappingEditor(props: MappingEditorProps) {
  const { values: v, errors } = props;
  const first = Object.keys(errors ?? {}).find((k) => k !== '') ?? 'target';
  const focus = (name: string) => (first === name ? { autofocus: true } : {});
  return (
    <form
      id={EDITOR_ID}
      class="card mapping-editor stack"
      hx-post={`${base(props)}/save`}
      hx-target="#mappings-section"
      hx-swap="outerHTML"
    >
      <h3>{v.original ? `Edit attribute: ${v.original}` : 'Add new mapping'}</h3>
      <input type="hidden" name="original" value={v.original} />
      <FormError errors={errors} />
      <Field label="Mapping type" name="mappingType" errors={errors}>
        <select
          {...control('mappingType', errors)}
          {...focus('mappingType')}
          hx-get={`${base(props)}/editor`}
          hx-trigger="change"
          // The expression stays out of the URL: up to 10,000 characters would overflow the request line.
          hx-include={`#${EDITOR_ID} input, #${EDITOR_ID} select`}
          hx-target={`#${EDITOR_ID}`}
          hx-swap="outerHTML"
        >
          <Options value={v.mappingType} options={Object.entries(MAPPING_TYPE_LABELS)} />
        </select>
      </Field>
      <TypeFields {...props} />
      {v.mappingType === 'constant' ? null : (
        <Field label="Default value if null (optional)" name="defaultValue" errors={errors} hint="Used on create only.">
          <input type="text" {...control('defaultValue', errors, true)} value={v.defaultValue} />
        </Field>
      )}
      <Field label="Target attribute" name="target" errors={errors}>
        <input
          type="text"
          {...control('target', errors)}
          {...focus('target')}
          value={v.target}
          list="target-suggestions"
          spellcheck={false}
          autocomplete="off"
        />
        <datalist id="target-suggestions">
          {TARGET_SUGGESTIONS[props.type].map((t) => (
            <option value={t} />
          ))}
        </datalist>
      </Field>
      <div class="field-row">
        <Field label="Match objects using this attribute" name="matching" errors={errors}>
          <select {...control('matching', errors)}>
            <Options
              value={v.matching ? 'yes' : 'no'}
              options={[
                ['no', 'No'],
                ['yes', 'Yes'],
              ]}
            />
          </select>
        </Field>
        <Field label="Matching precedence" name="matchingPrecedence" errors={errors} hint="Empty: after the others.">
          <input type="number" min="1" {...control('matchingPrecedence', errors, true)} value={v.matchingPrecedence} />
        </Field>
        <Field label="Apply this mapping" name="apply" errors={errors}>
          <select {...control('apply', errors)}>
            <Options
              value={v.apply}
              options={[
                ['always', 'Always'],
                ['create', 'Only during object creation'],
              ]}
            />
          </select>
        </Field>
      </div>
      {v.mappingType === 'expression' ? (
        <TesterFields appId={props.appId} prefix="editor" withUser={props.type === 'user'} />
      ) : null}
      <div class="actions">
        <button type="submit" class="btn btn-primary">
          Save mapping
        </button>
        <button
          type="button"
          class="btn"
          hx-get={`${base(props)}/editor`}
          hx-target={`#${EDITOR_ID}`}
          hx-swap="outerHTML"
        >
          Cancel
        </button>
      </div>
    </form>
  );
}
