/**
 * The CSV export's formatting: raw export rows (export-rows.ts) straight into CSV text, no cell arrays or row
 * objects in between, and the work cut into slices of about SLICE_MS so that other requests (/healthz, the
 * pages, a running cycle's I/O) wait at most that long behind an export (issue 16: /healthz p99 ≤ 100 ms).
 * The text is byte for byte what csvLine over exportCells writes; a test holds the two to it.
 */
import { performance } from 'node:perf_hooks';
import { csvCell } from './csv-line';
import { scanObjectList } from './export-json';
import { COL, type ExportRow } from './export-rows';
import { rowModifiedProperties, rowSteps } from './row-json';

/** Rows per read: small enough that one read is a fraction of a slice, large enough to amortise the seek. */
export const EXPORT_READ_ROWS = 250;

/** Read and format for about this long, then hand the chunk over and let the event loop run. */
export const SLICE_MS = 12;

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  return csvCell(typeof v === 'string' ? v : String(v));
}

const STEP_KEYS = ['provisioningStepType', 'status', 'description'] as const;
const PROP_KEYS = ['displayName', 'oldValue', 'newValue'] as const;

// The same text as exportCells (csv-export.ts) writes from the parsed JSON; the scanner when it can read the
// JSON (export-json.ts), JSON.parse otherwise. An empty list needs neither.
function stepsCell(json: string): string {
  if (json === '[]') return '';
  let text = '';
  const scanned = scanObjectList(json, STEP_KEYS);
  if (scanned) for (const [type, status, description] of scanned) text += `${type}:${status}: ${description} | `;
  else for (const s of rowSteps({ steps: json })) text += `${s.provisioningStepType}:${s.status}: ${s.description} | `;
  return csvCell(text.slice(0, -3));
}

function propsCell(json: string): string {
  if (json === '[]') return '';
  let text = '';
  const scanned = scanObjectList(json, PROP_KEYS);
  if (scanned)
    for (const [name, oldValue, newValue] of scanned) text += `${name}: ${oldValue ?? ''} -> ${newValue ?? ''} | `;
  else
    for (const p of rowModifiedProperties({ modifiedProperties: json })) {
      text += `${p.displayName}: ${p.oldValue ?? ''} -> ${p.newValue ?? ''} | `;
    }
  return csvCell(text.slice(0, -3));
}

/** One export row as a CSV record (LF-terminated); `appCell` is the row's application cell, already formatted. */
export function csvRecord(r: ExportRow, appCell: string): string {
  return `${cell(r[COL.id])},${cell(new Date(r[COL.activityDateTime] as number).toISOString())},${appCell},${cell(r[COL.jobId])},${cell(r[COL.cycleId])},${cell(r[COL.provisioningAction])},${cell(r[COL.status])},${cell(r[COL.durationMs])},${cell(r[COL.initiatedByName])},${cell(r[COL.sourceId])},${cell(r[COL.sourceDisplayName])},${cell(r[COL.targetId])},${cell(r[COL.targetDisplayName])},${cell(r[COL.sourceSystem])},${cell(r[COL.targetSystem])},${cell(r[COL.errorCode])},${cell(r[COL.errorCategory])},${cell(r[COL.errorReason])},${cell(r[COL.recommendedAction])},${stepsCell(r[COL.steps] as string)},${propsCell(r[COL.modifiedProperties] as string)}\n`;
}

// Records are encoded one by one into a chunk of this size: concatenating a chunk's records into one string
// and encoding that at the end cost twice as much (flattening a long rope), a fifth of the export (issue 16).
const CHUNK_BYTES = 1 << 18;

/**
 * CSV records of every page as UTF-8 chunks (a record never straddles two), each about SLICE_MS of work or
 * CHUNK_BYTES, with an event-loop turn after each.
 */
export async function* timeSlicedCsv(
  pages: Iterable<ExportRow[]>,
  appNames: Map<string, string>,
): AsyncGenerator<Buffer> {
  const appCells = new Map<unknown, string>();
  const appCell = (id: unknown): string => {
    let c = appCells.get(id);
    if (c === undefined) {
      c = cell(appNames.get(id as string) ?? id);
      appCells.set(id, c);
    }
    return c;
  };
  let buf = Buffer.allocUnsafe(CHUNK_BYTES);
  let used = 0;
  let sliceStart = performance.now();
  // Reading a page happens in the loop's next(): it counts towards the slice like the formatting does.
  for (const rows of pages) {
    for (const r of rows) {
      const record = csvRecord(r, appCell(r[COL.appId]));
      // A UTF-16 code unit is at most 3 bytes of UTF-8.
      if (used + record.length * 3 > buf.length) {
        if (used > 0) yield buf.subarray(0, used);
        buf = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, record.length * 3));
        used = 0;
      }
      used += buf.write(record, used);
    }
    if (performance.now() - sliceStart >= SLICE_MS) {
      if (used > 0) yield buf.subarray(0, used);
      // The consumer may still hold the chunk (a socket's queue): the next one gets its own memory.
      buf = Buffer.allocUnsafe(CHUNK_BYTES);
      used = 0;
      await new Promise((r) => setImmediate(r));
      sliceStart = performance.now();
    }
  }
  if (used > 0) yield buf.subarray(0, used);
}
