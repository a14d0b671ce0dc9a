/** What the engine needs from the outside world, and the per-cycle context shared by its workers. */
import type { Db } from '../../db/client';
import type { Application } from '../apps/applications';
import type { Clock } from '../kernel/clock';
import type { Logger } from '../kernel/logger';
import type { AttributeMapping, MappingEnv, ScopingFilter } from '../mapping/types';
import type { Notifier } from '../notify/notifier';
import type { ScimClient } from '../scim/client';
import type { PacingRegistry } from '../scim/pacing';
import type { QuarantineCause } from './quarantine';

export type { Logger };

export interface EngineDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  /** Builds a SCIM client for an application (decrypting its Secret Token). */
  scimClientFor: (app: Application) => ScimClient;
  mappingEnv: MappingEnv;
  newId: () => string;
  metrics?: { cycle(appId: string, type: string, status: string, seconds: number): void } | undefined;
  /** Quarantine, deletion-guard, failure and token-expiry mails; none sent when absent. */
  notifier?: Notifier | undefined;
  /** Called after every cycle ends (succeeded or failed); alert rules are evaluated on it. Must not throw. */
  onCycleEnd?: ((appId: string, cycleId: string) => void) | undefined;
  /** What each application's SCIM clients learned (concurrency limit, rate); read by the status card. */
  pacing?: PacingRegistry | undefined;
  /** Escrow retry backoff (tests shorten it); ESCROW_POLICY when absent. */
  escrowPolicy?: { baseMs: number; maxMs: number } | undefined;
}

/** A disable or delete held until the cycle knows how many there are (the deletion guard). */
export interface HeldAction {
  sourceId: string;
  /** Carry it out now (SCIM call, then the usual transaction). */
  execute(): Promise<void>;
  /** Log it as stagedDelete and escrow it, without touching the target; resolves once that is committed. */
  stage(reason: string): Promise<void>;
}

export interface CycleContext {
  deps: EngineDeps;
  app: Application;
  cycleId: string;
  /** on_demand: provision on demand and dry-run apply (skips are logged, as in initial cycles). */
  type: 'initial' | 'incremental' | 'on_demand';
  initiatedBy: { type: 'system' | 'user' | 'application'; name: string };
  client: ScimClient;
  mappings: readonly AttributeMapping[];
  scoping: readonly ScopingFilter[];
  managedPaths: ReadonlySet<string>;
  targetSystem: string;
  /** Set by stop(): workers finish the object in hand and take no more. */
  cancelled: boolean;
  /** Set when the job must be quarantined at once (401/403, expired token): no more work is taken either. */
  halt: QuarantineCause | null;
  /** "Allow deletes" was pressed: disables and deletes bypass the deletion guard in this cycle. */
  allowDeletes: boolean;
  /** Disables and deletes waiting for the deletion guard's verdict. */
  held: HeldAction[];
  /** Set when the guard tripped: how many were held, for the quarantine detail and the mail. */
  guard: { held: number; linked: number } | null;
}
