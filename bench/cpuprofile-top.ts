/**
 * Summarise a V8 .cpuprofile: the top functions by self time and by total time (self plus callees, each
 * sample counted once per function even under recursion), aggregated by function name + file.
 * Usage: node --import tsx bench/cpuprofile-top.ts <file.cpuprofile> [top=10]
 */
import { readFileSync } from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

const [file, topArg] = process.argv.slice(2);
if (!file) throw new Error('usage: cpuprofile-top.ts <file.cpuprofile> [top]');
const top = Number(topArg ?? 10);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const key = (n: Node) => {
  const url = n.callFrame.url.replace(/^file:\/\/.*?\/(node_modules|src|db|bench)\//, '$1/');
  return `${n.callFrame.functionName || '(anonymous)'} ${url}${url ? `:${n.callFrame.lineNumber + 1}` : ''}`;
};

const self = new Map<string, number>();
const total = new Map<string, number>();
let all = 0;
profile.samples.forEach((id, i) => {
  const us = profile.timeDeltas[i] ?? 0;
  all += us;
  const leaf = byId.get(id);
  if (!leaf) return;
  self.set(key(leaf), (self.get(key(leaf)) ?? 0) + us);
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const node = byId.get(cur);
    if (!node) break;
    const k = key(node);
    if (seen.has(k)) continue;
    seen.add(k);
    total.set(k, (total.get(k) ?? 0) + us);
  }
});

const print = (title: string, m: Map<string, number>, skip: (k: string) => boolean) => {
  console.log(`${title} (of ${(all / 1000).toFixed(0)} ms sampled)`);
  const rows = [...m].filter(([k]) => !skip(k)).sort((a, b) => b[1] - a[1]);
  for (const [k, us] of rows.slice(0, top))
    console.log(`  ${(us / 1000).toFixed(0).padStart(7)} ms ${((100 * us) / all).toFixed(1).padStart(5)} %  ${k}`);
};
print('self time', self, () => false);
// Roots and event-loop plumbing are 100 % by construction; leave them out of the total-time table.
print('total time', total, (k) =>
  /^\((root|program|idle|garbage collector)\)|^processTicksAndRejections|^listOnTimeout|^processTimers/.test(k),
);
