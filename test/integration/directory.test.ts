import { describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema';
import { CLI_ACTOR } from '../../src/auth/roles';
import { importUsersCsv } from '../../src/directory/csv-import';
import { changesBetween, journalHead } from '../../src/directory/journal';
import { createUser, deleteUser, getUser, listUsers, restoreUser, updateUser } from '../../src/directory/users';
import { freshDb } from '../support/db';

describe('directory users', () => {
  it('journals every write with a monotonic sequence and notifies listeners', () => {
    const { db, dir, changes } = freshDb();
    const u = createUser(dir, CLI_ACTOR, { userPrincipalName: 'alice@contoso.example', displayName: 'Alice' });
    updateUser(dir, CLI_ACTOR, u.id, { jobTitle: 'Engineer' });
    updateUser(dir, CLI_ACTOR, u.id, { jobTitle: 'Engineer' }); // no change → no journal entry
    deleteUser(dir, CLI_ACTOR, u.id, false);
    restoreUser(dir, CLI_ACTOR, u.id);
    deleteUser(dir, CLI_ACTOR, u.id, true);
    const kinds = changesBetween(db, 0, journalHead(db)).map((c) => c.kind);
    expect(kinds).toEqual(['create', 'update', 'soft_delete', 'restore', 'hard_delete']);
    expect(changes.map((c) => c.kind)).toEqual(kinds);
    expect(() => getUser(db, u.id)).toThrow(/was not found/);
    expect(
      db
        .select()
        .from(auditLog)
        .all()
        .map((r) => r.activity),
    ).toContain('directory.user.hard_delete');
  });

  it('refuses a duplicate userPrincipalName, case-insensitively', () => {
    const { dir } = freshDb();
    createUser(dir, CLI_ACTOR, { userPrincipalName: 'bob@contoso.example' });
    expect(() => createUser(dir, CLI_ACTOR, { userPrincipalName: 'BOB@contoso.example' })).toThrow(/already exists/);
  });

  it.each([
    [{}, /userPrincipalName/],
    [{ userPrincipalName: 'not-an-upn' }, /name@domain/],
    [{ userPrincipalName: 'a@b.c', colour: 'red' }, /colour/],
    [{ userPrincipalName: 'a@b.c', accountEnabled: 'yes' }, /accountEnabled/],
  ])('rejects bad input %j', (body, msg) => {
    const { dir } = freshDb();
    expect(() => createUser(dir, CLI_ACTOR, body)).toThrow(msg);
  });

  it('lists with a keyset cursor and prefix search', () => {
    const { db, dir } = freshDb();
    for (const n of ['carol', 'alice', 'bob', 'dave'])
      createUser(dir, CLI_ACTOR, { userPrincipalName: `${n}@x.example` });
    const p1 = listUsers(db, { limit: 2 });
    expect(p1.items.map((u) => u.userPrincipalName)).toEqual(['alice@x.example', 'bob@x.example']);
    const p2 = listUsers(db, { limit: 2, cursor: p1.nextCursor ?? undefined });
    expect(p2.items.map((u) => u.userPrincipalName)).toEqual(['carol@x.example', 'dave@x.example']);
    expect(p2.nextCursor).toBeNull();
    expect(listUsers(db, { limit: 10, q: 'ca' }).items).toHaveLength(1);
    expect(listUsers(db, { limit: 10, q: '%' }).items).toHaveLength(0);
  });
});

describe('CSV import', () => {
  it('upserts by userPrincipalName and reports bad rows by line without dropping good ones', () => {
    const { db, dir } = freshDb();
    createUser(dir, CLI_ACTOR, { userPrincipalName: 'alice@x.example', jobTitle: 'Old' });
    const csv = [
      'userPrincipalName,displayName,jobTitle,accountEnabled',
      'alice@x.example,Alice,New,true',
      'broken,Nobody,,',
      'bob@x.example,"Bob, Jr.",Engineer,false',
      'bob@x.example,Bob again,,',
    ].join('\n');
    const r = importUsersCsv(dir, { ...{ type: 'cli', id: null, name: 'test', role: 'admin' } }, csv);
    expect(r).toMatchObject({ created: 1, updated: 1 });
    expect(r.errors.map((e) => e.line)).toEqual([3, 5]);
    expect(r.errors[0]?.message).toMatch(/userPrincipalName/);
    const bob = listUsers(db, { limit: 10, q: 'bob' }).items[0];
    expect(bob).toMatchObject({ displayName: 'Bob, Jr.', accountEnabled: false });
    expect(listUsers(db, { limit: 10, q: 'alice' }).items[0]?.jobTitle).toBe('New');
  });

  it('rejects unknown columns and a missing userPrincipalName column', () => {
    const { dir } = freshDb();
    expect(() => importUsersCsv(dir, CLI_ACTOR, 'userPrincipalName,colour\na@b.c,red')).toThrow(
      /Unknown columns: colour/,
    );
    expect(() => importUsersCsv(dir, CLI_ACTOR, 'displayName\nX')).toThrow(/userPrincipalName/);
  });
});
