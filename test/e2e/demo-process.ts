/**
 * The real demo process (src/main.ts --demo, as `npm run demo` starts it) for browser tests that walk the
 * product as a newcomer does: a free loopback port, the sign-in the demo prints, and a clean stop. Each test
 * gives its own directory so PROVISIO_DB and the sandbox database never touch ./data/.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium } from 'playwright-core';
import { CHROMIUM } from './e2e-harness';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface DemoProcess {
  child: ChildProcess;
  email: string;
  password: string;
  /** Milliseconds from spawn to the printed sign-in. */
  startMs: number;
  out: () => string;
}

export async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

/** Start the demo with `env` added to this process's and wait (≤ 60 s) for the sign-in it prints. */
export async function startDemo(env: Record<string, string>): Promise<DemoProcess> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', '--demo'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const signIn = await new Promise<{ email: string; password: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`demo did not start:\n${out}`)), 60_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /Sign in:\s+(\S+)\s+Password:\s+(\S+)/.exec(out);
      if (m?.[1] && m[2]) {
        clearTimeout(timer);
        resolve({ email: m[1], password: m[2] });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`demo exited with ${code}:\n${out}`)));
  });
  return { child, ...signIn, startMs: performance.now() - started, out: () => out };
}

/** SIGTERM the demo and wait for it to exit (a no-op when it already has). */
export async function stopDemo(demo: ChildProcess | undefined): Promise<void> {
  if (!demo?.pid || demo.exitCode !== null) return;
  const exited = new Promise((resolve) => demo.once('exit', resolve));
  demo.kill('SIGTERM');
  await exited;
}

/** Debian's Chromium, headless, with the flags CI needs, on a throwaway profile under `dir`. */
export function launchChromium(dir: string, extra: { ignoreHTTPSErrors?: boolean; downloads?: string } = {}) {
  return chromium.launchPersistentContext(path.join(dir, 'chromium-profile'), {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1360, height: 900 },
    ignoreHTTPSErrors: extra.ignoreHTTPSErrors,
    acceptDownloads: extra.downloads !== undefined,
    downloadsPath: extra.downloads,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  }) as Promise<BrowserContext>;
}
