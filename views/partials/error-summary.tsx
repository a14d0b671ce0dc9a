/**
 * The summary at the top of a refused form: what was not done, and one link per field in error, so a keyboard
 * or screen-reader user reaches each message (the form-level message is FormError's).
 */
import { type FieldErrors, FormError } from './field';

/** A field name as words when the form gave no label for it: "notificationEmail" → "Notification email". */
export function wordsOf(name: string): string {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function ErrorSummary(props: {
  errors?: FieldErrors | undefined;
  /** e.g. "The settings were not saved." */
  heading: string;
  /** Field name → its label; a field without one is shown as words made of its name. */
  labels: Readonly<Record<string, string>>;
}) {
  const fields = Object.entries(props.errors ?? {}).filter(([k]) => k !== '');
  if (fields.length === 0) return null;
  return (
    <div class="alert alert-error error-summary" role="alert">
      <p>
        <strong>{props.heading}</strong> Fix {fields.length === 1 ? 'this field' : 'these fields'}:
      </p>
      <ul>
        {fields.map(([k, message]) => (
          <li>
            <a href={`#${k}`}>{Object.hasOwn(props.labels, k) ? props.labels[k] : wordsOf(k)}</a>: {message}
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * Everything a refused form shows at its top: the form-level message (if any), then the field summary. The
 * page script focuses the first bad field below it (public/app.js).
 */
export function FormErrors(props: Parameters<typeof ErrorSummary>[0]) {
  return (
    <>
      <FormError errors={props.errors} />
      <ErrorSummary {...props} />
    </>
  );
}
