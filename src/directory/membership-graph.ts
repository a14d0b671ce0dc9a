/**
 * Group nesting as a graph: transitive expansion and cycle detection over direct memberships. Pure; the
 * loaders in memberships-repo.ts read just the part of the graph a question needs (O(subgraph), not O(directory)).
 */

export interface Member {
  id: string;
  type: 'user' | 'group';
}

/** Direct members per group id; a group missing from the map has no members (or was not loaded). */
export type Edges = ReadonlyMap<string, readonly Member[]>;

/**
 * Every user reachable from `root` through nested groups, and every group passed on the way (root excluded).
 * Each group is expanded once, so a membership cycle written around the API cannot loop.
 */
export function expandMembers(root: string, edges: Edges): { users: Set<string>; groups: Set<string> } {
  const users = new Set<string>();
  const groups = new Set<string>();
  const seen = new Set<string>([root]);
  const queue = [root];
  while (queue.length > 0) {
    const id = queue.shift() as string;
    for (const m of edges.get(id) ?? []) {
      if (m.type === 'user') users.add(m.id);
      else if (!seen.has(m.id)) {
        seen.add(m.id);
        groups.add(m.id);
        queue.push(m.id);
      }
    }
  }
  return { users, groups };
}

/** The users to send as a group's members: direct user members, or all transitive ones when flattening. */
export function usersToProvision(root: string, edges: Edges, flatten: boolean): Set<string> {
  if (flatten) return expandMembers(root, edges).users;
  return new Set((edges.get(root) ?? []).filter((m) => m.type === 'user').map((m) => m.id));
}

/**
 * True when adding group `child` to group `parent` would make a group its own member: `parent` is `child`
 * or is reachable from `child`. `edges` must hold `child`'s subgraph.
 */
export function createsCycle(parent: string, child: string, edges: Edges): boolean {
  return parent === child || expandMembers(child, edges).groups.has(parent);
}
