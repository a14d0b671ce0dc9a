/**
 * The attribute types of each application's target: its `/Schemas` answer over the built-in RFC 7643 tables.
 * Fetched by Test Connection (as Entra reads /Schemas when the app is configured), and by a cycle that maps
 * an attribute the types known so far do not describe (a custom extension) when the cached copy is older
 * than SCHEMA_TTL_MS; core and enterprise attributes need no request. Cached per application in memory, so
 * work outside a cycle (provision on demand, dry runs) converts values the same way
 * without asking the target again. A target without a usable `/Schemas` gets the built-in core schemas.
 */
import type { Application } from '../apps/applications';
import { typedMappings } from '../mapping/apply';
import type { AttributeMapping } from '../mapping/types';
import type { ScimClient } from '../scim/client';
import { BUILTIN_SCHEMA_TYPES, type SchemaTypes, schemaTypesFrom } from '../scim/schema-types';
import type { Logger } from './context';

// Keyed by application id; the Tenant URL is kept so a changed URL is not served the old target's schema.
const cache = new Map<string, { tenantUrl: string; types: SchemaTypes; at: number }>();

/**
 * How long a cycle trusts the cached answer. Schemas change with a target's releases, not between cycles,
 * and incremental cycles run every few seconds after a change: one GET per cycle would double small cycles.
 */
export const SCHEMA_TTL_MS = 10 * 60_000;

/** The cached types of `app`'s target, or the built-in schemas when none were fetched for its Tenant URL. */
export function cachedSchemaTypes(app: Pick<Application, 'id' | 'tenantUrl'>): SchemaTypes {
  const hit = cache.get(app.id);
  return hit && hit.tenantUrl === (app.tenantUrl ?? '') ? hit.types : BUILTIN_SCHEMA_TYPES;
}

/** Ask the target for `/Schemas` and cache what it says; never throws (the built-in schemas stand in). */
export async function refreshSchemaTypes(
  app: Pick<Application, 'id' | 'tenantUrl'>,
  client: Pick<ScimClient, 'schemas'>,
  now: number,
  logger?: Pick<Logger, 'info'>,
): Promise<SchemaTypes> {
  let types = BUILTIN_SCHEMA_TYPES;
  try {
    types = schemaTypesFrom(await client.schemas());
  } catch (err) {
    logger?.info(
      { appId: app.id, err: (err as Error).message },
      'target serves no usable /Schemas; using the built-in SCIM core schemas',
    );
  }
  cache.set(app.id, { tenantUrl: app.tenantUrl ?? '', types, at: now });
  return types;
}

/** The types a cycle uses: the cached ones while fresh, else a new `/Schemas` answer. */
export async function schemaTypesForCycle(
  app: Pick<Application, 'id' | 'tenantUrl'>,
  client: Pick<ScimClient, 'schemas'>,
  now: number,
  logger?: Pick<Logger, 'info'>,
): Promise<SchemaTypes> {
  const hit = cache.get(app.id);
  if (hit && hit.tenantUrl === (app.tenantUrl ?? '') && now - hit.at < SCHEMA_TTL_MS) return hit.types;
  return refreshSchemaTypes(app, client, now, logger);
}

/** True when some mapping's target has no known type yet: then a cycle asks the target's /Schemas. */
export function hasUntypedTargets(mappings: readonly AttributeMapping[]): boolean {
  return mappings.some((m) => m.type !== 'none' && m.targetType === undefined);
}

/** `app`'s user mappings typed from `types`, by default the cached schema of its target. */
export function typedUserMappings(
  app: Pick<Application, 'id' | 'tenantUrl'>,
  mappings: readonly AttributeMapping[],
  types: SchemaTypes = cachedSchemaTypes(app),
): AttributeMapping[] {
  return typedMappings(mappings, 'User', types);
}
