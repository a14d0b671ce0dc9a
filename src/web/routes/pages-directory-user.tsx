/**
 * One directory user: its page (viewer), and the admin forms and actions for local users: new, edit,
 * disable/enable, soft delete, restore. The use cases journal, audit and nudge the scheduler; these routes
 * parse the form, call them and render (a bad entry re-renders the form with the message next to the field).
 */
import type { Context, Hono } from 'hono';
import { DirectoryUserPage } from '../../../views/pages/directory-user';
import { DirectoryUserFormPage } from '../../../views/pages/directory-user-form';
import { type FieldErrors, fieldErrors, formText } from '../../../views/partials/field';
import {
  customField,
  customFormValues,
  isBooleanAttribute,
  type UserFormValues,
  userFormValues,
} from '../../../views/partials/user-form';
import { customAttributeNames } from '../../directory/custom-attributes';
import { sourceOf } from '../../directory/source-owner';
import { userGroups } from '../../directory/user-groups';
import { USER_ATTRIBUTES } from '../../directory/user-input';
import {
  createUser,
  type DirectoryUser,
  deleteUser,
  findUserByUpn,
  getUser,
  restoreUser,
  updateUser,
} from '../../directory/users';
import { ConflictError, ValidationError } from '../../kernel/errors';
import { userProvisioning } from '../../operate/user-provisioning';
import { requireRole } from '../auth';
import type { AppEnv, WebDeps } from '../env';
import { directoryDeps, lookupOwn } from '../request';

const NOTICES: Record<string, string> = {
  created: 'User created. Apps that provision this user pick it up on their next cycle.',
  saved: 'User saved. Apps that provision this user pick the change up on their next cycle.',
  disabled: 'User disabled. Their accounts in the apps are disabled on the next cycle.',
  enabled: 'User enabled.',
  deleted: 'User soft-deleted. Their accounts in the apps are disabled on the next cycle; you can restore them.',
  restored: 'User restored. Their accounts in the apps are enabled again on the next cycle.',
};

/**
 * The posted form as raw strings (for re-rendering) and as the use case's body (checkbox → boolean). Custom
 * attributes go as the use case's `customAttributes` object, one entry per declared name ("" clears it).
 */
async function readUserForm(c: Context<AppEnv>, deps: WebDeps, custom: readonly string[]) {
  const form = await c.req.parseBody();
  const values: UserFormValues = {};
  const body: Record<string, unknown> = {};
  for (const name of USER_ATTRIBUTES) {
    if (isBooleanAttribute(name)) {
      values[name] = form[name] ? 'on' : '';
      body[name] = Boolean(form[name]);
    } else {
      values[name] = formText(form[name]);
      body[name] = values[name];
    }
  }
  // The manager is stored as a user id; people know the UPN. An unknown UPN goes through as typed, so the use
  // case's own check puts "no directory user" next to the field.
  const manager = values.manager;
  if (manager?.includes('@')) body.manager = findUserByUpn(deps.db, manager)?.id ?? manager;
  if (custom.length > 0) {
    const submitted: Record<string, string> = {};
    for (const name of custom) {
      const key = customField(name);
      values[key] = formText(form[key]);
      submitted[name] = values[key];
    }
    body.customAttributes = submitted;
  }
  return { values, body };
}

/** The form values of a stored user, with the manager shown by UPN. */
function storedValues(deps: WebDeps, user: DirectoryUser, custom: readonly string[]): UserFormValues {
  const values = {
    ...userFormValues(user as unknown as Record<string, unknown>),
    ...customFormValues(custom, user.customAttributes),
  };
  if (values.manager) values.manager = managerOf(deps, values.manager)?.userPrincipalName ?? values.manager;
  return values;
}

function managerOf(deps: WebDeps, id: unknown): DirectoryUser | null {
  if (typeof id !== 'string' || id === '') return null;
  try {
    return getUser(deps.db, id);
  } catch {
    return null;
  }
}

/** Field errors of a refused write, or rethrow what is not the form's fault. */
function formErrors(err: unknown, custom: readonly string[]): FieldErrors {
  if (err instanceof ValidationError) {
    // A custom value's path is customAttributes.<name>; its field is customAttributes[<name>].
    const details = err.details.map((d) => ({
      ...d,
      path: d.path.replace(/^customAttributes\.([A-Za-z0-9_]+)$/, (_, n: string) => customField(n)),
    }));
    return fieldErrors(details, err.message, [...USER_ATTRIBUTES, ...custom.map(customField)]);
  }
  // The only conflict of a local user write is a taken userPrincipalName; a source-owned user names its source.
  if (err instanceof ConflictError) {
    return err.code === 'user_exists' ? { userPrincipalName: err.message } : { '': err.message };
  }
  throw err;
}

