/**
 * Custom user attributes an admin declares (issue 14), e.g. `costCenter`: a name, usable in mappings,
 * expressions and scoping filters like a built-in attribute, whose values users carry in one JSON column.
 * Declaring and removing are audited; a name that is still in use cannot be removed (no value is dropped
 * silently).
 */
import { asc, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { customAttributes, users } from '../../db/schema';
import { writeAudit } from '../audit/audit-log';
import type { Actor } from '../kernel/actor';
import type { Clock } from '../kernel/clock';
import { ConflictError, NotFoundError, ValidationError } from '../kernel/errors';
import { parseOrThrow } from '../kernel/parse';
import { GROUP_SOURCE_ATTRIBUTES, USER_SOURCE_ATTRIBUTES } from '../mapping/input-common';
import { safeChars } from './text-rules';

const RESERVED = new Set(
  [...USER_SOURCE_ATTRIBUTES, ...GROUP_SOURCE_ATTRIBUTES, 'id', 'manager'].map((n) => n.toLowerCase()),
);

const declareSchema = z
  .object({
    name: z
      .string()
      .trim()
      .regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'A name starts with a letter, then letters, digits or _ (64 at most)')
      .refine((n) => !RESERVED.has(n.toLowerCase()), 'That is a built-in attribute name'),
    description: z.string().trim().max(200).superRefine(safeChars('text')).optional(),
  })
  .strict();

export interface CustomAttributeDeps {
  db: Db;
  clock: Clock;
}

/** Declared attributes with how many users have a value. */
export function listCustomAttributes(db: Db) {
  return db
    .select({
      name: customAttributes.name,
      description: customAttributes.description,
      createdAt: customAttributes.createdAt,
      users: sql<number>`(select count(*) from ${users} where json_extract(${users.customAttributes}, '$."' || ${customAttributes.name} || '"') is not null)`,
    })
    .from(customAttributes)
    .orderBy(asc(sql`lower(${customAttributes.name})`))
    .all();
}

/** The declared names, as declared (their case is the canonical one). */
export function customAttributeNames(db: Pick<Db, 'select'>): string[] {
  return db
    .select({ name: customAttributes.name })
    .from(customAttributes)
    .all()
    .map((r) => r.name);
}

export function declareCustomAttribute(deps: CustomAttributeDeps, actor: Actor, body: unknown) {
  const input = parseOrThrow(declareSchema, body, 'customAttribute');
  const taken = customAttributeNames(deps.db).find((n) => n.toLowerCase() === input.name.toLowerCase());
  if (taken) throw new ConflictError('custom_attribute_exists', `A custom attribute named ${taken} already exists`);
  const now = deps.clock.now();
  const row = { name: input.name, description: input.description ?? null, createdAt: now };
  deps.db.transaction((tx) => {
    tx.insert(customAttributes).values(row).run();
    writeAudit(
      tx,
      actor,
      { activity: 'directory.custom_attribute.create', targetType: 'custom_attribute', targetId: row.name, after: row },
      now,
    );
  });
  return row;
}

export function removeCustomAttribute(deps: CustomAttributeDeps, actor: Actor, name: string): void {
  const found = listCustomAttributes(deps.db).find((a) => a.name.toLowerCase() === name.toLowerCase());
  if (!found) throw new NotFoundError('Custom attribute', name);
  if (found.users > 0)
    throw new ConflictError(
      'custom_attribute_in_use',
      `${found.users} user(s) have a value for ${found.name}; clear those values first`,
      { users: found.users },
    );
  const now = deps.clock.now();
  deps.db.transaction((tx) => {
    tx.delete(customAttributes).where(sql`lower(${customAttributes.name}) = lower(${found.name})`).run();
    writeAudit(
      tx,
      actor,
      {
        activity: 'directory.custom_attribute.delete',
        targetType: 'custom_attribute',
        targetId: found.name,
        before: found,
      },
      now,
    );
  });
}

/** A user's stored values as an object (empty when none). */
export function customValuesOf(json: string | null): Record<string, string> {
  if (!json) return {};
  const parsed = JSON.parse(json) as Record<string, string>;
  return Object.fromEntries(Object.entries(parsed).filter(([, v]) => typeof v === 'string'));
}

/**
 * Merge submitted values into the stored ones: names must be declared (any case; stored in the declared
 * case), null or "" removes a value. Keys are sorted, so equal values give equal JSON (updates compare it).
 */
export function mergeCustomValues(
  declared: readonly string[],
  current: string | null,
  submitted: Record<string, string | null | undefined>,
): string | null {
  const canonical = new Map(declared.map((n) => [n.toLowerCase(), n]));
  const values = new Map(Object.entries(customValuesOf(current)));
  const unknown: string[] = [];
  for (const [k, v] of Object.entries(submitted)) {
    const name = canonical.get(k.toLowerCase());
    if (!name) {
      unknown.push(k);
      continue;
    }
    if (v === null || v === undefined || v === '') values.delete(name);
    else values.set(name, v);
  }
  if (unknown.length > 0)
    throw new ValidationError(
      `Unknown custom attribute ${unknown.join(', ')}${declared.length ? `; declared: ${declared.join(', ')}` : '; none is declared yet'}`,
      unknown.map((k) => ({ path: `customAttributes.${k}`, message: 'not a declared custom attribute' })),
    );
  if (values.size === 0) return null;
  return JSON.stringify(Object.fromEntries([...values].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
}
