/**
 * Per-application attribute mappings and scoping filters. Stored as JSON on the application; null means
 * the template's defaults. Any change marks the job for a new initial cycle, as Entra does.
 */

import { eq } from 'drizzle-orm';
import { applications } from '../../db/schema';
import { writeAudit } from '../audit/audit-log';
import { customAttributeNames } from '../directory/custom-attributes';
import { requireInitialCycle } from '../engine/jobs';
import type { Actor } from '../kernel/actor';
import { ValidationError } from '../kernel/errors';
import { defaultGroupMappings, defaultUserMappings } from '../mapping/default-mappings';
import { validateMappings, validateScopingFilters } from '../mapping/mapping-input';
import type { AttributeMapping, ScopingFilter } from '../mapping/types';
import { type AppConfig, type Application, type AppsDeps, getApplication } from './applications';

export type ObjectType = 'user' | 'group';

/** The effective mappings of an app (its own, or the template defaults). */
export function mappingsOf(app: Application, type: ObjectType): AttributeMapping[] {
  const stored = type === 'user' ? app.userMappings : app.groupMappings;
  if (stored) return JSON.parse(stored) as AttributeMapping[];
  return [...(type === 'user' ? defaultUserMappings(app.template) : defaultGroupMappings(app.template))];
}

/** The scoping filters of an app ([] = everything assigned is in scope). */
export function scopingOf(app: Application, type: ObjectType): ScopingFilter[] {
  const stored = type === 'user' ? app.userScoping : app.groupScoping;
  return stored ? (JSON.parse(stored) as ScopingFilter[]) : [];
}

/** True when the app uses its template's mappings. */
export function usesDefaultMappings(app: Application, type: ObjectType): boolean {
  return (type === 'user' ? app.userMappings : app.groupMappings) === null;
}

function invalid(what: string, errors: { index: number; field: string; message: string; column?: number }[]): never {
  throw new ValidationError(
    `Invalid ${what}: ${errors.map((e) => `#${e.index + 1} ${e.field}: ${e.message}`).join('; ')}`,
    errors.map((e) => ({
      path: `${e.index}.${e.field}`,
      message: e.message,
      ...(e.column ? { column: e.column } : {}),
    })),
  );
}

type Tx = Parameters<Parameters<AppsDeps['db']['transaction']>[0]>[0];

/**
 * The one way mapping and scoping columns change: the write, the initial-cycle mark and the audit row in one
 * transaction (plus `also`, e.g. removing the published draft), then one scheduler refresh.
 */
export function saveConfig(
  deps: AppsDeps,
  actor: Actor,
  app: Application,
  patch: Partial<AppConfig>,
  audit: { activity: string; before: unknown; after: unknown },
  also?: (tx: Tx) => void,
): Application {
  const now = deps.clock.now();
  deps.db.transaction((tx) => {
    // A new mapping or scope changes what every object should look like: re-evaluate all of them.
    tx.update(applications)
      .set({ ...patch, updatedAt: now })
      .where(eq(applications.id, app.id))
      .run();
    requireInitialCycle(tx, app.id);
    writeAudit(tx, actor, { ...audit, targetType: 'application', targetId: app.id }, now);
    also?.(tx);
  });
  const updated = getApplication(deps.db, app.id);
  deps.onAppChanged?.(app.id);
  return updated;
}

/** Validate a mappings body (`null` = the template defaults): the column value to store and the effective list. */
export function validMappings(
  deps: Pick<AppsDeps, 'db'>,
  app: Application,
  type: ObjectType,
  body: unknown,
): { json: string | null; after: AttributeMapping[] } {
  if (body === null)
    return {
      json: null,
      after: [...(type === 'user' ? defaultUserMappings(app.template) : defaultGroupMappings(app.template))],
    };
  const r = validateMappings(body, type, type === 'user' ? customAttributeNames(deps.db) : []);
  if (!r.ok) invalid(`${type} mappings`, r.errors);
  return { json: JSON.stringify(r.mappings), after: r.mappings };
}

/** Validate a scoping body: the column value to store (null = no filter) and the filters. */
export function validScoping(
  deps: Pick<AppsDeps, 'db'>,
  type: ObjectType,
  body: unknown,
): { json: string | null; after: ScopingFilter[] } {
  const r = validateScopingFilters(body, type, type === 'user' ? customAttributeNames(deps.db) : []);
  if (!r.ok) invalid(`${type} scoping filters`, r.errors);
  return { json: r.filters.length ? JSON.stringify(r.filters) : null, after: r.filters };
}

/** Replace the mappings of one object type; `null` restores the template defaults. */
export function setMappings(deps: AppsDeps, actor: Actor, appId: string, type: ObjectType, body: unknown): Application {
  const app = getApplication(deps.db, appId);
  const before = mappingsOf(app, type);
  const { json, after } = validMappings(deps, app, type, body);
  const patch = type === 'user' ? { userMappings: json } : { groupMappings: json };
  const activity = body === null ? 'mappings.restore_defaults' : 'mappings.update';
  return saveConfig(deps, actor, app, patch, { activity, before, after });
}

/** Replace the scoping filters of one object type ([] removes them). */
export function setScoping(deps: AppsDeps, actor: Actor, appId: string, type: ObjectType, body: unknown): Application {
  const app = getApplication(deps.db, appId);
  const { json, after } = validScoping(deps, type, body);
  const patch = type === 'user' ? { userScoping: json } : { groupScoping: json };
  return saveConfig(deps, actor, app, patch, { activity: 'scoping.update', before: scopingOf(app, type), after });
}
