/** Where the service puts its files: beside PROVISIO_DB unless a file's own variable says otherwise. */
import { describe, expect, it } from 'vitest';
import { demoEnv, loadConfig } from '../../src/config';

describe('file locations', () => {
  it.each<[string, Record<string, string>, string, string]>([
    ['the demo defaults', {}, 'data/demo.db', 'data/demo-sandbox.db'],
    [
      'PROVISIO_DB moves the sandbox too',
      { PROVISIO_DB: '/srv/p/demo.db' },
      '/srv/p/demo.db',
      '/srv/p/demo-sandbox.db',
    ],
    ['a bare file name keeps both in the working directory', { PROVISIO_DB: 'x.db' }, 'x.db', 'demo-sandbox.db'],
    [
      'PROVISIO_SANDBOX_DB wins',
      { PROVISIO_DB: '/srv/p/demo.db', PROVISIO_SANDBOX_DB: '/tmp/s.db' },
      '/srv/p/demo.db',
      '/tmp/s.db',
    ],
  ])('demo: %s', (_name, env, db, sandbox) => {
    const config = loadConfig(demoEnv(env));
    expect(config.sandbox).toBe(true);
    expect(config.dbFile.replace(/^\.\//, '')).toBe(db);
    expect(config.sandboxDbFile.replace(/^\.\//, '')).toBe(sandbox);
  });

  it.each<[string, string, string]>([
    ['/srv/p/provisio.db', '/srv/p', '/srv/p/sandbox.db'],
    ['provisio.db', '.', './sandbox.db'],
    ['./data/provisio.db', './data', './data/sandbox.db'],
  ])('%s keeps its data dir %s and the sandbox at %s', (dbFile, dataDir, sandbox) => {
    const config = loadConfig({ PROVISIO_DB: dbFile });
    expect(config.dataDir).toBe(dataDir);
    expect(config.sandboxDbFile).toBe(sandbox);
  });
});
