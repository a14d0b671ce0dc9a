/** Small pieces of the account, session and token pages: a shown-once secret and a one-button form. */

/** A secret shown exactly once (new password or API token), ready to copy. */
export function ShownOnce(props: { label: string; value: string; note: string }) {
  return (
    <div class="alert alert-ok shown-once" role="status">
      <p>
        <strong>{props.label}</strong> — {props.note}
      </p>
      <p>
        <code class="secret-value">{props.value}</code>
      </p>
    </div>
  );
}

/** A one-button form (POST with the CSRF field); `danger` styles destructive actions. */
export function ActionButton(props: { action: string; csrf: string; label: string; danger?: boolean; name?: string }) {
  return (
    <form method="post" action={props.action} class="inline-action">
      <input type="hidden" name="_csrf" value={props.csrf} />
      <button type="submit" class={props.danger ? 'btn btn-small btn-danger' : 'btn btn-small'} aria-label={props.name}>
        {props.label}
      </button>
    </form>
  );
}
