/**
 * Benchmark (issue 17): a backlog of N provisioning-log rows (default 100,000) drained by one log stream to a
 * local TCP syslog sink (a loopback server that parses the RFC 6587 octet-counted frames and counts them), and
 * the same to a real rsyslog writing a file when /usr/sbin/rsyslogd exists. Prints rows/s for each page size.
 * Usage: node --import tsx bench/log-stream.ts [rows]
 */
import fs from 'node:fs';
import net from 'node:net';
import { CLI_ACTOR } from '../src/kernel/actor';
import { systemClock } from '../src/kernel/clock';
import { StreamRunner } from '../src/streams/runner';
import { createStream, getStream } from '../src/streams/streams';
import { createRsyslog, RSYSLOGD } from '../test/support/rsyslog';
import { seedLogRows } from '../test/support/stream-rows';
import { benchDb } from './support';

const n = Number(process.argv[2] ?? 100_000);
const logger = { info() {}, warn() {}, error() {} };

/** A syslog receiver that only frames and counts: the sink's own cost, not a receiver's disk. */
async function countingSink(): Promise<{ port: number; count: () => number; close: () => void }> {
  let frames = 0;
  const srv = net.createServer((s) => {
    let buf = Buffer.alloc(0);
    s.on('data', (d) => {
      buf = buf.length ? Buffer.concat([buf, d]) : d;
      for (;;) {
        const sp = buf.indexOf(0x20);
        if (sp < 0) break;
        const len = Number(buf.subarray(0, sp).toString('ascii'));
        if (buf.length < sp + 1 + len) break;
        frames++;
        buf = buf.subarray(sp + 1 + len);
      }
    });
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return { port: (srv.address() as net.AddressInfo).port, count: () => frames, close: () => srv.close() };
}

async function drain(label: string, port: number, pageSize: number, received: () => number): Promise<void> {
  const { db, secrets } = benchDb();
  seedLogRows(db, n);
  const { id } = createStream({ db, clock: systemClock, secrets }, CLI_ACTOR, {
    name: 'bench',
    log: 'provisioning',
    sink: { type: 'syslog', host: '127.0.0.1', port },
  });
  const runner = new StreamRunner({ db, clock: systemClock, logger, secrets, pageSize });
  const before = received();
  const t0 = performance.now();
  await runner.runOnce(id);
  const sent = performance.now() - t0;
  while (received() - before < n) await new Promise((r) => setTimeout(r, 5));
  const all = performance.now() - t0;
  if (getStream(db, id).cursor !== n) throw new Error('cursor not at the head');
  console.log(
    `${label} page ${pageSize}: ${n} rows sent in ${(sent / 1000).toFixed(2)} s, received in ${(all / 1000).toFixed(2)} s → ${Math.round(n / (all / 1000)).toLocaleString('en')} rows/s`,
  );
  await runner.stop();
  db.$client.close();
}

const sink = await countingSink();
for (const size of [500, 1000, 2000]) await drain('counting TCP sink', sink.port, size, sink.count);
sink.close();

if (fs.existsSync(RSYSLOGD)) {
  const r = await createRsyslog();
  await r.start();
  const lines = () =>
    fs.existsSync(r.outFile) ? fs.readFileSync(r.outFile).toString('latin1').split('\n').length - 1 : 0;
  await drain('rsyslog (imtcp → file)', r.port, 1000, lines);
  await r.cleanup();
}
