/**
 * "Users and groups" on the application page: the picker's typeahead fragment, its form (Search without
 * script, or Assign the ticked users and groups with one role), and Remove. Admins write; the typeahead is
 * a read any signed-in role may make.
 */
import type { Hono } from 'hono';
import { CandidateResults, type PickerValues } from '../../../views/partials/assignment-picker';
import { type FieldErrors, formText as text } from '../../../views/partials/field';
import { assignPrincipals } from '../../apps/assign-many';
import { describePrincipals, searchCandidates } from '../../apps/assignment-candidates';
import { unassignPrincipal } from '../../apps/assignments';
import { findGroupByName } from '../../directory/groups';
import { findUserByUpn, listUsers } from '../../directory/users';
import { ConflictError, ValidationError } from '../../kernel/errors';
import { requireRole } from '../auth';
import type { AppEnv, WebDeps } from '../env';
import { isHtmx } from '../htmx';
import { directoryDeps } from '../request';
import { appPage, backToApp } from './app-page';

type Body = Record<string, string | File | (string | File)[]>;

/** Every `principalId` the form sent (ticked results and chips), each once. */
function chosenIds(body: Body): string[] {
  const raw = body.principalId;
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return [...new Set(list.flatMap((v) => (typeof v === 'string' && v.trim() ? [v.trim()] : [])))].slice(0, 1000);
}

/**
 * An exact UPN, email or group name typed and submitted without ticking anything (the old form's way, kept
 * for keyboards and scripts): the one principal it names, if any.
 */
function exactPrincipal(deps: WebDeps, value: string): string | undefined {
  if (!value) return undefined;
  const user = findUserByUpn(deps.db, value);
  if (user) return user.id;
  const lower = value.toLowerCase();
  const byMail = listUsers(deps.db, { limit: 50, q: value }).items.find((u) => u.mail?.toLowerCase() === lower);
  return byMail?.id ?? findGroupByName(deps.db, value)?.id;
}

/** A refusal of the use case → messages for the picker's fields, or null when it is not the admin's to fix. */
function pickerErrors(err: unknown): FieldErrors | null {
  if (err instanceof ConflictError && err.code === 'already_assigned') return { pick: err.message };
  if (!(err instanceof ValidationError)) return null;
  const role = err.details.find((d) => d.path === 'role');
  if (role) return { role: err.message };
  return { pick: err.message };
}

/** Mount the assignment routes of the application page. */
export function mountAppAssignPages(app: Hono<AppEnv>, deps: WebDeps): void {
  // The typeahead: results as ticked/unticked boxes (the chips' ids are sent so chosen ones stay ticked).
  app.get('/apps/:id/assignment-candidates', (c) => {
    const id = c.req.param('id');
    if (!isHtmx(c)) return c.redirect(`/apps/${encodeURIComponent(id)}#users`, 303);
    const q = (c.req.query('pick') ?? '').trim().slice(0, 200);
    const list = searchCandidates(deps.db, id, { q });
    return c.html(<CandidateResults q={q} list={list} chosen={new Set(c.req.queries('principalId') ?? [])} />);
  });

  app.post('/apps/:id/assignments', requireRole('admin'), async (c) => {
    const id = c.req.param('id');
    const body = (await c.req.parseBody({ all: true })) as Body;
    // `upn` is the field's name in forms and scripts written before the picker.
    const pick = (text(body.pick) || text(body.upn)).slice(0, 200);
    const role = text(body.role) || 'User';
    let ids = chosenIds(body);
    const rerender = (errors: FieldErrors | undefined, status: 200 | 400, withResults: boolean) => {
      const values: PickerValues = {
        pick,
        role,
        chosen: describePrincipals(deps.db, ids),
        results: withResults ? searchCandidates(deps.db, id, { q: pick }) : undefined,
      };
      return c.html(appPage(c, deps, id, { assignErrors: errors, assignValues: values }), status);
    };
    if (text(body.do) === 'search') return rerender(undefined, 200, true);
    if (ids.length === 0) {
      const exact = exactPrincipal(deps, pick);
      if (!exact) {
        const message = pick
          ? `No directory user has the UPN or email "${pick}", and no group has that name. Tick users or groups in the search results.`
          : 'Choose at least one user or group: type part of a name, then tick it in the results.';
        return rerender({ pick: message }, 400, Boolean(pick));
      }
      ids = [exact];
    }
    try {
      assignPrincipals(directoryDeps(deps), c.get('actor'), id, { principalIds: ids, role });
    } catch (err) {
      const errors = pickerErrors(err);
      if (!errors) throw err;
      return rerender(errors, 400, Boolean(pick));
    }
    return backToApp(c, id, 'assigned', '#users');
  });

  app.post('/apps/:id/assignments/:principalId/remove', requireRole('admin'), (c) => {
    const id = c.req.param('id');
    unassignPrincipal(directoryDeps(deps), c.get('actor'), id, c.req.param('principalId'));
    return backToApp(c, id, 'unassigned', '#users');
  });
}
