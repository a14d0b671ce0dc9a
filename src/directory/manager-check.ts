/**
 * The `manager` attribute names another directory user by id. Entra refuses a manager that does not exist
 * or is the user itself; a soft-deleted manager is still a user (restorable), so it is accepted.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { users } from '../../db/schema';
import { ValidationError } from '../kernel/errors';

/** Why `managerId` cannot be the manager of user `selfId` (null for a user not created yet), or null. */
export function managerProblem(db: Pick<Db, 'select'>, selfId: string | null, managerId: string): string | null {
  if (selfId !== null && managerId === selfId) return 'a user cannot be their own manager';
  const found = db.select({ id: users.id }).from(users).where(eq(users.id, managerId)).get();
  return found ? null : `no directory user has id ${managerId}`;
}

/** Throw a field error when the input sets a manager that cannot be used; null/undefined (clear/keep) pass. */
export function assertManager(db: Pick<Db, 'select'>, selfId: string | null, managerId: string | null | undefined) {
  if (managerId === null || managerId === undefined) return;
  const problem = managerProblem(db, selfId, managerId);
  if (problem) throw new ValidationError(`manager: ${problem}`, [{ path: 'manager', message: problem }]);
}
