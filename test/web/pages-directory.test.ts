import { beforeEach, describe, expect, it } from 'vitest';
import { createUser, deleteUser } from '../../src/directory/users';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { cspViolations, type PagesHarness, pagesHarness, type Session } from './pages-harness';

let h: PagesHarness;
let s: Session;

beforeEach(async () => {
  h = await pagesHarness();
  const dir = { db: h.db, clock: h.deps.clock, onChange: () => {} };
  createUser(dir, CLI_ACTOR, {
    userPrincipalName: 'mallory@contoso.test',
    displayName: '<script>alert(1)</script>',
    department: '<b>Sales</b>',
  });
  createUser(dir, CLI_ACTOR, {
    userPrincipalName: 'alice@contoso.test',
    displayName: 'Alice Smith',
    department: 'Engineering',
  });
  const gone = createUser(dir, CLI_ACTOR, {
    userPrincipalName: 'zed@contoso.test',
    displayName: 'Zed',
    accountEnabled: false,
  });
  deleteUser(dir, CLI_ACTOR, gone.id, false);
  s = await h.signIn('viewer');
});

describe('directory users', () => {
  it('lists users with escaped values, enabled and deleted flags', async () => {
    const res = await h.get('/directory/users', s);
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;b&gt;Sales&lt;/b&gt;');
    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toContain('<b>Sales');
    expect(html).toContain('<tr class="row-deleted"><td class="mono"><bdi>zed@contoso.test</bdi></td>');
    expect(html).toContain('Soft-deleted');
    expect(html.indexOf('alice@')).toBeLessThan(html.indexOf('mallory@'));
    expect(html).toContain('hx-trigger="input changed delay:300ms, search"');
    expect(html).toContain('hx-include="closest form"');
    expect(cspViolations(html)).toEqual([]);
  });

  it('answers only the results block to an htmx search, and the full page otherwise', async () => {
    const partial = await (await h.get('/directory/users?q=ali', s, { 'hx-request': 'true' })).text();
    expect(partial.startsWith('<div id="user-results">')).toBe(true);
    expect(partial).toContain('alice@contoso.test');
    expect(partial).not.toContain('mallory@');
    const full = await (await h.get('/directory/users?q=ali', s)).text();
    expect(full.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(full).toContain('name="q" value="ali"');
    expect(full).not.toContain('mallory@');
  });

  it('pages with a cursor that keeps the search', async () => {
    const dir = { db: h.db, clock: h.deps.clock, onChange: () => {} };
    for (let i = 0; i < 55; i++)
      createUser(dir, CLI_ACTOR, { userPrincipalName: `bulk${String(i).padStart(2, '0')}@contoso.test` });
    const first = await (await h.get('/directory/users?q=bulk', s)).text();
    expect(first.match(/<td class="mono"><bdi>bulk/g)).toHaveLength(50);
    const next = /href="(\/directory\/users\?[^"]+)"/.exec(first)?.[1]?.replaceAll('&amp;', '&') ?? '';
    expect(next).toContain('q=bulk');
    const second = await (await h.get(next, s)).text();
    expect(second.match(/<td class="mono"><bdi>bulk/g)).toHaveLength(5);
    expect(second).toContain('bulk54@contoso.test');
  });
});