/** Mount /directory/users/new and /directory/users/:id (+ edit and actions). */
export function mountDirectoryUserPages(app: Hono<AppEnv>, deps: WebDeps): void {
  const page = (id: string) => `/directory/users/${encodeURIComponent(id)}`;
  const back = (c: Context<AppEnv>, id: string, done: string) => c.redirect(`${page(id)}?done=${done}`, 303);
  const view = {
    actor: (c: Context<AppEnv>) => c.get('actor'),
    csrf: (c: Context<AppEnv>) => c.get('session')?.csrfToken,
  };

  app.get('/directory/users/new', requireRole('admin'), (c) =>
    c.html(
      <DirectoryUserFormPage
        actor={view.actor(c)}
        csrfToken={view.csrf(c)}
        values={{ accountEnabled: 'on' }}
        custom={customAttributeNames(deps.db)}
      />,
    ),
  );

  app.post('/directory/users', requireRole('admin'), async (c) => {
    const custom = customAttributeNames(deps.db);
    const { values, body } = await readUserForm(c, deps, custom);
    try {
      const user = createUser(directoryDeps(deps), c.get('actor'), body);
      return back(c, user.id, 'created');
    } catch (err) {
      const errors = formErrors(err, custom);
      return c.html(
        <DirectoryUserFormPage
          actor={view.actor(c)}
          csrfToken={view.csrf(c)}
          values={values}
          errors={errors}
          custom={custom}
        />,
        400,
      );
    }
  });

  app.get('/directory/users/:id', (c) => {
    const user = getUser(deps.db, c.req.param('id'));
    return c.html(
      <DirectoryUserPage
        actor={view.actor(c)}
        csrfToken={view.csrf(c)}
        user={user}
        source={sourceOf(deps.db, 'user', user.id)}
        manager={managerOf(deps, (user as unknown as Record<string, unknown>).manager)}
        groups={userGroups(deps.db, user.id)}
        apps={userProvisioning(deps.db, user.id)}
        declared={customAttributeNames(deps.db)}
        notice={lookupOwn(NOTICES, c.req.query('done'))}
        canRestore
      />,
    );
  });

  app.get('/directory/users/:id/edit', requireRole('admin'), (c) => {
    const user = getUser(deps.db, c.req.param('id'));
    const custom = customAttributeNames(deps.db);
    return c.html(
      <DirectoryUserFormPage
        actor={view.actor(c)}
        csrfToken={view.csrf(c)}
        userId={user.id}
        values={storedValues(deps, user, custom)}
        custom={custom}
      />,
    );
  });

  app.post('/directory/users/:id', requireRole('admin'), async (c) => {
    const id = c.req.param('id');
    getUser(deps.db, id);
    const custom = customAttributeNames(deps.db);
    const { values, body } = await readUserForm(c, deps, custom);
    try {
      updateUser(directoryDeps(deps), c.get('actor'), id, body);
      return back(c, id, 'saved');
    } catch (err) {
      const errors = formErrors(err, custom);
      return c.html(
        <DirectoryUserFormPage
          actor={view.actor(c)}
          csrfToken={view.csrf(c)}
          userId={id}
          values={values}
          errors={errors}
          custom={custom}
        />,
        400,
      );
    }
  });

  for (const [action, enabled] of [
    ['disable', false],
    ['enable', true],
  ] as const) {
    app.post(`/directory/users/:id/${action}`, requireRole('admin'), (c) => {
      const id = c.req.param('id');
      updateUser(directoryDeps(deps), c.get('actor'), id, { accountEnabled: enabled });
      return back(c, id, `${action}d`);
    });
  }

  app.post('/directory/users/:id/delete', requireRole('admin'), (c) => {
    const id = c.req.param('id');
    deleteUser(directoryDeps(deps), c.get('actor'), id, false);
    return back(c, id, 'deleted');
  });

  app.post('/directory/users/:id/restore', requireRole('admin'), (c) => {
    const id = c.req.param('id');
    restoreUser(directoryDeps(deps), c.get('actor'), id);
    return back(c, id, 'restored');
  });
}
