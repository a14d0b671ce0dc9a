/**
 * Operator CLI: `npm run provisio -- <command>`. Exit codes: 0 ok, 1 failed, 2 bad usage or input.
 *   admin create --email E [--role admin|operator|viewer]   prints a generated password once
 *   token create --name N --role R                           prints the API token once
 *   logs export [--format csv|ndjson|zip] [--out F] [filters] streams the provisioning log
 *   secrets rotate-key                                       re-encrypts every secret with a new key (server stopped)
 */
import { parseArgs } from 'node:util';
import { openDb } from '../db/client';
import { createAccount, createApiToken } from './auth/accounts';
import { exportLogsCli, LOG_FILTER_FLAGS } from './cli-logs';
import { rotateKeyCli } from './cli-secrets';
import { ConfigError, loadConfig } from './config';
import { CLI_ACTOR } from './kernel/actor';
import { systemClock } from './kernel/clock';
import { AppError } from './kernel/errors';

const USAGE = `Usage:
  npm run provisio -- admin create --email you@example.com [--role admin|operator|viewer]
  npm run provisio -- token create --name ci --role operator
  npm run provisio -- logs export [--format csv|ndjson|zip] [--out file] [--app ID] [--status failure]
      [--action create] [--identity text] [--cycle ID] [--error-code CODE] [--q text] [--from ISO] [--to ISO]
  npm run provisio -- secrets rotate-key   (Provisio stopped; new key from PROVISIO_NEW_SECRET_KEY or generated)`;

async function run(argv: string[]): Promise<number> {
  const [noun, verb, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      email: { type: 'string' },
      role: { type: 'string' },
      name: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      ...Object.fromEntries(LOG_FILTER_FLAGS.map((f) => [f, { type: 'string' as const }])),
    },
    strict: true,
  });
  const config = loadConfig(process.env);
  const db = openDb(config.dbFile, {
    onTightened: (files) => {
      for (const f of files) process.stderr.write(`${f.file} was mode ${f.mode.toString(8)}; now 0600\n`);
    },
  });
  try {
    if (noun === 'admin' && verb === 'create') {
      if (!values.email) throw new UsageError('--email is required');
      const { account, password } = await createAccount(db, systemClock, CLI_ACTOR, {
        email: values.email,
        role: values.role ?? 'admin',
      });
      process.stdout.write(
        `Created ${account.role} ${account.email}\nPassword (shown once; sign in within 72 hours and choose your own): ${password}\n`,
      );
      return 0;
    }
    if (noun === 'token' && verb === 'create') {
      if (!values.name || !values.role) throw new UsageError('--name and --role are required');
      const t = createApiToken(db, systemClock, CLI_ACTOR, { name: values.name, role: values.role });
      process.stdout.write(`Created ${t.role} token "${t.name}"\nToken (shown once): ${t.token}\n`);
      return 0;
    }
    if (noun === 'logs' && verb === 'export') {
      const all = values as Record<string, string | undefined>;
      const filters = Object.fromEntries(LOG_FILTER_FLAGS.map((f) => [f, all[f]]));
      const bytes = await exportLogsCli(
        db,
        systemClock,
        { format: values.format, out: values.out, filters },
        process.stdout,
      );
      if (values.out) process.stderr.write(`Wrote ${bytes} bytes to ${values.out}\n`);
      return 0;
    }
    if (noun === 'secrets' && verb === 'rotate-key') {
      rotateKeyCli(config, db, systemClock, process.env, process.stdout);
      return 0;
    }
    throw new UsageError(`Unknown command: ${argv.join(' ') || '(none)'}`);
  } finally {
    db.$client.close();
  }
}

class UsageError extends Error {}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    const usage =
      err instanceof UsageError ||
      err instanceof ConfigError ||
      (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    process.stderr.write(`${(err as Error).message}\n${usage ? `${USAGE}\n` : ''}`);
    process.exit(usage || err instanceof AppError ? 2 : 1);
  },
);
