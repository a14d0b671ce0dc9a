/**
 * Directory group writes from the pages (admin): new, edit/rename, and the member picker's suggestions
 * (viewer: a read). Mounted before the group page so /directory/groups/new is not taken for a group id.
 */
import type { Context, Hono } from 'hono';
import { DirectoryGroupFormPage } from '../../../views/pages/directory-group-form';
import { type FieldErrors, fieldErrors, formText } from '../../../views/partials/field';
import { MemberOptions } from '../../../views/partials/member-options';
import { GROUP_ATTRIBUTES } from '../../directory/group-input';
import { createGroup, getGroup, listGroups, updateGroup } from '../../directory/groups';
import { listUsers } from '../../directory/users';
import { ConflictError, ValidationError } from '../../kernel/errors';
import { requireRole } from '../auth';
import type { AppEnv, WebDeps } from '../env';
import { directoryDeps } from '../request';

const SUGGESTIONS = 10;

async function readGroupForm(c: Context<AppEnv>): Promise<Record<string, string>> {
  const form = await c.req.parseBody();
  return Object.fromEntries(GROUP_ATTRIBUTES.map((name) => [name, formText(form[name])]));
}

function formErrors(err: unknown): FieldErrors {
  if (err instanceof ValidationError) return fieldErrors(err.details, err.message, GROUP_ATTRIBUTES);
  if (err instanceof ConflictError) {
    return err.code === 'group_exists' ? { displayName: err.message } : { '': err.message };
  }
  throw err;
}

/** Mount /directory/groups/new, POST /directory/groups, /directory/groups/:id/edit and the picker. */
export function mountDirectoryGroupEditPages(app: Hono<AppEnv>, deps: WebDeps): void {
  const actor = (c: Context<AppEnv>) => c.get('actor');
  const csrf = (c: Context<AppEnv>) => c.get('session')?.csrfToken;
  const page = (id: string, done: string) => `/directory/groups/${encodeURIComponent(id)}?done=${done}`;

  app.get('/directory/groups/new', requireRole('admin'), (c) =>
    c.html(<DirectoryGroupFormPage actor={actor(c)} csrfToken={csrf(c)} values={{}} />),
  );

  app.post('/directory/groups', requireRole('admin'), async (c) => {
    const values = await readGroupForm(c);
    try {
      const group = createGroup(directoryDeps(deps), actor(c), values);
      return c.redirect(page(group.id, 'created'), 303);
    } catch (err) {
      const errors = formErrors(err);
      return c.html(
        <DirectoryGroupFormPage actor={actor(c)} csrfToken={csrf(c)} values={values} errors={errors} />,
        400,
      );
    }
  });

  app.get('/directory/groups/:id/edit', requireRole('admin'), (c) => {
    const g = getGroup(deps.db, c.req.param('id'));
    const values = { displayName: g.displayName, mailNickname: g.mailNickname ?? '', description: g.description ?? '' };
    return c.html(<DirectoryGroupFormPage actor={actor(c)} csrfToken={csrf(c)} groupId={g.id} values={values} />);
  });

  app.post('/directory/groups/:id', requireRole('admin'), async (c) => {
    const id = c.req.param('id');
    getGroup(deps.db, id);
    const values = await readGroupForm(c);
    try {
      updateGroup(directoryDeps(deps), actor(c), id, values);
      return c.redirect(page(id, 'saved'), 303);
    } catch (err) {
      const errors = formErrors(err);
      return c.html(
        <DirectoryGroupFormPage actor={actor(c)} csrfToken={csrf(c)} groupId={id} values={values} errors={errors} />,
        400,
      );
    }
  });

  // The member picker: users (by UPN, name or mail) and groups (by name) starting with what was typed.
  app.get('/directory/member-options', (c) => {
    const q = (c.req.query('member') ?? '').trim().slice(0, 256);
    if (q === '') return c.html(<MemberOptions users={[]} groups={[]} />);
    const users = listUsers(deps.db, { limit: SUGGESTIONS, q }).items.filter((u) => u.deletedAt === null);
    const groups = listGroups(deps.db, { limit: SUGGESTIONS, q }).items.filter((g) => g.deletedAt === null);
    return c.html(<MemberOptions users={users} groups={groups} />);
  });
}
