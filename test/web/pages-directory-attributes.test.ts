/**
 * Directory → Attributes (issue 14): the custom user attributes page lists declared names with how many users
 * hold a value; admins declare (field errors next to the field, input kept) and remove (a name in use is
 * refused with the reason); viewers read only.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { declareCustomAttribute } from '../../src/directory/custom-attributes';
import { createUser } from '../../src/directory/users';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { systemClock } from '../../src/kernel/clock';
import { cspViolations, type PagesHarness, pagesHarness, type Session } from './pages-harness';

let h: PagesHarness;
let admin: Session;

beforeEach(async () => {
  h = await pagesHarness();
  admin = await h.signIn('admin');
});

const dirDeps = () => ({ db: h.db, clock: systemClock, onChange: () => {} });

describe('directory attributes page', () => {
  it('is the third directory tab and explains what a custom attribute is', async () => {
    const users = await (await h.get('/directory/users', admin)).text();
    expect(users).toContain('href="/directory/attributes"');
    const res = await h.get('/directory/attributes', admin);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/href="\/directory\/attributes" aria-current="page"/);
    expect(html).toContain('No custom attribute is declared yet.');
    expect(html).toContain('scoping filters');
    expect(html).toContain('Declare attribute');
    expect(cspViolations(html)).toEqual([]);
  });

  it('declares an attribute and lists it with its user count', async () => {
    const res = await h.post(
      '/directory/attributes',
      { name: 'costCenter', description: 'Finance cost center' },
      admin,
    );
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/directory/attributes?done=declared');
    createUser(dirDeps(), CLI_ACTOR, {
      userPrincipalName: 'ada@example.com',
      customAttributes: { costCenter: 'CC-1' },
    });
    const html = await (await h.get('/directory/attributes?done=declared', admin)).text();
    expect(html).toContain('Attribute declared.');
    expect(html).toContain('<bdi>costCenter</bdi></td><td><bdi>Finance cost center</bdi></td><td>1</td>');
  });

  it('shows a bad name next to the field with the input kept and an error summary', async () => {
    const res = await h.post('/directory/attributes', { name: 'department', description: 'Mine <b>x</b>' }, admin);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('<p class="field-error" id="name-error">That is a built-in attribute name</p>');
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain('value="department"');
    expect(html).toContain('value="Mine &lt;b&gt;x&lt;/b&gt;"');
    expect(html).toContain('The attribute was not declared.');
    expect(html).toContain('<a href="#name">Name</a>');

    const bad = await (await h.post('/directory/attributes', { name: '9lives', description: '' }, admin)).text();
    expect(bad).toContain('A name starts with a letter');
  });

  it('refuses a name already declared (any case), next to the field', async () => {
    await h.post('/directory/attributes', { name: 'costCenter', description: '' }, admin);
    const res = await h.post('/directory/attributes', { name: 'COSTCENTER', description: '' }, admin);
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toContain('id="name-error">A custom attribute named costCenter already exists');
    expect(html).toContain('value="COSTCENTER"');
  });

  it('removes an unused attribute and refuses one in use with the reason', async () => {
    declareCustomAttribute({ db: h.db, clock: systemClock }, CLI_ACTOR, { name: 'badge' });
    declareCustomAttribute({ db: h.db, clock: systemClock }, CLI_ACTOR, { name: 'costCenter' });
    createUser(dirDeps(), CLI_ACTOR, {
      userPrincipalName: 'ada@example.com',
      customAttributes: { costCenter: 'CC-1' },
    });
    const inUse = await h.post('/directory/attributes/costCenter/remove', {}, admin);
    expect(inUse.status).toBe(409);
    const html = await inUse.text();
    expect(html).toMatch(
      /class="alert alert-error" role="alert">Not removed: 1 user\(s\) have a value for costCenter; clear/,
    );
    const ok = await h.post('/directory/attributes/badge/remove', {}, admin);
    expect(ok.status).toBe(303);
    const after = await (await h.get('/directory/attributes?done=removed', admin)).text();
    expect(after).toContain('Attribute removed.');
    expect(after).not.toContain('<bdi>badge</bdi>');
    expect((await h.post('/directory/attributes/nope/remove', {}, admin)).status).toBe(404);
  });

  it('lets a viewer read but not declare or remove, and needs the CSRF token', async () => {
    declareCustomAttribute({ db: h.db, clock: systemClock }, CLI_ACTOR, { name: 'badge' });
    const viewer = await h.signIn('viewer');
    const html = await (await h.get('/directory/attributes', viewer)).text();
    expect(html).toContain('badge');
    expect(html).not.toContain('Declare attribute</h2>');
    expect(html).not.toContain('/remove');
    expect((await h.post('/directory/attributes', { name: 'x1' }, viewer)).status).toBe(403);
    expect((await h.post('/directory/attributes/badge/remove', {}, viewer)).status).toBe(403);
    expect((await h.post('/directory/attributes', { name: 'x1' }, admin, { csrf: false })).status).toBe(403);
  });
});
