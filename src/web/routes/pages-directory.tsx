/** Directory users page with active search: full page normally, only the results block for htmx. */
import type { Hono } from 'hono';
import { DirectoryUsersPage } from '../../../views/pages/directory-users';
import { UserTable } from '../../../views/partials/user-table';
import { listUsers } from '../../directory/users';
import type { AppEnv, WebDeps } from '../env';
import { pageOrPartial } from '../htmx';

const PAGE = 50;

/** Mount /directory/users (any role may read). */
export function mountDirectoryPages(app: Hono<AppEnv>, deps: WebDeps): void {
  app.get('/directory/users', (c) => {
    const q = (c.req.query('q') ?? '').trim().slice(0, 256);
    const cursor = c.req.query('cursor') || undefined;
    const page = listUsers(deps.db, { limit: PAGE, q: q || undefined, cursor });
    return pageOrPartial(
      c,
      () => (
        <DirectoryUsersPage
          actor={c.get('actor')}
          csrfToken={c.get('session')?.csrfToken}
          users={page.items}
          q={q}
          nextCursor={page.nextCursor}
        />
      ),
      () => <UserTable users={page.items} q={q} nextCursor={page.nextCursor} />,
    );
  });
}
