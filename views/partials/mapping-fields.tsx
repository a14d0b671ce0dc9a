/**
 * Pieces of the mapping editor: select options, and the expression field, built by hand rather than with
 * Field so the caret preview sits right under the positioned message.
 */
import { FUNCTION_NAMES, MAX_EXPRESSION_LENGTH } from '../../src/mapping/expression/index';
import { ExpressionCaret } from './expression-tester';
import { control, type FieldErrors } from './field';
import type { MappingValues } from './mapping-form';

/** `<option>`s for [value, label] pairs, the current value selected. */
export function Options(props: { value: string; options: readonly (readonly [string, string])[] }) {
  return props.options.map(([value, label]) => (
    <option value={value} selected={props.value === value}>
      {label}
    </option>
  ));
}

/** The expression textarea, its positioned error with a caret preview, and the list of functions. */
export function ExpressionField(props: {
  values: MappingValues;
  errors?: FieldErrors | undefined;
  column?: number | undefined;
}) {
  const { values: v, errors } = props;
  const error = errors?.expression;
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for="expression">Expression</label>
      <textarea {...control('expression', errors)} rows={4} maxlength={MAX_EXPRESSION_LENGTH} class="mono">
        {v.expression}
      </textarea>
      {error ? (
        <div class="field-error" id="expression-error">
          <p>{error}</p>
          {props.column ? <ExpressionCaret text={v.expression} column={props.column} /> : null}
        </div>
      ) : null}
      <details class="fn-list">
        <summary>Functions</summary>
        <p class="small">{FUNCTION_NAMES.join(', ')}</p>
      </details>
    </div>
  );
}
