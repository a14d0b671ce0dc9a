/** What the engine needs from the outside world, and the per-cycle context shared by its workers. */
import type { Db } from '../../db/client';
import type { Application } from '../apps/applications';
import type { Clock } from '../clock';
import type { AttributeMapping, MappingEnv, ScopingFilter } from '../mapping/types';
import type { ScimClient } from '../scim/client';

export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface EngineDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  /** Builds a SCIM client for an application (decrypting its Secret Token). */
  scimClientFor: (app: Application) => ScimClient;
  mappingEnv: MappingEnv;
  newId: () => string;
  metrics?: { cycle(appId: string, type: string, status: string, seconds: number): void } | undefined;
}

export interface CycleContext {
  deps: EngineDeps;
  app: Application;
  cycleId: string;
  type: 'initial' | 'incremental';
  initiatedBy: { type: 'system' | 'user' | 'application'; name: string };
  client: ScimClient;
  mappings: readonly AttributeMapping[];
  scoping: readonly ScopingFilter[];
  managedPaths: ReadonlySet<string>;
  targetSystem: string;
  /** Set by stop(): workers finish the object in hand and take no more. */
  cancelled: boolean;
}
