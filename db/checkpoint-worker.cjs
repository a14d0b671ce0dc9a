// The WAL checkpointer's thread (db/checkpointer.ts). Plain CommonJS, so it loads the same under tsx, vitest
// and plain node: a worker does not inherit a TypeScript loader everywhere.
// PASSIVE copies what it can without waiting for readers or writers; it never takes the write lock, so the
// writer commits on while pages move into the database file here.
const { parentPort, workerData } = require('node:worker_threads');
const Database = require('better-sqlite3');

const db = new Database(workerData.file, { fileMustExist: true });
let timer = null;

function checkpoint() {
  const started = performance.now();
  const [r] = db.pragma('wal_checkpoint(PASSIVE)');
  parentPort.postMessage({
    busy: r.busy === 1,
    walFrames: r.log,
    checkpointed: r.checkpointed,
    ms: performance.now() - started,
  });
  timer = setTimeout(checkpoint, workerData.intervalMs);
}

parentPort.on('message', (m) => {
  if (m !== 'stop') return;
  clearTimeout(timer);
  db.close();
  parentPort.close();
});
checkpoint();
