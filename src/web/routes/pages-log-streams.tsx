/**
 * Settings → Log streams (issue 17): the list for anyone signed in, create / pause / resume / rewind / delete
 * for admins through CSRF forms (the same use cases as the API). A refused form comes back with what was
 * typed, except the secret, and each message beside its field.
 */
import type { Context, Hono } from 'hono';
import { LogStreamsPage } from '../../../views/pages/log-streams';
import { type FieldErrors, formText } from '../../../views/partials/field';
import { blankStreamForm, type StreamFormValues } from '../../../views/partials/log-stream-form';
import { AppError, ValidationError } from '../../kernel/errors';
import { streamView } from '../../streams/stream-view';
import {
  createStream,
  deleteStream,
  getStream,
  listStreams,
  pauseStream,
  resumeStream,
  rewindStream,
} from '../../streams/streams';
import { requireRole } from '../auth';
import type { AppEnv, WebDeps } from '../env';
import { streamDepsOf } from './api-log-streams';

const BASE = '/settings/log-streams';
const list = (v: string) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** The API body a form stands for: only the chosen sink's fields, an empty filter list left out. */
export function streamBodyFromForm(v: StreamFormValues, secret: string) {
  const s = secret || undefined;
  const sink =
    v.sinkType === 'syslog'
      ? { type: 'syslog', host: v.host, port: Number(v.port), tls: v.tls, caFile: v.caFile || undefined }
      : v.sinkType === 'hec'
        ? { type: 'hec', url: v.url, token: secret }
        : v.sinkType === 'bulk'
          ? { type: 'bulk', url: v.url, index: v.index, username: v.username || undefined, password: s }
          : { type: v.sinkType, url: v.url, secret: s };
  const filter = Object.fromEntries(
    (['appIds', 'statuses', 'actions'] as const).map((k) => [k, list(v[k])] as const).filter(([, l]) => l.length > 0),
  );
  return { name: v.name, log: v.log, sink, filter };
}

const SECRET_KEYS = new Set(['token', 'password', 'secret']);

/** API paths (sink.host, filter.appIds) → the form's field names. */
export function streamFieldErrors(details: readonly { path: string; message: string }[]): FieldErrors {
  const out: FieldErrors = {};
  for (const d of details) {
    const [head, leaf] = d.path.split('.');
    let key = head ?? '';
    if ((head === 'sink' || head === 'filter') && leaf) key = SECRET_KEYS.has(leaf) ? 'secret' : leaf;
    else if (head === 'sink') key = 'sinkType';
    else if (!['name', 'log'].includes(key)) key = '';
    if (!(key in out)) out[key] = key ? d.message : `${d.path} ${d.message}`;
  }
  return out;
}

function formValues(body: Record<string, unknown>): StreamFormValues {
  const b = blankStreamForm();
  const out = { ...b };
  for (const k of Object.keys(b) as (keyof StreamFormValues)[]) if (k !== 'tls') (out[k] as string) = formText(body[k]);
  out.tls = body.tls === '1';
  return out;
}

export function mountLogStreamPages(app: Hono<AppEnv>, deps: WebDeps): void {
  const admin = requireRole('admin');
  const sd = streamDepsOf(deps);
  const page = (
    c: Context<AppEnv>,
    extra: { notice?: string; form?: { values: StreamFormValues; errors?: FieldErrors } } = {},
    status: 200 | 400 | 409 = 200,
  ) =>
    c.html(
      <LogStreamsPage
        actor={c.get('actor')}
        csrf={c.get('session')?.csrfToken ?? ''}
        streams={listStreams(deps.db).map((r) =>
          streamView(deps.db, deps.clock, r, deps.streams?.throughput(r.id) ?? 0),
        )}
        notice={extra.notice}
        form={extra.form ?? { values: blankStreamForm() }}
      />,
      status,
    );

  app.get(BASE, requireRole('viewer'), (c) =>
    page(c, { notice: c.req.query('notice') ? NOTICES[c.req.query('notice') ?? ''] : undefined }),
  );

  app.post(BASE, admin, async (c) => {
    const body = (await c.req.parseBody()) as Record<string, unknown>;
    const values = formValues(body);
    try {
      createStream(sd, c.get('actor'), streamBodyFromForm(values, typeof body.secret === 'string' ? body.secret : ''));
      return c.redirect(`${BASE}?notice=created`, 303);
    } catch (err) {
      if (err instanceof ValidationError)
        return page(c, { form: { values, errors: streamFieldErrors(err.details) } }, 400);
      if (err instanceof AppError && err.code === 'stream_exists')
        return page(c, { form: { values, errors: { name: err.message } } }, 409);
      throw err;
    }
  });

  const act = (path: string, run: (c: Context<AppEnv>, id: string) => unknown | Promise<unknown>, notice: string) =>
    app.post(`${BASE}/:id/${path}`, admin, async (c) => {
      const id = c.req.param('id') ?? '';
      getStream(deps.db, id);
      await run(c, id);
      return c.redirect(`${BASE}?notice=${notice}`, 303);
    });
  act('pause', (c, id) => pauseStream(sd, c.get('actor'), id), 'paused');
  act('resume', (c, id) => resumeStream(sd, c.get('actor'), id), 'resumed');
  act('delete', (c, id) => deleteStream(sd, c.get('actor'), id), 'deleted');
  act(
    'rewind',
    async (c, id) => {
      const from = formText((await c.req.parseBody()).from);
      // datetime-local has no zone (the page says UTC) and may leave out the seconds.
      const iso = /^\d{4}-\d\d-\d\dT\d\d:\d\d$/.test(from)
        ? `${from}:00Z`
        : /Z|[+-]\d\d:\d\d$/.test(from)
          ? from
          : `${from}Z`;
      rewindStream(sd, c.get('actor'), id, { from: iso });
    },
    'rewound',
  );
}

const NOTICES: Record<string, string> = {
  created: 'Log stream created; it starts with the oldest row of its log.',
  paused: 'Log stream paused; its cursor stays where it is.',
  resumed: 'Log stream resumed.',
  rewound: 'Log stream rewound; rows from that time are delivered again.',
  deleted: 'Log stream deleted.',
};
