/**
 * How many users and groups an application's assignments put in scope, counted as the engine decides scope
 * (engine/sync/scope.ts, engine/groups/steps.ts): a user is in scope through a direct assignment or through
 * an assigned group, transitively through nested active groups, counted once however many ways it is
 * reached; Default Access grants nothing (Entra excludes it from provisioning); soft-deleted and disabled
 * users are out. Scoping filters are not applied: they need every source object mapped, which a status
 * card polled every second must not do, so these are the assignment-level figures Entra's "in scope" shows.
 */
import type { Db } from '../../db/client';
import { journalHead } from '../directory/journal';
import type { Application } from './applications';

export interface ScopeCounts {
  users: number;
  groups: number;
}

// Groups assigned with a provisioning role, then every active group nested below them. UNION (not UNION ALL)
// deduplicates, which also ends the recursion on membership cycles.
const ASSIGNED_GROUPS = `
  roots(gid) AS (
    SELECT a.principal_id FROM app_assignments a
      JOIN app_roles r ON r.id = a.role_id
      JOIN groups g ON g.id = a.principal_id
    WHERE a.app_id = @appId AND a.principal_type = 'group' AND r.is_default_access = 0 AND g.deleted_at IS NULL
  ),
  reach(gid) AS (
    SELECT gid FROM roots
    UNION
    SELECT m.member_id FROM group_members m
      JOIN reach ON m.group_id = reach.gid
      JOIN groups g ON g.id = m.member_id
    WHERE m.member_type = 'group' AND g.deleted_at IS NULL
  )`;

// Driven from the active users, each probed for a direct assignment or a membership of a reached group: this
// deduplicates for free, where a UNION of group members sorts every membership row (twice as slow at 100,000).
const USERS_SQL = `
  WITH RECURSIVE ${ASSIGNED_GROUPS},
  direct(uid) AS (
    SELECT a.principal_id FROM app_assignments a JOIN app_roles r ON r.id = a.role_id
    WHERE a.app_id = @appId AND a.principal_type = 'user' AND r.is_default_access = 0
  )
  SELECT count(*) AS n FROM users u
  WHERE u.deleted_at IS NULL AND u.account_enabled = 1
    AND (u.id IN (SELECT uid FROM direct)
      OR EXISTS (SELECT 1 FROM group_members m WHERE m.member_id = u.id AND m.group_id IN (SELECT gid FROM reach)))`;

// Groups are in scope by their own assignment only (nested groups bring members, not themselves).
const GROUPS_SQL = `WITH RECURSIVE ${ASSIGNED_GROUPS} SELECT count(*) AS n FROM roots`;

const ALL_USERS_SQL = 'SELECT count(*) AS n FROM users WHERE deleted_at IS NULL AND account_enabled = 1';
const ALL_GROUPS_SQL = 'SELECT count(*) AS n FROM groups WHERE deleted_at IS NULL';

type Counted = { key: string; counts: ScopeCounts };

// The count reads every membership below the assigned groups (about 0.2 s for 100,000 on a small machine), and
// the status card is polled every second while a cycle runs. Every change that can move it (users, groups,
// memberships, assignments) appends to the directory journal, so the journal head, with the app's scope
// settings, says when a stored count is still right. Keyed by database so tests' databases never mix.
const cache = new WeakMap<object, Map<string, Counted>>();

/** Users and groups in scope; groups count 0 when the app does not provision groups. */
export function scopeCounts(db: Db, app: Pick<Application, 'id' | 'scope' | 'provisionGroups'>): ScopeCounts {
  const key = `${journalHead(db)}|${app.scope}|${app.provisionGroups}`;
  const perDb = cache.get(db) ?? new Map<string, Counted>();
  cache.set(db, perDb);
  const hit = perDb.get(app.id);
  if (hit?.key === key) return hit.counts;
  const counts = countScope(db, app);
  perDb.set(app.id, { key, counts });
  return counts;
}

function countScope(db: Db, app: Pick<Application, 'id' | 'scope' | 'provisionGroups'>): ScopeCounts {
  const count = (sql: string) => {
    const stmt = db.$client.prepare(sql);
    const row = (sql.includes('@appId') ? stmt.get({ appId: app.id }) : stmt.get()) as { n: number } | undefined;
    return row?.n ?? 0;
  };
  const all = app.scope === 'all';
  return {
    users: count(all ? ALL_USERS_SQL : USERS_SQL),
    groups: app.provisionGroups ? count(all ? ALL_GROUPS_SQL : GROUPS_SQL) : 0,
  };
}
