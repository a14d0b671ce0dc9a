/**
 * Where a drift scan's findings go: buffered and written in chunks with the report's progress and running
 * tally, so a report over a big target neither holds its findings in memory nor shows nothing until the end.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { driftItems, driftReports } from '../../../db/schema';
import type { DriftFinding, DriftSink } from './types';

/** Findings per write; progress is written at least every this many objects read. */
const CHUNK = 200;

export type DriftTally = { orphan: number; missing: number; drifted: number; ignored: number };

export interface FindingsSink extends DriftSink {
  /** Write what is buffered; returns the tally so far. */
  flush(): DriftTally;
  objectsRead(): number;
}

/** A sink into report `reportId`; `statusOf` says whether a finding starts open or ignored. */
export function findingsSink(
  db: Db,
  reportId: string,
  signal: AbortSignal,
  statusOf: (f: DriftFinding) => 'open' | 'ignored',
): FindingsSink {
  const tally: DriftTally = { orphan: 0, missing: 0, drifted: 0, ignored: 0 };
  let buffer: (typeof driftItems.$inferInsert)[] = [];
  let seq = 0;
  let read = 0;
  let readAtFlush = 0;
  const flush = (): DriftTally => {
    const rows = buffer;
    buffer = [];
    readAtFlush = read;
    db.transaction((tx) => {
      if (rows.length > 0) tx.insert(driftItems).values(rows).run();
      tx.update(driftReports)
        .set({ progressDone: read, counts: JSON.stringify(tally) })
        .where(and(eq(driftReports.id, reportId), eq(driftReports.status, 'running')))
        .run();
    });
    return { ...tally };
  };
  return {
    signal,
    add(f) {
      const status = statusOf(f);
      if (status === 'ignored') tally.ignored += 1;
      else tally[f.kind] += 1;
      buffer.push({
        reportId,
        seq: seq++,
        ...f,
        objectType: f.objectType ?? 'user',
        attributes: JSON.stringify(f.attributes),
        status,
      });
      if (buffer.length >= CHUNK) flush();
    },
    read() {
      read += 1;
      if (read - readAtFlush >= CHUNK) flush();
    },
    flush,
    objectsRead: () => read,
  };
}
