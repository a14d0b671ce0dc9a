/** Directory groups pages: the searchable list, and one group with its members (admins add and remove). */
import type { Context, Hono } from 'hono';
import { DirectoryGroupPage } from '../../../views/pages/directory-group';
import { DirectoryGroupsPage } from '../../../views/pages/directory-groups';
import { type FieldErrors, fieldErrors, formText } from '../../../views/partials/field';
import { GroupTable } from '../../../views/partials/group-table';
import { assignmentsOfPrincipal } from '../../apps/assignments';
import { deleteGroup, findGroupByName, getGroup, listGroups, restoreGroup } from '../../directory/groups';
import { addMembers, groupsOf, listMembers, removeMember } from '../../directory/memberships';
import { sourceOf } from '../../directory/source-owner';
import { findUserByUpn } from '../../directory/users';
import { ConflictError, ValidationError } from '../../kernel/errors';
import { requireRole } from '../auth';
import type { AppEnv, WebDeps } from '../env';
import { pageOrPartial } from '../htmx';
import { directoryDeps, lookupOwn } from '../request';

const PAGE = 50;
const MEMBERS_PAGE = 100;
const NOTICES: Record<string, string> = {
  created: 'Group created. Assign it to an application to provision it.',
  saved: 'Group saved. Apps that provision this group pick the change up on their next cycle.',
  added: 'Member added. Apps that provision this group pick the change up on their next cycle.',
  removed: 'Member removed. Apps that provision this group pick the change up on their next cycle.',
  deleted: 'Group soft-deleted.',
  restored: 'Group restored.',
};

function groupPage(
  c: Context<AppEnv>,
  deps: WebDeps,
  id: string,
  extras: { errors?: FieldErrors; value?: string } = {},
) {
  const group = getGroup(deps.db, id);
  const offset = Math.max(0, Number.parseInt(c.req.query('offset') ?? '0', 10) || 0);
  const members = listMembers(deps.db, id, { limit: MEMBERS_PAGE, offset });
  return (
    <DirectoryGroupPage
      actor={c.get('actor')}
      csrfToken={c.get('session')?.csrfToken}
      group={group}
      members={members.items}
      offset={offset}
      nextOffset={members.nextOffset}
      memberOf={groupsOf(deps.db, id)}
      apps={assignmentsOfPrincipal(deps.db, id)}
      source={sourceOf(deps.db, 'group', id)}
      notice={lookupOwn(NOTICES, c.req.query('done'))}
      errors={extras.errors}
      value={extras.value}
    />
  );
}

/** Mount /directory/groups pages (any role reads; admins change memberships). */
export function mountDirectoryGroupPages(app: Hono<AppEnv>, deps: WebDeps): void {
  const back = (c: Context<AppEnv>, id: string, done: string) =>
    c.redirect(`/directory/groups/${encodeURIComponent(id)}?done=${done}`, 303);

  app.get('/directory/groups', (c) => {
    const q = (c.req.query('q') ?? '').trim().slice(0, 256);
    const cursor = c.req.query('cursor') || undefined;
    const page = listGroups(deps.db, { limit: PAGE, q: q || undefined, cursor });
    return pageOrPartial(
      c,
      () => (
        <DirectoryGroupsPage
          actor={c.get('actor')}
          csrfToken={c.get('session')?.csrfToken}
          groups={page.items}
          q={q}
          nextCursor={page.nextCursor}
        />
      ),
      () => <GroupTable groups={page.items} q={q} nextCursor={page.nextCursor} />,
    );
  });

  app.get('/directory/groups/:id', (c) => c.html(groupPage(c, deps, c.req.param('id'))));

  app.post('/directory/groups/:id/members', requireRole('admin'), async (c) => {
    const id = c.req.param('id');
    getGroup(deps.db, id);
    const value = formText((await c.req.parseBody()).member);
    try {
      const member =
        (value.includes('@') ? findUserByUpn(deps.db, value) : undefined) ?? findGroupByName(deps.db, value);
      if (!member) {
        const message = value ? `No user with UPN or group named "${value}"` : 'Enter a UPN or a group name';
        throw new ValidationError(message, [{ path: 'member', message }]);
      }
      addMembers(directoryDeps(deps), c.get('actor'), id, { memberIds: [member.id] });
    } catch (err) {
      // A nesting loop is a conflict, but on this form it is just a wrong entry: show it next to the field.
      if (!(err instanceof ValidationError || err instanceof ConflictError)) throw err;
      const details = err instanceof ValidationError ? err.details : [{ path: 'member', message: err.message }];
      return c.html(groupPage(c, deps, id, { errors: fieldErrors(details, err.message, ['member']), value }), 400);
    }
    return back(c, id, 'added');
  });

  app.post('/directory/groups/:id/members/:memberId/remove', requireRole('admin'), (c) => {
    const id = c.req.param('id');
    removeMember(directoryDeps(deps), c.get('actor'), id, c.req.param('memberId'));
    return back(c, id, 'removed');
  });

  app.post('/directory/groups/:id/delete', requireRole('admin'), (c) => {
    const id = c.req.param('id');
    deleteGroup(directoryDeps(deps), c.get('actor'), id, false);
    return back(c, id, 'deleted');
  });

  app.post('/directory/groups/:id/restore', requireRole('admin'), (c) => {
    const id = c.req.param('id');
    restoreGroup(directoryDeps(deps), c.get('actor'), id);
    return back(c, id, 'restored');
  });
}
