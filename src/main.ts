/**
 * Composition root: config → db → app → server → scheduler, and graceful shutdown.
 * `--demo` seeds demo data against the built-in sandbox SCIM app; `--reset` starts the demo over.
 */
import fs from 'node:fs';
import { serve } from '@hono/node-server';
import { startCheckpointer } from '../db/checkpointer';
import { openDb } from '../db/client';
import { createApp } from './app';
import { countAccounts } from './auth/accounts';
import { createSecretBox, resolveSecretKey } from './auth/secret-box';
import { ConfigError, demoEnv, loadConfig } from './config';
import { seedDemo } from './demo/seed';
import { systemClock } from './kernel/clock';
import { startDurationOrder } from './log/duration-order-job';
import { startRetention } from './log/retention-job';
import { createLogger } from './logger';
import { createMetrics } from './metrics';
import { smtpHost } from './notify/mailer';
import { createNotifier } from './notify/notifier';
import { resolveMailer } from './notify/smtp-settings';
import { appHealth } from './operate/health';
import { createSandboxApp } from './sandbox/app';
import { openSandboxStore } from './sandbox/store';
import { trustedCas } from './scim/ca-fetch';
import { streamLags } from './streams/stream-view';
import { wireAlerts, wireEngine, wireWeb } from './wiring';

async function main(): Promise<void> {
  const args = new Set(process.argv.slice(2));
  const demo = args.has('--demo');
  const env = demo ? demoEnv(process.env) : process.env;
  const config = loadConfig(env);
  // The demo on a terminal reads as lines; `npm start` (and a demo piped to a file) stays JSON.
  const logger = createLogger(config.logLevel, undefined, { pretty: demo && process.stdout.isTTY === true });
  if (demo && args.has('--reset')) {
    for (const f of [config.dbFile, config.sandboxDbFile])
      for (const s of ['', '-wal', '-shm']) fs.rmSync(f + s, { force: true });
    logger.info({ db: config.dbFile }, 'demo reset: database removed');
  }
  // Database files are private (0600); one left readable by others by an older version is fixed and said so.
  const tightened = (files: { file: string; mode: number }[]) =>
    logger.warn({ files: files.map((f) => `${f.file} (was ${f.mode.toString(8)})`) }, 'file mode tightened to 0600');
  const db = openDb(config.dbFile, { onTightened: tightened });
  // WAL checkpoints on their own thread, not inside the commits of the thread that answers HTTP.
  const checkpointer = startCheckpointer(db, config.dbFile, {
    onError: (err) => logger.error({ err }, 'WAL checkpoint thread failed: the writer checkpoints itself from now on'),
  });
  // The duration sort's order, kept close behind the log writer in sorted batches (log/duration-order.ts).
  const durationOrder = startDurationOrder(db, logger);
  const secrets = createSecretBox(resolveSecretKey(config.secretKey, config.dataDir));
  const sandboxStore = config.sandbox ? openSandboxStore(config.sandboxDbFile, { onTightened: tightened }) : null;
  const metrics = createMetrics();
  metrics.watchWal(() => checkpointer?.stats() ?? null);
  metrics.watchApps(() => appHealth(db));
  metrics.watchStreams(() => streamLags(db, systemClock));
  const smtpEnv = { url: config.smtpUrl, from: config.smtpFrom };
  if (config.smtpUrl) logger.info({ smtp: smtpHost(config.smtpUrl) }, 'notification mail set by PROVISIO_SMTP_URL');
  const mailer = () => resolveMailer(db, secrets, smtpEnv);
  // Links in mails need an absolute URL; without PROVISIO_PUBLIC_URL they point at the listening address.
  const publicUrl =
    config.publicUrl ?? `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port}`;
  const notifier = createNotifier({ db, clock: systemClock, logger, mailer, publicUrl });
  // PROVISIO_CA_FILE: extra trusted CAs for SCIM targets (verification itself is never turned off).
  const extraCa = config.caFile ? { ca: trustedCas(config.caFile) } : {};
  const alerts = wireAlerts({ db, clock: systemClock, logger, secrets, mailer, publicUrl });
  const { scheduler, engine } = wireEngine({
    ...{ db, clock: systemClock, logger, secrets, metrics, notifier, ...extraCa },
    onCycleEnd: (appId) => alerts.afterCycle(appId),
  });
  const web = wireWeb(engine, scheduler, {
    secrets,
    config,
    sandbox: sandboxStore ? createSandboxApp({ store: sandboxStore }) : undefined,
    sandboxToken: sandboxStore ? () => sandboxStore.token() : undefined,
    metrics,
    smtpEnv,
    streamMetrics: metrics,
    alerts,
  });
  const app = createApp(web);

  // Set once the server listens; shutdown may come before that.
  let stopRetention = () => {};
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, async (info) => {
    const url = config.publicUrl ?? `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${info.port}`;
    logger.info({ url, db: config.dbFile, sandbox: config.sandbox }, 'Provisio is listening');
    scheduler.start();
    web.sourceRunner.start();
    alerts.start();
    web.streamRunner.start();
    stopRetention = startRetention({ db, clock: systemClock, logger });
    if (demo && sandboxStore) {
      const signIn = await seedDemo({ db, secrets, clock: systemClock, logger, scheduler, sandboxStore, baseUrl: url });
      process.stdout.write(
        `\n  Provisio demo is running.\n\n  Dashboard: ${url}/\n  Sign in:   ${signIn.email}\n  Password:  ${signIn.password}\n\n` +
          // A newcomer connects a second app to the sandbox with these (the demo only; npm start prints no secret).
          `  Built-in sandbox SCIM app, for a second application:\n  Tenant URL:   ${url}/sandbox/scim/v2\n` +
          `  Secret Token: ${sandboxStore.token()}\n\n  (npm run demo -- --reset starts over)\n\n`,
      );
    } else if (countAccounts(db) === 0) {
      logger.warn(
        'No accounts yet. Create the first admin with: npm run provisio -- admin create --email you@example.com' +
          (config.adminToken ? ' (the API already accepts PROVISIO_ADMIN_TOKEN)' : ''),
      );
    }
  });

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down: stopping the scheduler, finishing requests');
    stopRetention();
    await web.sourceRunner.stop();
    await alerts.stop();
    await web.streamRunner.stop();
    await scheduler.stop();
    await notifier.settled();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    sandboxStore?.close();
    await durationOrder.stop();
    await checkpointer?.stop();
    db.$client.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`Provisio failed to start: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
