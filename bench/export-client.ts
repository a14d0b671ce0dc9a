/**
 * The outside client of bench/log-export-http.ts, in its own process so that neither its reading of the CSV
 * (hundreds of MiB, lines counted) nor its /healthz timing runs on the server's event loop or counts in its
 * RSS. Forked with the server's base URL, an API token and the export path; asks GET /healthz every 50 ms
 * while it downloads the export, then sends `{ bytes, lines, secs, health }` to its parent and exits.
 */
import { performance } from 'node:perf_hooks';

const [base, token, exportPath] = process.argv.slice(2) as [string, string, string];

const health: number[] = [];
let exporting = true;
const probe = (async () => {
  while (exporting) {
    const t0 = performance.now();
    const res = await fetch(`${base}/healthz`);
    await res.text();
    health.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, 50));
  }
})();

const t0 = performance.now();
const res = await fetch(`${base}${exportPath}`, { headers: { authorization: `Bearer ${token}` } });
if (res.status !== 200 || !res.body) throw new Error(`export: HTTP ${res.status}`);
let bytes = 0;
let lines = 0;
const reader = res.body.getReader();
for (let r = await reader.read(); !r.done; r = await reader.read()) {
  bytes += r.value.length;
  for (let i = r.value.indexOf(10); i !== -1; i = r.value.indexOf(10, i + 1)) lines += 1;
}
const secs = (performance.now() - t0) / 1000;
exporting = false;
await probe;
process.send?.({ bytes, lines, secs, health }, () => process.exit(0));
