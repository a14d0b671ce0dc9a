/**
 * App roles on the wire in Entra's shapes (entra.md §5.3; Microsoft's "Provisioning a role to a SCIM app"),
 * against a strict sandbox: a plain string `roles` is a 400 there, as on the targets of issue 12.
 */
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { appRoles } from '../../db/schema';
import { getApplication } from '../../src/apps/applications';
import { mappingsOf, setMappings } from '../../src/apps/mappings';
import { CLI_ACTOR } from '../../src/kernel/actor';
import { type EngineHarness, engineHarness } from '../support/engine-harness';

let h: EngineHarness;
afterEach(async () => {
  await h.close();
});

const ROLE_TYPE = 'WindowsAzureActiveDirectoryRole';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

async function setUp(target: string, expression: string) {
  h = await engineHarness({}, { strict: true });
  h.db.insert(appRoles).values({ id: 'role-admin-25', appId: h.app.id, displayName: 'Admin' }).run();
  const current = mappingsOf(getApplication(h.db, h.app.id), 'user');
  setMappings(h.appsDeps, CLI_ACTOR, h.app.id, 'user', [...current, { target, type: 'expression', expression }]);
  const user = h.addUser({ userPrincipalName: 'ada@contoso.example', displayName: 'Ada' }, 'User');
  const created = await h.cycle();
  return { user, created };
}

const userRoleId = () =>
  h.db
    .select()
    .from(appRoles)
    .where(eq(appRoles.appId, h.app.id))
    .all()
    .find((r) => r.displayName === 'User')?.id;
const postBody = () =>
  h.scim.requests.find((r) => r.method === 'POST' && r.path === '/Users')?.body as Record<string, unknown> | undefined;

/** Switch the user to Admin, run a cycle, and return the PATCH bodies sent. */
async function changeRoleToAdmin(userId: string) {
  h.scim.clearRequests();
  h.assign(userId, 'Admin');
  const cycleId = await h.cycle();
  return { cycleId, patches: h.scim.writes().map((r) => r.body) };
}

describe('SingleAppRoleAssignment', () => {
  it('creates with roles [{primary: true, type, value}] and updates with add roles [{value: role JSON}]', async () => {
    const { user, created } = await setUp(
      'roles[primary eq "True"].value',
      'SingleAppRoleAssignment([appRoleAssignments])',
    );
    expect(postBody()?.roles).toEqual([{ primary: true, type: ROLE_TYPE, value: 'User' }]);
    expect(h.logs(created)[0]?.errorReason ?? null).toBeNull();
    expect(h.logs(created)[0]).toMatchObject({ provisioningAction: 'create', status: 'success' });
    expect(h.scim.store.listUsers()).toMatchObject([{ roles: [{ primary: true, type: ROLE_TYPE, value: 'User' }] }]);

    const { cycleId, patches } = await changeRoleToAdmin(user.id);
    const json = JSON.stringify({ id: 'role-admin-25', value: 'Admin', displayName: 'Admin' });
    expect(patches).toEqual([
      { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'roles', value: [{ value: json }] }] },
    ]);
    expect(h.logs(cycleId)[0]).toMatchObject({ provisioningAction: 'update', status: 'success' });

    // Recorded under the mapped path: the next cycle has nothing to send.
    h.scim.clearRequests();
    h.update(user.id, { displayName: 'Ada L' });
    await h.cycle();
    expect(h.scim.writes().map((r) => r.body)).toEqual([
      { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'displayName', value: 'Ada L' }] },
    ]);
  });

  it('mapped to bare roles, sends the role as a primary role entry instead of "roles": "User"', async () => {
    await setUp('roles', 'SingleAppRoleAssignment([appRoleAssignments])');
    expect(postBody()?.roles).toEqual([{ primary: true, type: ROLE_TYPE, value: 'User' }]);
    expect(h.scim.store.countUsers()).toBe(1);
  });
});

describe('AppRoleAssignmentsComplex and AssertiveAppRoleAssignmentsComplex', () => {
  it('AppRoleAssignmentsComplex creates complex roles and adds the roles as JSON values on update', async () => {
    const { user } = await setUp('roles', 'AppRoleAssignmentsComplex([appRoleAssignments])');
    expect(postBody()?.roles).toEqual([{ primary: false, type: ROLE_TYPE, display: 'User', value: 'User' }]);
    expect(h.scim.store.countUsers()).toBe(1);

    const { cycleId, patches } = await changeRoleToAdmin(user.id);
    const json = JSON.stringify({ id: 'role-admin-25', value: 'Admin', displayName: 'Admin' });
    expect(patches).toEqual([
      { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'roles', value: [{ value: json }] }] },
    ]);
    expect(h.logs(cycleId)[0]).toMatchObject({ provisioningAction: 'update', status: 'success' });
    expect(userRoleId()).toBeTruthy();
  });

  it('AssertiveAppRoleAssignmentsComplex replaces the roles, so the unassigned role goes', async () => {
    const { user } = await setUp('roles', 'AssertiveAppRoleAssignmentsComplex([appRoleAssignments])');
    expect(postBody()?.roles).toEqual([{ primary: false, type: ROLE_TYPE, display: 'User', value: 'User' }]);

    const { patches } = await changeRoleToAdmin(user.id);
    const roles = [{ primary: false, type: ROLE_TYPE, display: 'Admin', value: 'Admin' }];
    expect(patches).toEqual([{ schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'roles', value: roles }] }]);
    expect(h.scim.store.listUsers()).toMatchObject([{ roles }]);
  });
});
