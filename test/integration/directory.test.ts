import { describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema';
import { importUsersCsv } from '../../src/directory/csv-import';
import { changesBetween, journalHead } from '../../src/directory/journal';
import { createUser, deleteUser, getUser, listUsers, restoreUser, updateUser } from '../../src/directory/users';
import { CLI_ACTOR } from '../../src/kernel/actor';
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
  it('upserts by userPrincipalName, leaving columns absent from the file alone', async () => {
    const { db, dir, changes } = freshDb();
    createUser(dir, CLI_ACTOR, { userPrincipalName: 'alice@x.example', jobTitle: 'Old', department: 'Kept' });
    createUser(dir, CLI_ACTOR, { userPrincipalName: 'carol@x.example', displayName: 'Carol', jobTitle: 'Same' });
    const csv = [
      'userPrincipalName,displayName,jobTitle,accountEnabled',
      'alice@x.example,Alice,New,true',
      'bob@x.example,"Bob, Jr.",Engineer,false',
      'carol@x.example,Carol,Same,',
    ].join('\n');
    const r = await importUsersCsv(dir, CLI_ACTOR, csv);
    expect(r).toEqual({ created: 1, updated: 1, unchanged: 1, errors: [] });
    const bob = listUsers(db, { limit: 10, q: 'bob' }).items[0];
    expect(bob).toMatchObject({ displayName: 'Bob, Jr.', accountEnabled: false });
    expect(listUsers(db, { limit: 10, q: 'alice' }).items[0]).toMatchObject({ jobTitle: 'New', department: 'Kept' });
    expect(changes.map((c) => c.kind)).toEqual(['create', 'create', 'update', 'create']);
  });

  it('writes nothing when any row is bad, and lists every bad line', async () => {
    const { db, dir, changes } = freshDb();
    const csv = [
      'userPrincipalName,displayName',
      'alice@x.example,Alice',
      'broken,Nobody',
      'bob@x.example,Bob',
      'BOB@x.example,Bob again',
    ].join('\n');
    const err = await importUsersCsv(dir, CLI_ACTOR, csv).catch((e) => e);
    expect(err.message).toMatch(/Nothing was imported: 2 rows have errors \(line 3, 5\)/);
    expect(err.details.map((d: { path: string }) => d.path)).toEqual(['line 3', 'line 5']);
    expect(err.details[1].message).toMatch(/appears twice in the file \(first on line 4\)/);
    expect(listUsers(db, { limit: 10 }).items).toHaveLength(0);
    expect(journalHead(db)).toBe(0);
    expect(changes).toHaveLength(0);
  });

  it('rejects unknown columns and a missing userPrincipalName column', async () => {
    const { dir } = freshDb();
    await expect(importUsersCsv(dir, CLI_ACTOR, 'userPrincipalName,colour\na@b.c,red')).rejects.toThrow(
      /Unknown columns: colour/,
    );
    await expect(importUsersCsv(dir, CLI_ACTOR, 'displayName\nX')).rejects.toThrow(/userPrincipalName/);
  });
});
