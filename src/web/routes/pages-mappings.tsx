/**
 * Attribute mappings and scoping filters of an application (Application → Provisioning → Mappings), and the
 * expression tester. Every change reads the current list, modifies it and hands the WHOLE list to
 * setMappings/setScoping, which validate it — or, while provisioning is On or a draft exists, to putDraft, so
 * nothing restarts before the admin publishes (issue 15 item 7); an htmx request gets the re-rendered section back (with the
 * messages next to the fields on a ValidationError), a plain request the whole page.
 */
import type { Context, Hono } from 'hono';
import { type TesterOutcome, TesterResult } from '../../../views/partials/expression-tester';
import { EditorSlot, MappingEditor } from '../../../views/partials/mapping-editor';
import { editorErrors, mappingInput, mappingValuesFrom, mappingValuesOf } from '../../../views/partials/mapping-form';
import { movePrecedence } from '../../../views/partials/mapping-precedence';
import { withSampleValues } from '../../../views/partials/mapping-sample';
import {
  applyScopingOp,
  scopableAttributes,
  scopingDraftFrom,
  scopingErrors,
  scopingInput,
} from '../../../views/partials/scoping-form';
import { type Application, getApplication } from '../../apps/applications';
import { listAssignments } from '../../apps/assignments';
import { type DraftEdit, getDraft, putDraft } from '../../apps/mapping-drafts';
import { mappingsOf, type ObjectType, setMappings, setScoping } from '../../apps/mappings';
import { findUserByUpn } from '../../directory/users';
import { NotFoundError, ValidationError } from '../../kernel/errors';
import { mappingEnvOf } from '../../mapping/env';
import { testExpression } from '../../mapping/expression-test';
import { userSource } from '../../mapping/source';
import { requireRole } from '../auth';
import type { AppEnv, WebDeps } from '../env';
import { isHtmx } from '../htmx';
import { appsDeps } from '../request';
import { customOf, DRAFT_NOTICES, drafting, renderMappings } from './pages-mappings-render';

type Ctx = Context<AppEnv>;

function objectType(raw: string): ObjectType {
  if (raw === 'user' || raw === 'group') return raw;
  throw new NotFoundError('Object type', raw);
}

const text = (v: unknown): string => (typeof v === 'string' ? v : '');
const problems = (err: ValidationError) => err.details.map((d) => d.message).join(' ') || err.message;

/** The tester's source object: a directory user as this app would see it, then the typed sample values. */
function testerSource(deps: WebDeps, app: Application, upn: string, sample: string) {
  let base: Record<string, unknown> = {};
  if (upn) {
    const user = findUserByUpn(deps.db, upn);
    if (!user) return { ok: false as const, message: `No directory user has the UPN "${upn}"` };
    const assignment = listAssignments(deps.db, app.id).find((a) => a.principalId === user.id);
    const roles = assignment ? [assignment.role] : [];
    base = userSource(user, { inScope: app.scope === 'all' || assignment !== undefined, roles });
  }
  return withSampleValues(base, sample);
}

