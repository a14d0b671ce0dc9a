import { describe, expect, it } from 'vitest';
import { openDb } from '../../db/client';
import { connectionUnder, preparedOn } from '../../db/prepared';

describe('queries prepared once per handle', () => {
  it('builds a query once per handle and key, and again for another handle or key', () => {
    const a = {};
    const b = {};
    let builds = 0;
    const build = () => ({ n: ++builds });
    const first = preparedOn(a, 'q', build);
    expect(preparedOn(a, 'q', build)).toBe(first);
    expect(preparedOn(b, 'q', build)).not.toBe(first);
    expect(preparedOn(a, 'other', build)).not.toBe(first);
    expect(builds).toBe(3);
  });

  it('finds the connection under a database and under its drizzle transaction, whose writes it shares', () => {
    const db = openDb(':memory:');
    expect(connectionUnder(db)).toBe(db.$client);
    db.$client.exec('CREATE TABLE t (x INTEGER)');
    expect(() =>
      db.transaction((tx) => {
        expect(connectionUnder(tx)).toBe(db.$client);
        const conn = connectionUnder<typeof db.$client>(tx);
        preparedOn(conn, 't.insert', () => conn.prepare('INSERT INTO t (x) VALUES (?)')).run(1);
        throw new Error('roll back');
      }),
    ).toThrow('roll back');
    // The raw statement ran inside the transaction: rolled back with it.
    expect(db.$client.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 0 });
    expect(() => connectionUnder({})).toThrow(TypeError);
    db.$client.close();
  });
});
