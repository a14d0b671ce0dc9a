/**
 * Directory text as shown on a page. Values stored before input refused control and bidi characters (or
 * written straight to the database) must not reorder the text around them: `[U+202E]` is shown instead of an
 * override, and `<bdi>` isolates a legitimate right-to-left name from its neighbours.
 */
import { displaySafe } from '../../src/directory/text-rules';

/** A name or other directory value; `—` when empty. */
export function Name(props: { value: string | null | undefined }) {
  if (props.value === null || props.value === undefined || props.value === '') return <span class="muted">—</span>;
  return <bdi>{displaySafe(props.value)}</bdi>;
}

export { displaySafe };
