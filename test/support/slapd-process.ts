/**
 * The slapd process for test/support/slapd.ts: free loopback ports, a foreground slapd (`-d stats`, output
 * kept for failure messages) in its own process group, readiness by a successful bind, and a stop that waits
 * for the exit. Whatever is still running when the test process ends is killed, and its directory removed.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import { Client } from 'ldapts';

export const SLAPD = '/usr/sbin/slapd';

const running = new Set<ChildProcess>();
const dirs = new Set<string>();
// slapd runs in its own process group, so an interrupted or crashed test run must end it (and its files) itself.
function cleanUpAll(): void {
  for (const child of running) if (child.pid) killGroup(child.pid, 'SIGKILL');
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
}
process.once('exit', cleanUpAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    cleanUpAll();
    // Listening turned off the default exit; with no other listener, re-raise so the signal still ends the process.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  });
}

/** Remove this directory too if the test process ends before stop(). */
export function trackDir(dir: string): void {
  dirs.add(dir);
}
export function untrackDir(dir: string): void {
  dirs.delete(dir);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

interface Launched {
  child: ChildProcess;
  url: string;
  ldapsUrl?: string;
}

/** Start slapd on free ports; retried because a port can be taken between probing and slapd's bind. */
export async function launch(conf: string, tls: boolean, adminDn: string, password: string): Promise<Launched> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const url = `ldap://127.0.0.1:${await freePort()}`;
    const ldapsUrl = tls ? `ldaps://127.0.0.1:${await freePort()}` : undefined;
    const listen = ldapsUrl ? `${url} ${ldapsUrl}` : url;
    const child = spawn(SLAPD, ['-f', conf, '-h', listen, '-d', 'stats'], {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.add(child);
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-16_384);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    try {
      await untilBindable(child, url, adminDn, password, () => output);
      return { child, url, ...(ldapsUrl ? { ldapsUrl } : {}) };
    } catch (err) {
      await stopChild(child);
      lastError = err;
      if (!/Address already in use/i.test(output)) break;
    }
  }
  throw lastError;
}

async function untilBindable(child: ChildProcess, url: string, dn: string, pw: string, output: () => string) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`slapd exited (${child.exitCode ?? child.signalCode}) during start:\n${output()}`);
    }
    const c = new Client({ url, timeout: 2_000, connectTimeout: 1_000 });
    try {
      await c.bind(dn, pw);
      await c.unbind();
      return;
    } catch {
      await c.unbind().catch(() => undefined);
    }
    if (Date.now() > deadline) throw new Error(`slapd did not accept binds on ${url} within 15 s:\n${output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/** SIGTERM the process group, SIGKILL after 5 s; resolves once slapd has exited (mdb is then closed). */
export async function stopChild(child: ChildProcess): Promise<void> {
  running.delete(child);
  if (!child.pid || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  killGroup(child.pid, 'SIGTERM');
  const timer = setTimeout(() => child.pid && killGroup(child.pid, 'SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
