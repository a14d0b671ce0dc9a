/**
 * Target compatibility flags of an application (inside the settings form): request shapes that differ
 * between SCIM servers, where Entra offers a flag too (entra.md §5.5). Each option names the request it
 * sends, so an admin can match it to what the target's documentation asks for.
 */
import type { Application } from '../../src/apps/applications';
import { control, Field, type FieldErrors, formText } from './field';

export interface CompatValues {
  memberRemovalForm: string;
}

const REMOVAL_FORMS: [string, string][] = [
  ['value', 'remove "members" with value [{"value": id}] (Entra default)'],
  ['filter', 'remove "members[value eq id]", no value (RFC 7644; Entra aadOptscim062020)'],
];

export function compatValuesOf(app: Application): CompatValues {
  return { memberRemovalForm: app.memberRemovalForm };
}

/** Submitted form values; an absent field stays empty and is then left unchanged (`compatInput`). */
export function compatValuesFrom(body: Record<string, unknown>): CompatValues {
  return { memberRemovalForm: formText(body.memberRemovalForm) };
}

/** Form values → updateApplication input (an unknown value is passed on for the validator to name). */
export function compatInput(v: CompatValues): Record<string, unknown> {
  return v.memberRemovalForm ? { memberRemovalForm: v.memberRemovalForm } : {};
}

export const COMPAT_FIELDS: readonly string[] = ['memberRemovalForm'];

/** Editable fieldset. */
export function CompatFields(props: { values: CompatValues; errors?: FieldErrors | undefined }) {
  const { values: v, errors } = props;
  return (
    <fieldset>
      <legend>Target compatibility</legend>
      <Field
        label="Member removal"
        name="memberRemovalForm"
        errors={errors}
        hint="How a PATCH removes members from a group. Use the filter form if the target ignores or refuses a value on remove: a strict RFC 7644 server reads a remove of members without a filter as remove all."
      >
        <select {...control('memberRemovalForm', errors, true)}>
          {REMOVAL_FORMS.map(([k, label]) => (
            <option value={k} selected={v.memberRemovalForm === k}>
              {label}
            </option>
          ))}
        </select>
      </Field>
    </fieldset>
  );
}

/** Read-only rows (inside the settings <dl>). */
export function CompatReadOnly(props: { values: CompatValues }) {
  const v = props.values;
  return (
    <>
      <dt>Member removal</dt>
      <dd>{REMOVAL_FORMS.find(([k]) => k === v.memberRemovalForm)?.[1] ?? v.memberRemovalForm}</dd>
    </>
  );
}
