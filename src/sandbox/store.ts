/**
 * The sandbox app's persistence: its own SQLite file (better-sqlite3 + drizzle), deliberately apart from
 * Provisio's database because it stands for somebody else's SaaS app. Holds Users, Groups and the bearer token.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { ensurePrivateSqliteFile, type Tightened } from './store-file-mode';
import { type ResourceRows, resourceRows, type SandboxResource, toScimResource } from './store-rows';
import { SANDBOX_DDL, sandboxResources, sandboxSettings } from './store-schema';

export type { SandboxResource, ScimData, StoredRow } from './store-rows';

/** A stored user as SCIM JSON. */
export type SandboxUser = SandboxResource & { userName: string };

/** A stored group as SCIM JSON. */
export type SandboxGroup = SandboxResource & { displayName: string; members?: { value: string }[] };

/** The sandbox store: resource rows for the SCIM handlers, plus the token and helpers for tests and the demo. */
export interface SandboxStore extends ResourceRows {
  /** The bearer token clients must send; generated on first open. */
  token(): string;
  /** Replace the token (the old one stops working at once) and return the new one. */
  rotateToken(): string;
  countUsers(): number;
  countGroups(): number;
  /** Every user, in creation order, without `meta.location`. */
  listUsers(): SandboxUser[];
  /** Every group, in creation order, without `meta.location`. */
  listGroups(): SandboxGroup[];
  /** Delete every User and Group; the token stays, so configured clients keep working. */
  reset(): void;
  close(): void;
}

const TOKEN_KEY = 'bearer_token';
const newToken = () => crypto.randomBytes(32).toString('base64url');

/**
 * Open (creating the file 0600, its directory and the tables if needed) a sandbox store; `':memory:'` works.
 * `onTightened` hears of existing files that were more open than 0600 and were chmodded.
 */
export function openSandboxStore(
  file: string,
  opts: { onTightened?: (files: Tightened[]) => void } = {},
): SandboxStore {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const tightened = ensurePrivateSqliteFile(file);
  if (tightened.length > 0) opts.onTightened?.(tightened);
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  // NORMAL is durable across process crashes in WAL mode; only an OS crash can lose the last commits.
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  for (const ddl of SANDBOX_DDL) sqlite.exec(ddl);
  const db = drizzle({ client: sqlite });
  const rows = resourceRows(db);

  const saveToken = (value: string) => {
    db.insert(sandboxSettings)
      .values({ key: TOKEN_KEY, value })
      .onConflictDoUpdate({ target: sandboxSettings.key, set: { value } })
      .run();
    return value;
  };
  // Cached: every request compares against it, and only rotateToken() changes it.
  let token =
    db.select().from(sandboxSettings).where(eq(sandboxSettings.key, TOKEN_KEY)).get()?.value ?? saveToken(newToken());

  return {
    ...rows,
    token: () => token,
    rotateToken: () => {
      token = saveToken(newToken());
      return token;
    },
    countUsers: () => rows.count('User'),
    countGroups: () => rows.count('Group'),
    listUsers: () => rows.all('User').map((r) => toScimResource(r) as SandboxUser),
    listGroups: () => rows.all('Group').map((r) => toScimResource(r) as SandboxGroup),
    reset: () => {
      db.delete(sandboxResources).run();
    },
    close: () => {
      sqlite.close();
    },
  };
}
