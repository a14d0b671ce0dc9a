/**
 * PURE: how the assignment picker orders and marks what the directory search found. Kept apart from the
 * queries so the ranking can be tested without a database.
 */

/** A user or a group as the directory queries return it. */
export interface CandidateRow {
  id: string;
  kind: 'user' | 'group';
  /** The user's display name (or UPN when it has none); the group's name. */
  name: string;
  userPrincipalName: string | null;
  mail: string | null;
}

/** A row as the picker shows it: how well it matched and, when already assigned, with which role. */
export interface Candidate extends CandidateRow {
  match: 'exact' | 'prefix' | 'word' | 'contains';
  assignedRole: string | null;
}

export interface CandidateList {
  items: Candidate[];
  /** More rows matched than were returned: the admin should type more. */
  more: boolean;
}

const RANK: Record<Candidate['match'], number> = { exact: 0, prefix: 1, word: 2, contains: 3 };

/** How a row matches the lower-cased query: the best of its name, UPN and email. */
export function matchOf(q: string, row: CandidateRow): Candidate['match'] | null {
  const fields = [row.name, row.userPrincipalName, row.mail].flatMap((f) => (f ? [f.toLowerCase()] : []));
  if (fields.some((f) => f === q)) return 'exact';
  if (fields.some((f) => f.startsWith(q))) return 'prefix';
  // "smi" finds "Anna Smith" and "anna.smith@…": a word start inside a name or address.
  if (fields.some((f) => f.split(/[\s.@_-]+/).some((w) => w.startsWith(q)))) return 'word';
  if (fields.some((f) => f.includes(q))) return 'contains';
  return null;
}

/**
 * Rows from the prefix and contains queries → at most `limit` candidates: duplicates dropped, rows that do
 * not match left out, best match first, then by name; an assigned principal is kept and marked, so the admin
 * sees why it cannot be chosen.
 */
export function shapeCandidates(
  query: string,
  rows: readonly CandidateRow[],
  assigned: ReadonlyMap<string, string>,
  limit: number,
): CandidateList {
  const q = query.trim().toLowerCase();
  if (!q) return { items: [], more: false };
  const seen = new Set<string>();
  const found: Candidate[] = [];
  for (const row of rows) {
    if (seen.has(row.id)) continue;
    seen.add(row.id);
    const match = matchOf(q, row);
    if (match) found.push({ ...row, match, assignedRole: assigned.get(row.id) ?? null });
  }
  found.sort(
    (a, b) =>
      RANK[a.match] - RANK[b.match] ||
      a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }) ||
      (a.userPrincipalName ?? '').localeCompare(b.userPrincipalName ?? ''),
  );
  return { items: found.slice(0, limit), more: found.length > limit };
}