/** Mount the mapping pages. */
export function mountMappingPages(app: Hono<AppEnv>, deps: WebDeps): void {
  const apps = appsDeps(deps);
  // The app as its editors show it: with the draft's mappings and filters when there is a draft.
  const load = (c: Ctx) => ({
    target: getDraft(deps.db, c.req.param('id') ?? '').draft,
    type: objectType(c.req.param('type') ?? ''),
  });
  /** Save to the draft while drafting (see `drafting`), else publish at once as before; true when drafted. */
  function write(c: Ctx, appId: string, edit: DraftEdit, body: unknown): boolean {
    if (drafting(getDraft(deps.db, appId))) {
      putDraft(apps, c.get('actor'), appId, edit, body);
      return true;
    }
    (edit.kind === 'mappings' ? setMappings : setScoping)(apps, c.get('actor'), appId, edit.type, body);
    return false;
  }
  const saved = (notice: string, drafted: boolean) =>
    drafted ? `${notice.replace(/\.$/, '')} in the draft (not published).` : notice;
  const base = '/apps/:id/mappings/:type';

  /** setMappings with the whole new list; a ValidationError goes to `onInvalid`, success re-renders the table. */
  function saveList(
    c: Ctx,
    { target, type }: { target: Application; type: ObjectType },
    list: unknown[] | null,
    notice: string,
    onInvalid?: (e: ValidationError) => Response | Promise<Response>,
  ) {
    try {
      const drafted = write(c, target.id, { kind: 'mappings', type }, list);
      return renderMappings(c, deps, target.id, type, 'mappings', { mappings: { notice: saved(notice, drafted) } });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return (
        onInvalid?.(err) ??
        renderMappings(c, deps, target.id, type, 'mappings', { mappings: { error: problems(err) } }, 400)
      );
    }
  }

  // Before `${base}` routes so "test-expression" is never read as an object type. Any role: it changes nothing.
  app.post('/apps/:id/mappings/test-expression', async (c) => {
    const target = getApplication(deps.db, c.req.param('id'));
    const body = await c.req.parseBody();
    const expression = text(body.expression);
    const source = testerSource(deps, target, text(body.testUpn).trim(), text(body.testSample));
    const outcome: TesterOutcome = source.ok
      ? testExpression(expression, source.source, mappingEnvOf(deps.clock))
      : source;
    return c.html(<TesterResult outcome={outcome} expression={expression} />, outcome.ok ? 200 : 422);
  });

  app.get(base, (c) => {
    const { target, type } = load(c);
    const key = c.req.query('notice') ?? '';
    const notice = Object.hasOwn(DRAFT_NOTICES, key) ? DRAFT_NOTICES[key] : undefined;
    return renderMappings(c, deps, target.id, type, 'mappings', { notice });
  });

  app.get(`${base}/editor`, requireRole('admin'), (c) => {
    const { target, type } = load(c);
    if (!isHtmx(c)) return c.redirect(`/apps/${encodeURIComponent(target.id)}/mappings/${type}`, 303);
    const q = c.req.query();
    const props = { appId: target.id, type, custom: customOf(deps, type) };
    if (q.mappingType !== undefined) {
      const values = mappingValuesFrom(q);
      // Switching a direct mapping to an expression starts from the attribute it read.
      if (values.mappingType === 'expression' && !values.expression && values.source)
        values.expression = `[${values.source}]`;
      return c.html(<MappingEditor {...props} values={values} />);
    }
    if (q.target !== undefined) {
      const m = mappingsOf(target, type).find((x) => x.target === q.target);
      const gone = { '': `No mapping targets "${q.target}" any more; reload the page.` };
      return c.html(
        <MappingEditor {...props} values={mappingValuesOf(m)} errors={m ? undefined : gone} />,
        m ? 200 : 404,
      );
    }
    return c.html(q.new ? <MappingEditor {...props} values={mappingValuesOf(undefined)} /> : <EditorSlot />);
  });

  app.post(`${base}/save`, requireRole('admin'), async (c) => {
    const { target, type } = load(c);
    const values = mappingValuesFrom(await c.req.parseBody());
    const list = mappingsOf(target, type);
    const found = list.findIndex((m) => m.target === values.original);
    // A new mapping goes last; an edited one keeps its place (and its index in the error paths).
    const at = values.original && found >= 0 ? found : list.length;
    const next: unknown[] = [...list];
    next[at] = mappingInput(
      values,
      list.filter((_, k) => k !== at),
    );
    const editor = { appId: target.id, type, values, custom: customOf(deps, type) };
    return saveList(c, { target, type }, next, `Mapping for ${values.target} saved.`, (err) => {
      const { errors, column } = editorErrors(err.details, err.message, at);
      return renderMappings(
        c,
        deps,
        target.id,
        type,
        'mappings',
        { mappings: { editor: { ...editor, errors, column } } },
        400,
      );
    });
  });

  app.post(`${base}/delete`, requireRole('admin'), async (c) => {
    const { target, type } = load(c);
    const gone = text((await c.req.parseBody()).target);
    const list = mappingsOf(target, type).filter((m) => m.target !== gone);
    return saveList(c, { target, type }, list, `Mapping for ${gone} deleted.`);
  });

  app.post(`${base}/move`, requireRole('admin'), async (c) => {
    const { target, type } = load(c);
    const which = text((await c.req.parseBody()).target);
    return saveList(
      c,
      { target, type },
      movePrecedence(mappingsOf(target, type), which, c.req.query('dir') ?? ''),
      'Matching precedence saved.',
    );
  });

  app.post(`${base}/restore`, requireRole('admin'), (c) => saveList(c, load(c), null, 'Default mappings restored.'));

  app.post(`${base}/scoping`, requireRole('admin'), async (c) => {
    const { target, type } = load(c);
    const body = await c.req.parseBody();
    const op = text(body.op) || 'save';
    const draft = scopingDraftFrom(body);
    if (op !== 'save') {
      const next = applyScopingOp(draft, op, scopableAttributes(type, customOf(deps, type)));
      return renderMappings(c, deps, target.id, type, 'scoping', { scoping: { draft: next } });
    }
    try {
      const drafted = write(c, target.id, { kind: 'scoping', type }, scopingInput(draft));
      const notice = saved('Scoping filters saved.', drafted);
      return renderMappings(c, deps, target.id, type, 'scoping', { scoping: { notice } });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const errors = scopingErrors(err.details, err.message);
      return renderMappings(c, deps, target.id, type, 'scoping', { scoping: { draft, errors } }, 400);
    }
  });
}
