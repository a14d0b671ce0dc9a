// The WAL checkpointer's thread (db/checkpointer.ts). Plain CommonJS, so it loads the same under tsx, vitest
// and plain node: a worker does not inherit a TypeScript loader everywhere.
// PASSIVE copies what it can without waiting for readers or writers; it never takes the write lock, so the
// writer commits on while pages move into the database file here.
const { parentPort, workerData } = require('node:worker_threads');
const Database = require('better-sqlite3');

// better-sqlite3's SqliteError reaches the main thread as a bare {code}: a plain Error keeps its message.
function plain(fn) {
  try {
    return fn();
  } catch (err) {
    throw new Error(`${err.code ?? 'error'}: ${err.message}`);
  }
}

const db = plain(() => new Database(workerData.file, { fileMustExist: true }));
let timer = null;

function checkpoint() {
  const started = performance.now();
  const [r] = plain(() => db.pragma('wal_checkpoint(PASSIVE)'));
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
