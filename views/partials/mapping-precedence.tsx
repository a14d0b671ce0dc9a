/**
 * Matching precedence over a mapping list: the order matching attributes are tried, what the ↑/↓ buttons do,
 * and the cell that shows it. Pure apart from the cell.
 */
import type { AttributeMapping } from '../../src/mapping/types';

/** The matching mappings, lowest precedence (tried first) first. */
export function matchingOrder(list: readonly AttributeMapping[]): AttributeMapping[] {
  return list
    .filter((m) => m.matchingPrecedence !== undefined)
    .sort((a, b) => (a.matchingPrecedence ?? 0) - (b.matchingPrecedence ?? 0));
}

/**
 * Swap the precedence of `target` with its neighbour's in precedence order. The numbers themselves move (not
 * the rows), so precedences stay unique and the table keeps the admin's row order; at either end, a no-op.
 */
export function movePrecedence(list: readonly AttributeMapping[], target: string, dir: string): AttributeMapping[] {
  const ranked = matchingOrder(list);
  const rank = ranked.findIndex((m) => m.target === target);
  const self = ranked[rank];
  const other = ranked[dir === 'up' ? rank - 1 : rank + 1];
  if (rank < 0 || !self || !other) return [...list];
  const swapped = new Map([
    [self.target, other.matchingPrecedence],
    [other.target, self.matchingPrecedence],
  ]);
  return list.map((m) => (swapped.has(m.target) ? { ...m, matchingPrecedence: swapped.get(m.target) } : m));
}

/** ↑/↓ swap this mapping's precedence with its neighbour among the matching attributes. */
export function Precedence(props: {
  m: AttributeMapping;
  rank: number;
  count: number;
  base: string;
  editable: boolean;
}) {
  const { m, rank, count, base } = props;
  if (m.matchingPrecedence === undefined) return <span class="muted">—</span>;
  const move = (dir: 'up' | 'down', label: string) => (
    <button
      type="button"
      class="btn btn-small btn-quiet"
      hx-post={`${base}/move?dir=${dir}`}
      name="target"
      value={m.target}
      aria-label={`Move ${m.target} ${dir} in matching precedence`}
      hx-target="#mappings-section"
      hx-swap="outerHTML"
    >
      {label}
    </button>
  );
  return (
    <span class="precedence">
      <span class="badge badge-info">{m.matchingPrecedence}</span>
      {props.editable && count > 1 && rank > 0 ? move('up', '↑') : null}
      {props.editable && count > 1 && rank < count - 1 ? move('down', '↓') : null}
    </span>
  );
}
