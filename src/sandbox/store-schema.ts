/**
 * The sandbox app's own tables. They live in a separate SQLite file (the imaginary SaaS app's database), so
 * they are created with `CREATE TABLE IF NOT EXISTS` at open instead of going through Provisio's migrations.
 * The DDL below must describe the same tables as the drizzle declarations next to it.
 */
import { index, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** Users and Groups; the SCIM attributes are kept as JSON, with index columns for the Entra matching queries. */
export const sandboxResources = sqliteTable(
  'sandbox_resources',
  {
    id: text('id').primaryKey(),
    resourceType: text('resource_type', { enum: ['User', 'Group'] }).notNull(),
    /** userName (Users) or displayName (Groups), lower-cased: both are unique and compared case-insensitively. */
    nameKey: text('name_key').notNull(),
    externalId: text('external_id'),
    /** SCIM attributes without `id` and `meta`, which come from the columns. */
    data: text('data').notNull(),
    created: text('created').notNull(),
    lastModified: text('last_modified').notNull(),
  },
  (t) => [
    uniqueIndex('sandbox_resources_name').on(t.resourceType, t.nameKey),
    index('sandbox_resources_external_id').on(t.resourceType, t.externalId),
  ],
);

/** Key/value settings of the sandbox app (its bearer token). */
export const sandboxSettings = sqliteTable('sandbox_settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

/** Statements run at every open; idempotent, and free of values. */
export const SANDBOX_DDL = [
  `CREATE TABLE IF NOT EXISTS sandbox_resources (
    id TEXT PRIMARY KEY NOT NULL,
    resource_type TEXT NOT NULL,
    name_key TEXT NOT NULL,
    external_id TEXT,
    data TEXT NOT NULL,
    created TEXT NOT NULL,
    last_modified TEXT NOT NULL
  )`,
  'CREATE UNIQUE INDEX IF NOT EXISTS sandbox_resources_name ON sandbox_resources (resource_type, name_key)',
  'CREATE INDEX IF NOT EXISTS sandbox_resources_external_id ON sandbox_resources (resource_type, external_id)',
  'CREATE TABLE IF NOT EXISTS sandbox_settings (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL)',
] as const;
