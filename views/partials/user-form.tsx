/**
 * The directory user form (new and edit). Its fields come from the directory's attribute list
 * (USER_ATTRIBUTES), so attributes added there appear here without further work; a boolean in the
 * schema is a checkbox, everything else a text box.
 */
import { customValuesOf } from '../../src/directory/custom-attributes';
import { createUserSchema, USER_ATTRIBUTES } from '../../src/directory/user-input';
import { FormErrors } from './error-summary';
import { Csrf, control, Field, type FieldErrors } from './field';

export type UserAttribute = (typeof USER_ATTRIBUTES)[number];

interface ZodLike {
  def?: { type?: string; innerType?: ZodLike };
}

/** Whether the schema of an attribute is a boolean (unwrapping optional/nullable/default). */
export function isBooleanAttribute(name: string): boolean {
  let s = (createUserSchema.shape as Record<string, ZodLike | undefined>)[name];
  while (s?.def?.innerType) s = s.def.innerType;
  return s?.def?.type === 'boolean';
}

/** "userPrincipalName" → "User principal name". */
export function attributeLabel(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([a-z])([0-9])/g, '$1 $2')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Hints for attributes whose form value is not obvious. */
const HINTS: Record<string, string> = {
  manager: 'The UPN (or id) of another directory user.',
};

/** Form values as strings (booleans as "on"/""), from a user row or from what was posted. */
export type UserFormValues = Record<string, string>;

/** Values of a stored user for the form. */
export function userFormValues(user: Record<string, unknown>): UserFormValues {
  const out: UserFormValues = {};
  for (const name of USER_ATTRIBUTES) {
    const v = user[name];
    out[name] = typeof v === 'boolean' ? (v ? 'on' : '') : v === null || v === undefined ? '' : String(v);
  }
  return out;
}

/**
 * The form field of a declared custom attribute. Hono's parseBody keeps the brackets in the key, and a
 * declared name holds no dot, so it is also the key of the field's error and its element id.
 */
export const customField = (name: string): string => `customAttributes[${name}]`;

/** Form values of a user's custom attributes (its stored JSON), one per declared name. */
export function customFormValues(declared: readonly string[], stored: string | null): UserFormValues {
  const values = customValuesOf(stored);
  return Object.fromEntries(declared.map((n) => [customField(n), values[n] ?? '']));
}

/** One text box per declared custom attribute, labelled with the name mappings and expressions use. */
function CustomFields(props: {
  declared: readonly string[];
  values: UserFormValues;
  errors?: FieldErrors | undefined;
}) {
  if (props.declared.length === 0) return null;
  return (
    <fieldset class="custom-attributes">
      <legend>Custom attributes</legend>
      <p class="hint">Declared under Directory → Attributes. Leave a box empty to clear its value.</p>
      {props.declared.map((name) => {
        const field = customField(name);
        return (
          <Field label={name} name={field} errors={props.errors}>
            <input type="text" {...control(field, props.errors)} value={props.values[field] ?? ''} autocomplete="off" />
          </Field>
        );
      })}
    </fieldset>
  );
}

/** The summary's names: the form's labels, custom attributes by their declared names. */
function userLabels(custom: readonly string[]): Record<string, string> {
  return Object.fromEntries([
    ...USER_ATTRIBUTES.map((n) => [n, attributeLabel(n)]),
    ...custom.map((n) => [customField(n), n]),
  ]);
}

/** The form. */
export function UserForm(props: {
  action: string;
  submit: string;
  values: UserFormValues;
  errors?: FieldErrors | undefined;
  csrfToken: string | null | undefined;
  /** Names of the declared custom attributes (Directory → Attributes). */
  custom?: readonly string[] | undefined;
}) {
  return (
    <form method="post" action={props.action} class="form user-form" id="user-form" novalidate>
      <Csrf token={props.csrfToken} />
      <FormErrors errors={props.errors} heading="The user was not saved." labels={userLabels(props.custom ?? [])} />
      {USER_ATTRIBUTES.map((name) =>
        isBooleanAttribute(name) ? (
          <div class={props.errors?.[name] ? 'field has-error' : 'field'}>
            <label>
              <input type="checkbox" {...control(name, props.errors)} checked={props.values[name] === 'on'} />{' '}
              {attributeLabel(name)}
            </label>
            {props.errors?.[name] ? (
              <p class="field-error" id={`${name}-error`}>
                {props.errors[name]}
              </p>
            ) : null}
          </div>
        ) : (
          <Field label={attributeLabel(name)} name={name} errors={props.errors} hint={HINTS[name]}>
            <input
              type="text"
              {...control(name, props.errors, Object.hasOwn(HINTS, name))}
              value={props.values[name] ?? ''}
              required={name === 'userPrincipalName'}
              autocomplete="off"
            />
          </Field>
        ),
      )}
      <CustomFields declared={props.custom ?? []} values={props.values} errors={props.errors} />
      <button type="submit" class="btn btn-primary">
        {props.submit}
      </button>
    </form>
  );
}
