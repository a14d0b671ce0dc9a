/**
 * Evaluating a parsed filter against the store without scanning it when an index can answer. Entra matches
 * with `userName eq "…"`, `externalId eq "…"` and, for groups, `displayName eq "…"`; each OR-branch of such a
 * filter is looked up by index, and scimmy's `match()` then runs over those few candidates only, so the
 * remaining conditions of the branch (e.g. `and active eq true`) still apply. Any other filter is a full scan.
 *
 * userName and displayName are caseExact=false (RFC 7643 §4.1.1, §4.2) and unique case-insensitively here,
 * while scimmy compares with `===`. Both the filter values and the resources are lower-cased for those two
 * attributes before matching, so `userName eq "ALICE"` finds "alice" like the uniqueness check does.
 */
import SCIMMY from 'scimmy';
import type { FilterBranch } from './filter-parse';
import type { ResourceKind } from './protocol';
import type { ResourceRows, StoredRow } from './store-rows';
import { type SandboxResource, toScimResource } from './store-rows';

type Filter = SCIMMY.Types.Filter;

/** The case-insensitive name attribute of each resource type. */
const NAME_ATTR: Record<ResourceKind, string> = { User: 'username', Group: 'displayname' };

type Probe = { by: 'id' | 'name' | 'externalId'; value: string };

/** Rows that can match `filter`: the index lookups when every branch has one, else all rows. */
export function candidateRows(rows: ResourceRows, kind: ResourceKind, filter: Filter): StoredRow[] {
  const probes = filter.map((branch) => probeOf(branch as FilterBranch, kind));
  if (probes.some((p) => p === null)) return rows.all(kind);
  const seen = new Map<string, StoredRow>();
  for (const p of probes as Probe[]) {
    const found =
      p.by === 'id'
        ? [rows.get(kind, p.value)]
        : p.by === 'name'
          ? rows.byName(kind, p.value)
          : rows.byExternalId(kind, p.value);
    for (const r of found) if (r && !seen.has(r.id)) seen.set(r.id, r);
  }
  return [...seen.values()];
}

function probeOf(branch: FilterBranch, kind: ResourceKind): Probe | null {
  for (const [attr, node] of Object.entries(branch)) {
    const key = attr.toLowerCase();
    const by = key === 'id' ? 'id' : key === 'externalid' ? 'externalId' : key === NAME_ATTR[kind] ? 'name' : null;
    if (by === null || !Array.isArray(node)) continue;
    const expressions = node.every(Array.isArray) ? (node as unknown[][]) : [node];
    const eq = expressions.find(
      (e) => e.length === 2 && String(e[0]).toLowerCase() === 'eq' && typeof e[1] === 'string',
    );
    if (eq) return { by, value: eq[1] as string };
  }
  return null;
}

/** The filter with the case-insensitive name attribute's values lower-cased (see the module comment). */
export function foldCase(filter: Filter, kind: ResourceKind): Filter {
  const fold = (node: unknown): unknown =>
    Array.isArray(node) ? node.map(fold) : typeof node === 'string' ? node.toLowerCase() : node;
  const branches = filter.map((branch) =>
    Object.fromEntries(
      Object.entries(branch as FilterBranch).map(([k, v]) => [k, k.toLowerCase() === NAME_ATTR[kind] ? fold(v) : v]),
    ),
  );
  return new SCIMMY.Types.Filter(branches);
}

/** SCIM resources of `rows` that match a `foldCase`d filter, in the order given. */
export function matchRows(rows: StoredRow[], kind: ResourceKind, folded: Filter, baseUrl: string): SandboxResource[] {
  const attr = kind === 'User' ? 'userName' : 'displayName';
  const resources = rows.map((r) => toScimResource(r, baseUrl));
  const views = resources.map((r) => {
    const v = r[attr];
    return typeof v === 'string' ? { ...r, [attr]: v.toLowerCase() } : r;
  });
  const hits = new Set(folded.match(views));
  return resources.filter((_, i) => hits.has(views[i]));
}
