/**
 * A source's writes commit with the object they belong to (issue 14): when the caller's part fails (here, on
 * purpose), the new user or group is not left behind unowned, and nothing is journalled or audited.
 */
import { describe, expect, it } from 'vitest';
import { auditLog, directoryChanges, groups, users } from '../../db/schema';
import { createGroup } from '../../src/directory/groups';
import { createUser } from '../../src/directory/users';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { freshDb } from '../support/db';

const failing = () => {
  throw new Error('the link could not be written');
};

describe('create with the caller’s writes in the same transaction', () => {
  it.each([
    [
      'user',
      (h: ReturnType<typeof freshDb>) => createUser(h.dir, CLI_ACTOR, { userPrincipalName: 'a@example.com' }, failing),
    ],
    ['group', (h: ReturnType<typeof freshDb>) => createGroup(h.dir, CLI_ACTOR, { displayName: 'Staff' }, failing)],
  ])('a failing %s create leaves nothing behind', (_kind, create) => {
    const h = freshDb();
    expect(() => create(h)).toThrow('the link could not be written');
    expect(h.db.select().from(users).all()).toHaveLength(0);
    expect(h.db.select().from(groups).all()).toHaveLength(0);
    expect(h.db.select().from(directoryChanges).all()).toHaveLength(0);
    expect(h.db.select().from(auditLog).all()).toHaveLength(0);
    expect(h.changes).toHaveLength(0);
  });

  it('a succeeding one sees the new row inside the transaction', () => {
    const h = freshDb();
    let seen = '';
    const row = createUser(h.dir, CLI_ACTOR, { userPrincipalName: 'b@example.com' }, (tx, created) => {
      seen = tx.select().from(users).all()[0]?.id ?? '';
      expect(created.userPrincipalName).toBe('b@example.com');
    });
    expect(seen).toBe(row.id);
  });
});
