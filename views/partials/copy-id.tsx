/**
 * An id on one line: cut with an ellipsis when it does not fit (the whole value stays in the text, so screen
 * readers and find-in-page get all of it, and in the tooltip), with a copy button. The button is `hidden`
 * until public/logs.js shows it, so a page without script never offers a button that does nothing.
 */

/** The id and its copy button; `label` names the id in the button's accessible name ("Copy change ID"). */
export function CopyId(props: { value: string; label: string }) {
  return (
    <span class="copy-id">
      <span class="copy-id-text mono" title={props.value}>
        {props.value}
      </span>
      <button
        type="button"
        class="copy-btn"
        data-copy={props.value}
        data-copy-label={props.label}
        aria-label={`Copy ${props.label}`}
        title={`Copy ${props.label}`}
        hidden
      >
        <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
          <rect x="5.5" y="5.5" width="8" height="9" rx="1.5" fill="none" stroke="currentColor" />
          <path d="M3.5 10.5h-1a1 1 0 0 1-1-1v-7a1 1 0 0 1 1-1h6a1 1 0 0 1 1 1v1" fill="none" stroke="currentColor" />
        </svg>
      </button>
    </span>
  );
}

/** Where "Copied" is announced and shown; one per page, and one inside the flyout (the page is inert then). */
export function CopyStatus() {
  return <p class="copy-status" role="status" aria-live="polite" />;
}
