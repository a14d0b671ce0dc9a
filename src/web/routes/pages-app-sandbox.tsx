/**
 * "Use the built-in sandbox" on the New application page (issue 15 item 1): an admin's POST answers the Admin
 * Credentials with the sandbox's Tenant URL and Secret Token filled in (htmx swaps just that fieldset; without
 * script the whole page comes back with what was typed). Filling the form, rather than creating the app on
 * the server, keeps one way to create an application: the admin still names it, picks the template and can
 * Test Connection before Save. The token reaches only the admin who asked, in a password field of a
 * response nothing caches; GET /apps/new never carries it.
 */
import type { Context, Hono } from 'hono';
import {
  AdminCredentials,
  NewAppPage,
  newAppValuesFrom,
  SANDBOX_FILL_PATH,
  type SandboxOffer,
} from '../../../views/pages/app-new';
import { hasRole } from '../../auth/roles';
import type { Actor } from '../../kernel/actor';
import { NotFoundError } from '../../kernel/errors';
import { requireRole } from '../auth';
import type { AppEnv, WebDeps } from '../env';
import { publicOrigin } from '../headers';
import { pageOrPartial } from '../htmx';

/** Where main.ts mounts the sandbox app. */
export const SANDBOX_SCIM_PATH = '/sandbox/scim/v2';

/** What the New application page offers: the button only when this server runs the sandbox, to admins. */
export function sandboxOffer(deps: Pick<WebDeps, 'sandboxToken'>, actor: Actor): SandboxOffer {
  return { available: deps.sandboxToken !== undefined && hasRole(actor.role, 'admin') };
}

/** Mount the sandbox fill (admin: it reveals the sandbox's token to the caller). */
export function mountNewAppSandbox(app: Hono<AppEnv>, deps: WebDeps): void {
  app.post(SANDBOX_FILL_PATH, requireRole('admin'), async (c: Context<AppEnv>) => {
    const token = deps.sandboxToken;
    if (!token) throw new NotFoundError('Built-in sandbox', '(this server runs without it)');
    // The sandbox is this server: the SCIM client reaches it at the origin browsers use.
    const origin = publicOrigin(c, deps);
    const values = {
      ...newAppValuesFrom(await c.req.parseBody()),
      tenantUrl: `${origin}${SANDBOX_SCIM_PATH}`,
      allowHttp: origin.startsWith('http:'),
    };
    const sandbox = { available: true, token: token() };
    c.header('Cache-Control', 'no-store');
    const session = { actor: c.get('actor'), csrfToken: c.get('session')?.csrfToken };
    return pageOrPartial(
      c,
      () => <NewAppPage {...session} values={values} sandbox={sandbox} />,
      () => <AdminCredentials values={values} sandbox={sandbox} />,
    );
  });
}
