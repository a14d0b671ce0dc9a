/**
 * /api/v1/log-streams (issue 17): configuration is admin (a stream sends the whole log somewhere); reading is
 * for viewers, who see the sink's settings but never its secret.
 */
import type { Context, Hono } from 'hono';
import { streamView } from '../../streams/stream-view';
import {
  createStream,
  deleteStream,
  getStream,
  listStreams,
  pauseStream,
  resumeStream,
  rewindStream,
  type StreamDeps,
  type StreamRow,
  updateStream,
} from '../../streams/streams';
import { requireRole } from '../auth';
import type { AppEnv, WebDeps } from '../env';
import { readJson } from '../request';

/** The use cases' deps over the web deps: every change wakes the runner for that stream. */
export function streamDepsOf(deps: WebDeps): StreamDeps {
  return {
    db: deps.db,
    clock: deps.clock,
    secrets: deps.secrets,
    onChanged: (id) => deps.streams?.refresh(id),
  };
}

/** Mount the log streams API. */
export function mountApiLogStreams(app: Hono<AppEnv>, deps: WebDeps): void {
  const admin = requireRole('admin');
  const viewer = requireRole('viewer');
  const base = '/api/v1/log-streams';
  const sd = streamDepsOf(deps);
  const view = (row: StreamRow) => streamView(deps.db, deps.clock, row, deps.streams?.throughput(row.id) ?? 0);
  const id = (c: Context<AppEnv>) => c.req.param('id') ?? '';

  app.get(base, viewer, (c) => c.json({ items: listStreams(deps.db).map(view) }));
  app.post(base, admin, async (c) => c.json(createStream(sd, c.get('actor'), await readJson(c)), 201));
  app.get(`${base}/:id`, viewer, (c) => c.json(view(getStream(deps.db, id(c)))));
  app.patch(`${base}/:id`, admin, async (c) =>
    c.json(view(updateStream(sd, c.get('actor'), id(c), await readJson(c)))),
  );
  app.delete(`${base}/:id`, admin, (c) => {
    deleteStream(sd, c.get('actor'), id(c));
    return c.body(null, 204);
  });
  app.post(`${base}/:id/pause`, admin, (c) => c.json(view(pauseStream(sd, c.get('actor'), id(c)))));
  app.post(`${base}/:id/resume`, admin, (c) => c.json(view(resumeStream(sd, c.get('actor'), id(c)))));
  app.post(`${base}/:id/rewind`, admin, async (c) =>
    c.json(view(rewindStream(sd, c.get('actor'), id(c), await readJson(c)))),
  );
}
