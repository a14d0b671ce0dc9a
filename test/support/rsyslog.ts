/**
 * A real rsyslog (Debian's rsyslogd) on a loopback port for the log stream tests: imtcp with octet-counted
 * framing, every message written raw to a file in its own temp directory. No system daemon is involved.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const RSYSLOGD = '/usr/sbin/rsyslogd';

export async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

async function waitListening(port: number, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect({ host: '127.0.0.1', port }, () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`rsyslogd did not listen on ${port}`);
}

export interface Rsyslog {
  port: number;
  outFile: string;
  start(): Promise<void>;
  /** Signal (SIGTERM by default: rsyslog flushes its queue on a clean stop; SIGKILL: a crash) and wait for exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  lines(): string[];
  cleanup(): Promise<void>;
}

export async function createRsyslog(): Promise<Rsyslog> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'provisio-rsyslog-'));
  const port = await freePort();
  const outFile = path.join(dir, 'out.log');
  const conf = path.join(dir, 'rsyslog.conf');
  fs.writeFileSync(
    conf,
    [
      `global(workDirectory="${dir}" maxMessageSize="64k")`,
      'module(load="imtcp")',
      `template(name="raw" type="string" string="%rawmsg%\\n")`,
      'ruleset(name="streams") {',
      `  action(type="omfile" file="${outFile}" template="raw")`,
      '}',
      `input(type="imtcp" address="127.0.0.1" port="${port}" ruleset="streams" supportOctetCountedFraming="on")`,
      '',
    ].join('\n'),
  );
  let child: ChildProcess | null = null;
  const r: Rsyslog = {
    port,
    outFile,
    async start() {
      child = spawn(RSYSLOGD, ['-n', '-f', conf, '-i', path.join(dir, 'rsyslogd.pid')], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let err = '';
      child.stderr?.on('data', (d) => {
        err += d;
      });
      child.once('exit', (code) => {
        if (code && code !== 0) process.stderr.write(`rsyslogd exited ${code}: ${err}\n`);
      });
      await waitListening(port);
    },
    async stop(signal = 'SIGTERM') {
      const c = child;
      child = null;
      if (!c || c.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        c.once('exit', () => resolve());
        c.kill(signal);
      });
    },
    lines() {
      return fs.existsSync(outFile) ? fs.readFileSync(outFile, 'utf8').split('\n').filter(Boolean) : [];
    },
    async cleanup() {
      await r.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return r;
}
