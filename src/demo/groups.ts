/**
 * Demo groups: 25 groups (departments, teams, nested "All Engineering" / "Global Sales", a few cross-cutting
 * ones) with members, and three of them assigned to the demo app, so the demo shows assignment through
 * (nested) groups, a Default Access group that is not provisioned, and groups kept in step in the target.
 */
import { assignPrincipal } from '../apps/assignments';
import { createGroup } from '../directory/groups';
import { addMembers } from '../directory/memberships';
import type { DirectoryDeps, DirectoryUser } from '../directory/users';
import { CLI_ACTOR } from '../kernel/actor';

type Chooser = (u: DirectoryUser, i: number) => boolean;

const dept =
  (name: string): Chooser =>
  (u) =>
    u.department === name;
const every =
  (n: number, from = 0): Chooser =>
  (_u, i) =>
    i >= from && (i - from) % n === 0;
const range =
  (from: number, to: number): Chooser =>
  (_u, i) =>
    i >= from && i < to;

const USER_GROUPS: [string, string, Chooser][] = [
  ['Sales Department', 'Everyone in Sales', dept('Sales')],
  ['Engineering Department', 'Everyone in Engineering', dept('Engineering')],
  ['Marketing Department', 'Everyone in Marketing', dept('Marketing')],
  ['Support Department', 'Everyone in Support', dept('Support')],
  ['Finance Department', 'Everyone in Finance', dept('Finance')],
  ['People Department', 'Everyone in People', dept('People')],
  ['Product Department', 'Everyone in Product', dept('Product')],
  ['Operations Department', 'Everyone in Operations', dept('Operations')],
  ['Platform Team', 'Engineering: platform', (u, i) => u.department === 'Engineering' && i % 3 === 0],
  ['Mobile Team', 'Engineering: mobile apps', (u, i) => u.department === 'Engineering' && i % 3 === 1],
  ['Data Team', 'Engineering: data', (u, i) => u.department === 'Engineering' && i % 3 === 2],
  ['EMEA Sales', 'Sales in Europe, Middle East and Africa', (u, i) => u.department === 'Sales' && i % 3 === 0],
  ['Americas Sales', 'Sales in the Americas', (u, i) => u.department === 'Sales' && i % 3 === 1],
  ['APAC Sales', 'Sales in Asia-Pacific', (u, i) => u.department === 'Sales' && i % 3 === 2],
  ['Tier 1 Support', 'First line', (u, i) => u.department === 'Support' && i % 2 === 0],
  ['Tier 2 Support', 'Second line', (u, i) => u.department === 'Support' && i % 2 === 1],
  ['Brand Marketing', 'Brand and content', (u, i) => u.department === 'Marketing' && i % 2 === 0],
  ['Growth Marketing', 'Demand generation', (u, i) => u.department === 'Marketing' && i % 2 === 1],
  ['Managers', 'People managers', every(17)],
  ['New Joiners', 'Joined this quarter', range(480, 500)],
  // The users not assigned directly (420 onwards) reach the app through these two.
  ['Contractors', 'External contractors', range(430, 470)],
  ['London Office', 'Based in London', every(9, 4)],
  ['Remote Workers', 'Fully remote', every(11, 2)],
];

const NESTED: [string, string, string[]][] = [
  ['All Engineering', 'Engineering teams (nested)', ['Platform Team', 'Mobile Team', 'Data Team']],
  ['Global Sales', 'All regional sales teams (nested)', ['EMEA Sales', 'Americas Sales', 'APAC Sales']],
];

/** Group name → role for the demo app; Default Access shows a group that is assigned but not provisioned. */
const ASSIGNED: [string, string][] = [
  ['Global Sales', 'User'],
  ['Contractors', 'User'],
  ['Remote Workers', 'Default Access'],
];

/** Create the groups with members and assign some to the app; returns how many groups were created. */
export function seedDemoGroups(dir: DirectoryDeps, appId: string, users: readonly DirectoryUser[]): number {
  const ids = new Map<string, string>();
  for (const [displayName, description, pick] of USER_GROUPS) {
    const g = createGroup(dir, CLI_ACTOR, { displayName, description });
    ids.set(displayName, g.id);
    const members = users.filter(pick).map((u) => u.id);
    if (members.length > 0) addMembers(dir, CLI_ACTOR, g.id, { memberIds: members });
  }
  for (const [displayName, description, children] of NESTED) {
    const g = createGroup(dir, CLI_ACTOR, { displayName, description });
    ids.set(displayName, g.id);
    addMembers(dir, CLI_ACTOR, g.id, { memberIds: children.map((c) => ids.get(c) as string) });
  }
  for (const [name, role] of ASSIGNED) {
    assignPrincipal(dir, CLI_ACTOR, appId, { principalId: ids.get(name) as string, role });
  }
  return ids.size;
}
