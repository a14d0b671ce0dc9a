/**
 * "Type the name to confirm" for a destructive action (delete an application, a source). The name pattern lets
 * the browser refuse a mismatch before the request; the server checks again.
 */
import { FormErrors } from './error-summary';
import { control, Field, type FieldErrors } from './field';

/**
 * The name as an HTML `pattern` that matches it exactly. Every character that is not a letter or digit is
 * written as `\u{…}`, which is literal under both the `u` and the `v` flag browsers compile patterns with
 * (HTML §4.10.5.3.8), so a name with brackets, pipes or slashes cannot change the expression.
 */
export function exactPattern(name: string): string {
  return [...name].map((ch) => (/^[A-Za-z0-9]$/.test(ch) ? ch : `\\u{${ch.codePointAt(0)?.toString(16)}}`)).join('');
}

/** The form error, the field and its input (field name `confirmName`), for the caller's form. */
export function TypedNameConfirm(props: {
  what: string;
  name: string;
  errors?: FieldErrors | undefined;
  /** What was typed, after a refusal. */
  value?: string | undefined;
}) {
  return (
    <>
      <FormErrors
        errors={props.errors}
        heading={`The ${props.what} was not deleted.`}
        labels={{ confirmName: `Type the ${props.what}'s name to confirm` }}
      />
      <Field
        label={`Type the ${props.what}'s name to confirm`}
        name="confirmName"
        errors={props.errors}
        hint={
          <>
            Type <strong>{props.name}</strong> exactly.
          </>
        }
      >
        <input
          type="text"
          {...control('confirmName', props.errors, true)}
          value={props.value}
          required
          autocomplete="off"
          spellcheck={false}
          pattern={exactPattern(props.name)}
          title={`The ${props.what}'s name: ${props.name}`}
        />
      </Field>
    </>
  );
}
