/**
 * Who did something, and the roles an actor can hold. Kernel: audit rows, log rows' initiatedBy, use cases and
 * the web layer all name actors, so the type lives below every module that does (auth/roles.ts decides what
 * each role may do).
 */
export type Role = 'admin' | 'operator' | 'viewer';
export const ROLES: readonly Role[] = ['admin', 'operator', 'viewer'];

/** Who did something: written into audit rows and log rows' initiatedBy. */
export interface Actor {
  type: 'account' | 'token' | 'system' | 'cli';
  id: string | null;
  name: string;
  role: Role;
  ip?: string | undefined;
}

export const SYSTEM_ACTOR: Actor = { type: 'system', id: null, name: 'Provisio provisioning service', role: 'admin' };
export const CLI_ACTOR: Actor = { type: 'cli', id: null, name: 'command line', role: 'admin' };
