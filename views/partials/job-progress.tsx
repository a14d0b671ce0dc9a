/**
 * Progress of a dry run or drift report built in the background: a bar and "Planning… 1,200 of 10,000 users",
 * polled by htmx (the route answers HX-Refresh once the job has ended, so the page reloads with its results),
 * and a Cancel button outside the polled block so a swap never takes the focus from it. Without script the
 * "Refresh" link does what the polling would.
 */
import { Csrf } from './field';

const n = (x: number) => x.toLocaleString('en-US');

export interface JobProgressProps {
  /** Where htmx polls this block from (and the Refresh link's target). */
  pollUrl: string;
  pageUrl: string;
  /** "Planning" or "Reading the target". */
  verb: string;
  done: number;
  total: number;
  /** "users" or "objects". */
  unit: string;
  /** With a total that is an estimate (the target's size is unknown until read). */
  about?: boolean;
}

/** The polled block. */
export function JobProgress(props: JobProgressProps) {
  const max = Math.max(props.total, props.done, 1);
  const text = `${props.verb}… ${n(props.done)} of ${props.about ? 'about ' : ''}${n(props.total)} ${props.unit}`;
  return (
    <div id="job-progress" class="job-progress" hx-get={props.pollUrl} hx-trigger="every 1s" hx-swap="outerHTML">
      <progress max={max} value={Math.min(props.done, max)} aria-label={`${props.verb}, ${props.unit} done`} />
      <p class="progress-text" role="status">
        {text}{' '}
        <a href={props.pageUrl} class="muted small">
          Refresh
        </a>
      </p>
    </div>
  );
}

/** Progress with a Cancel form (operators) below it. */
export function JobProgressPanel(
  props: JobProgressProps & { cancelUrl: string | null; csrfToken: string | null | undefined; what: string },
) {
  return (
    <section class="card stack job-progress-panel" aria-label={`${props.what} in progress`}>
      <JobProgress {...props} />
      {props.cancelUrl ? (
        <form
          method="post"
          action={props.cancelUrl}
          data-confirm={`Cancel this ${props.what}? What is done so far is kept and labelled partial.`}
        >
          <Csrf token={props.csrfToken} />
          <button type="submit" class="btn">
            Cancel
          </button>
        </form>
      ) : null}
    </section>
  );
}

/** What a page says of a job that ended before finishing its work. */
export function PartialNotice(props: {
  status: string;
  error: string | null;
  done: number;
  total: number;
  unit: string;
}) {
  if (props.status === 'cancelled')
    return (
      <p class="alert alert-warn">
        Cancelled after {n(props.done)} of {n(props.total)} {props.unit}: the results below are partial.
      </p>
    );
  if (props.status === 'failed')
    return (
      <p class="alert alert-error" role="alert">
        Failed after {n(props.done)} of {n(props.total)} {props.unit}: {props.error ?? 'unknown error'}. The results
        below are partial.
      </p>
    );
  return null;
}
