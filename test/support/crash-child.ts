/**
 * The process the crash test kills: opens Provisio's database file, marks cycles orphaned by the previous
 * kill (as start-up does), runs one cycle of the app to its end and exits. Prints "started" once the cycle
 * runs, so the parent knows when a kill lands mid-cycle.
 * Usage: node --import tsx test/support/crash-child.ts <db file> <base64 key> <app id>
 */
import { openDb } from '../../db/client';
import { createSecretBox } from '../../src/auth/secret-box';
import { failOrphanedCycles } from '../../src/engine/cycle/cycles-repo';
import { startCycle } from '../../src/engine/cycle/run';
import { systemClock } from '../../src/kernel/clock';
import { wireEngine } from '../../src/wiring';

const [file, key, appId] = process.argv.slice(2);
if (!file || !key || !appId) throw new Error('usage: crash-child <db file> <base64 key> <app id>');
const db = openDb(file);
const silent = { info() {}, warn() {}, error() {} };
const { engine } = wireEngine({
  db,
  clock: systemClock,
  logger: silent,
  secrets: createSecretBox(Buffer.from(key, 'base64')),
  timeoutMs: 10_000,
  retry: { baseBackoffMs: 5, maxBackoffMs: 50 },
});
failOrphanedCycles(db, systemClock.now());
const started = startCycle(engine, appId, { type: 'system', name: 'crash test' });
process.stdout.write('started\n');
await started.done;
process.stdout.write('done\n');
db.$client.close();
