/**
 * One scoping clause as a table row: attribute, operator (the 14 Entra operators; unary ones are marked
 * `data-unary`, which the stylesheet uses to hide the value box) and value, each with its message underneath.
 */
import type { Child } from 'hono/jsx';
import { SCOPING_OPERATORS } from '../../src/mapping/types';
import type { FieldErrors } from './field';
import { type ClauseDraft, isUnary } from './scoping-form';

/** id/name/aria attributes of a clause control (ids cannot hold the dots the field names use). */
function cellAttrs(name: string, errors: FieldErrors | undefined) {
  const id = name.replaceAll('.', '-');
  return {
    id,
    name,
    'aria-invalid': errors?.[name] ? 'true' : undefined,
    'aria-describedby': errors?.[name] ? `${id}-error` : undefined,
  };
}

/** A clause cell: a hidden label, the control, and its message underneath. */
function Cell(props: { name: string; label: string; errors?: FieldErrors | undefined; children?: Child }) {
  const id = props.name.replaceAll('.', '-');
  const error = props.errors?.[props.name];
  return (
    <td class={error ? 'has-error' : undefined}>
      <label class="sr-only" for={id}>
        {props.label}
      </label>
      {props.children}
      {error ? (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </td>
  );
}

export function Clause(props: {
  c: ClauseDraft;
  i: number;
  j: number;
  attributes: readonly string[];
  errors?: FieldErrors | undefined;
}) {
  const { c, errors } = props;
  const at = `f.${props.i}.c.${props.j}`;
  // A stored attribute that is no longer offered stays selectable, so re-saving does not silently change it.
  const attributes = props.attributes.includes(c.attribute) ? props.attributes : [c.attribute, ...props.attributes];
  return (
    <tr class="clause">
      <Cell name={`${at}.attribute`} label="Attribute" errors={errors}>
        <select {...cellAttrs(`${at}.attribute`, errors)}>
          {attributes.map((x) => (
            <option selected={x === c.attribute}>{x}</option>
          ))}
        </select>
      </Cell>
      <Cell name={`${at}.operator`} label="Operator" errors={errors}>
        <select {...cellAttrs(`${at}.operator`, errors)}>
          {SCOPING_OPERATORS.map((op) => (
            <option selected={op === c.operator} data-unary={isUnary(op) ? '' : undefined}>
              {op}
            </option>
          ))}
        </select>
      </Cell>
      <Cell name={`${at}.value`} label="Value" errors={errors}>
        <input
          type="text"
          class="clause-value"
          {...cellAttrs(`${at}.value`, errors)}
          value={c.value}
          autocomplete="off"
        />
      </Cell>
      <td>
        <button type="submit" class="btn btn-small btn-quiet" name="op" value={`remove-clause:${props.i}:${props.j}`}>
          Remove
        </button>
      </td>
    </tr>
  );
}
