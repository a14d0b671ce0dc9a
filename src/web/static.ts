/** Static assets: htmx and chart.js straight from node_modules (never a CDN), our CSS/JS from public/. */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Hono } from 'hono';
import type { AppEnv } from './env';

const require = createRequire(import.meta.url);
const PUBLIC = fileURLToPath(new URL('../../public/', import.meta.url));

// A Map: the name comes from the URL, and `/static/constructor` must be a 404, not Object.prototype.constructor.
const ASSETS: ReadonlyMap<string, { file: string; type: string }> = new Map(
  Object.entries({
    'htmx.min.js': { file: require.resolve('htmx.org/dist/htmx.min.js'), type: 'text/javascript; charset=utf-8' },
    // chart.js's exports map hides dist/*.umd.*; resolve the package entry and take its sibling.
    'chart.umd.min.js': {
      file: path.join(path.dirname(require.resolve('chart.js')), 'chart.umd.min.js'),
      type: 'text/javascript; charset=utf-8',
    },
    'app.css': { file: path.join(PUBLIC, 'app.css'), type: 'text/css; charset=utf-8' },
    'app.js': { file: path.join(PUBLIC, 'app.js'), type: 'text/javascript; charset=utf-8' },
    'charts.js': { file: path.join(PUBLIC, 'charts.js'), type: 'text/javascript; charset=utf-8' },
    // The assignment picker's chips and typeahead niceties, loaded by the picker form only.
    'assign-picker.js': { file: path.join(PUBLIC, 'assign-picker.js'), type: 'text/javascript; charset=utf-8' },
    // The provisioning-log page's own script and styles (flyout, row keys, copy buttons), loaded by that page only.
    'logs.js': { file: path.join(PUBLIC, 'logs.js'), type: 'text/javascript; charset=utf-8' },
    'logs.css': { file: path.join(PUBLIC, 'logs.css'), type: 'text/css; charset=utf-8' },
  }),
);

/** Mount /static/<name> for the fixed asset list (no path is taken from the request). */
export function mountStatic(app: Hono<AppEnv>): void {
  const cache = new Map<string, Buffer>();
  app.get('/static/:name', (c) => {
    const asset = ASSETS.get(c.req.param('name'));
    if (!asset) return c.text('Not found', 404);
    let body = cache.get(asset.file);
    if (!body) {
      body = fs.readFileSync(asset.file);
      cache.set(asset.file, body);
    }
    c.header('Content-Type', asset.type);
    c.header('Cache-Control', 'public, max-age=3600');
    return c.body(new Uint8Array(body));
  });
  app.get('/favicon.ico', (c) => c.body(null, 204));
}
