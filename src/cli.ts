/**
 * Operator CLI: `npm run provisio -- <command>`. Exit codes: 0 ok, 1 failed, 2 bad usage or input.
 *   admin create --email E [--role admin|operator|viewer]   prints a generated password once
 *   token create --name N --role R                           prints the API token once
 */
import { parseArgs } from 'node:util';
import { openDb } from '../db/client';
import { createAccount, createApiToken } from './auth/accounts';
import { CLI_ACTOR } from './auth/roles';
import { systemClock } from './clock';
import { ConfigError, loadConfig } from './config';
import { AppError } from './errors';

const USAGE = `Usage:
  npm run provisio -- admin create --email you@example.com [--role admin|operator|viewer]
  npm run provisio -- token create --name ci --role operator`;

async function run(argv: string[]): Promise<number> {
  const [noun, verb, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: { email: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' } },
    strict: true,
  });
  const config = loadConfig(process.env);
  const db = openDb(config.dbFile);
  try {
    if (noun === 'admin' && verb === 'create') {
      if (!values.email) throw new UsageError('--email is required');
      const { account, password } = await createAccount(db, systemClock, CLI_ACTOR, {
        email: values.email,
        role: values.role ?? 'admin',
      });
      process.stdout.write(`Created ${account.role} ${account.email}\nPassword (shown once): ${password}\n`);
      return 0;
    }
    if (noun === 'token' && verb === 'create') {
      if (!values.name || !values.role) throw new UsageError('--name and --role are required');
      const t = createApiToken(db, systemClock, CLI_ACTOR, { name: values.name, role: values.role });
      process.stdout.write(`Created ${t.role} token "${t.name}"\nToken (shown once): ${t.token}\n`);
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
