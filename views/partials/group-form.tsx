/** The directory group form (new, and edit/rename); fields from the directory's group attribute list. */
import { GROUP_ATTRIBUTES } from '../../src/directory/group-input';
import { FormErrors } from './error-summary';
import { Csrf, control, Field, type FieldErrors } from './field';
import { attributeLabel } from './user-form';

const LABELS = Object.fromEntries(GROUP_ATTRIBUTES.map((n) => [n, attributeLabel(n)]));

/** The form; `values` are the strings to show (what was posted, or the stored group). */
export function GroupForm(props: {
  action: string;
  submit: string;
  values: Record<string, string>;
  errors?: FieldErrors | undefined;
  csrfToken: string | null | undefined;
}) {
  return (
    <form method="post" action={props.action} class="form" novalidate>
      <Csrf token={props.csrfToken} />
      <FormErrors errors={props.errors} heading="The group was not saved." labels={LABELS} />
      {GROUP_ATTRIBUTES.map((name) => (
        <Field label={attributeLabel(name)} name={name} errors={props.errors}>
          <input
            type="text"
            {...control(name, props.errors)}
            value={props.values[name] ?? ''}
            required={name === 'displayName'}
            autocomplete="off"
          />
        </Field>
      ))}
      <button type="submit" class="btn btn-primary">
        {props.submit}
      </button>
    </form>
  );
}
