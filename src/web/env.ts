/** The dependencies the web layer receives, and the per-request variables middleware sets. */
import type { Hono } from 'hono';
import type { Db } from '../../db/client';
import type { AlertRunner } from '../alerts/runner';
import type { SecretBox } from '../auth/secret-box';
import type { Config } from '../config';
import type { DirectoryChange } from '../directory/journal';
import type { EngineDeps, Logger } from '../engine/context';
import type { Actor } from '../kernel/actor';
import type { Clock } from '../kernel/clock';
import type { BackgroundJobs } from '../operate/background-jobs';
import type { JobRunner } from '../operate/stop-restart';
import type { SourceRunner } from '../sources/ldap/runner';
import type { StreamControl } from '../streams/runner';

/** What routes may ask of the scheduler. */
export interface SchedulerPort {
  runNow(appId: string, initiatedBy: { type: 'user' | 'application'; name: string }): string;
  refresh(appId: string): void;
  nudge(changes: DirectoryChange[]): void;
  runningCycleId(appId: string): string | null;
  /** "Stop now": cancel the running cycle between objects (issue 6); absent in ports that cannot. */
  cancel?(appId: string): { cycleId: string | null; stopped: Promise<void> };
}

export interface WebDeps {
  db: Db;
  clock: Clock;
  config: Pick<Config, 'adminToken' | 'sessionHours' | 'publicUrl'> &
    Partial<Pick<Config, 'sessionIdleMinutes' | 'trustProxy'>>;
  logger: Logger;
  secrets: SecretBox;
  /**
   * Engine deps, built once in wiring.ts: what on-demand work, dry runs, drift actions and Test Connection
   * run with (the same SCIM client factory, notifier, metrics and escrow policy as scheduled cycles).
   */
  engine: EngineDeps;
  scheduler: SchedulerPort;
  /** The scheduler as Stop now and Restart use it (built once from `scheduler`). */
  jobs: JobRunner;
  /** Dry runs and drift reports run here, in the background (built once, in wiring). */
  operateJobs: BackgroundJobs;
  /** An application's settings or job state changed: the scheduler re-reads it (built once, in the composition root). */
  onAppChanged: (appId: string) => void;
  /** Runs LDAP sources: "sync now", and re-reading a source's schedule after it changed. */
  sourceRunner: SourceRunner;
  /** Runs log streams: re-reads a stream after it changed; its throughput for the page. */
  streams?: StreamControl | undefined;
  /** Mounted at /sandbox/scim/v2 when the built-in sandbox app is on. */
  sandbox?: Hono | undefined;
  /** The sandbox's Secret Token, read when asked (it can be rotated); set exactly when `sandbox` is. */
  sandboxToken?: (() => string) | undefined;
  /** Prometheus registry served at /metrics (to any authenticated caller). */
  metrics?: { registry: { metrics(): Promise<string>; contentType: string } } | undefined;
  /** PROVISIO_SMTP_URL / PROVISIO_SMTP_FROM: when the URL is set it wins over the settings page. */
  smtpEnv?: { url: string | undefined; from: string } | undefined;
  /** Alert rules' evaluation and delivery (issue 17); without it, test sends use these deps' mailer. */
  alerts?: AlertRunner | undefined;
}

export interface Session {
  accountId: string;
  email: string;
  csrfToken: string;
  /** sha256 of the cookie value: marks "this session" in the account's session list. */
  idHash?: string;
  /** Signed in with a generated password: everything but My account is closed until it is replaced. */
  mustChangePassword?: boolean;
}

export type AppEnv = {
  Variables: {
    actor: Actor;
    /** Set for browser sessions only (not for API tokens). */
    session: Session | null;
    /** Per-request CSP nonce is not used: no inline scripts at all. */
  };
};
