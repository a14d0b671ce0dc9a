/** Form field chrome: label, control, hint and the validation message next to the field. */
import type { Child } from 'hono/jsx';

/** Field name → message; the key '' holds a message that belongs to no single field. */
export type FieldErrors = Record<string, string>;

/**
 * Turn ValidationError details ({path, message}[]) into per-field messages (first message per field wins);
 * a path that is not one of the form's `fields` becomes a form-level message.
 */
export function fieldErrors(
  details: readonly { path: string; message: string }[],
  fallback: string,
  fields: readonly string[],
): FieldErrors {
  const out: FieldErrors = {};
  for (const d of details) {
    const name = d.path.split('.')[0] ?? '';
    const key = fields.includes(name) ? name : '';
    const message = key ? d.message : `${d.path} ${d.message}`;
    if (!(key in out)) out[key] = message;
  }
  if (Object.keys(out).length === 0) out[''] = fallback;
  return out;
}

/** id/name/aria attributes for a control, wiring it to its hint and error message. */
export function control(name: string, errors: FieldErrors | undefined, hint = false) {
  const ids = [hint ? `${name}-hint` : '', errors?.[name] ? `${name}-error` : ''].filter(Boolean).join(' ');
  return {
    id: name,
    name,
    'aria-invalid': errors?.[name] ? 'true' : undefined,
    'aria-describedby': ids || undefined,
  };
}

/** A labelled field; pass the control (built with `control()`) as the child. */
export function Field(props: {
  label: string;
  name: string;
  errors?: FieldErrors | undefined;
  hint?: Child;
  children?: Child;
}) {
  const error = props.errors?.[props.name];
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for={props.name}>{props.label}</label>
      {props.children}
      {props.hint ? (
        <p class="hint" id={`${props.name}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {error ? (
        <p class="field-error" id={`${props.name}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** The message that belongs to no single field, if any. */
export function FormError(props: { errors?: FieldErrors | undefined }) {
  const message = props.errors?.[''];
  return message ? (
    <div class="alert alert-error" role="alert">
      {message}
    </div>
  ) : null;
}

/** A trimmed string form field ('' when absent or a file). */
export function formText(v: unknown): string {
  return typeof v === 'string' ? v.trim() : '';
}

/** The hidden CSRF field plain (non-htmx) forms carry. */
export function Csrf(props: { token: string | null | undefined }) {
  return <input type="hidden" name="_csrf" value={props.token ?? ''} />;
}

/** A labelled filter select: `options` are [value, label] pairs; the option equal to `value` is selected. */
export function SelectField(props: {
  id: string;
  name: string;
  label: string;
  value: string;
  options: readonly (readonly [string, string])[];
}) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <select id={props.id} name={props.name}>
        {props.options.map(([v, label]) => (
          <option value={v} selected={props.value === v}>
            {label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** [id, name] pairs of applications as select options, after a first "any" option. */
export function appOptions(apps: { id: string; name: string }[], any: string): [string, string][] {
  return [['', any], ...apps.map((a): [string, string] => [a.id, a.name])];
}
