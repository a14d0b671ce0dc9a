/** The mapping editor accepts Entra's role mappings (issue 12): the primary-role path and the complex role functions. */
import { beforeEach, describe, expect, it } from 'vitest';
import { createApplication, getApplication } from '../../src/apps/applications';
import { mappingsOf } from '../../src/apps/mappings';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { type PagesHarness, pagesHarness } from './pages-harness';

let h: PagesHarness;
let base: string;
let appId: string;
const hx = { headers: { 'hx-request': 'true' } };

beforeEach(async () => {
  h = await pagesHarness();
  const app = createApplication({ db: h.db, clock: h.deps.clock, secrets: h.secrets }, CLI_ACTOR, {
    name: 'Roles app',
    template: 'scim',
    secretToken: 'token-123',
  });
  appId = app.id;
  base = `/apps/${appId}/mappings/user`;
});

const mapping = (target: string, expression: string) => ({
  original: '',
  mappingType: 'expression',
  apply: 'always',
  matching: 'no',
  target,
  expression,
});

describe('role mappings in the editor', () => {
  it.each([
    ['roles[primary eq "True"].value', 'SingleAppRoleAssignment([appRoleAssignments])'],
    ['roles', 'AppRoleAssignmentsComplex([appRoleAssignments])'],
    ['roles', 'AssertiveAppRoleAssignmentsComplex([appRoleAssignments])'],
  ])('saves %s ← %s', async (target, expression) => {
    const s = await h.signIn('admin');
    const res = await h.post(`${base}/save`, mapping(target, expression), s, hx);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(`Mapping for ${target.replaceAll('"', '&quot;')} saved.`);
    expect(mappingsOf(getApplication(h.db, appId), 'user').at(-1)).toMatchObject({ target, expression });
  });

  it('still refuses other selectors, next to the field', async () => {
    const s = await h.signIn('admin');
    const res = await h.post(`${base}/save`, mapping('roles[display eq "x"].value', '[displayName]'), s, hx);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('only [type eq &quot;...&quot;] and [primary eq &quot;True&quot;] selectors');
  });
});
