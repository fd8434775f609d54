#!/usr/bin/env node
// Copies the last `npm run bench` (docs/bench.json) into the README: the run's line (date, machine,
// versions), the main table, the targets table and the members table, each between its
// <!-- bench:NAME --> and <!-- /bench:NAME --> markers. The prose around them is written by hand.
// Usage: node scripts/readme-bench.mjs  (after npm run bench; --check: exit 1 if the README differs)
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bench = JSON.parse(readFileSync(join(root, 'docs/bench.json'), 'utf8'));
if (bench.quick) throw new RangeError('docs/bench.json is a BENCH_QUICK smoke run: run npm run bench first');

const { summary: s, machine: m } = bench;
const times = (v, digits = 2) => `${v.toFixed(digits)}×`;
/** One row of the targets table: both builds' figures and whether each meets the target. */
function target(label, key, bar, barText, format) {
  const builds = [['SIMD', s.simd], ['relaxed', s.relaxed]].filter(([, r]) => r);
  const met = builds.filter(([, r]) => r[key] >= bar).map(([name]) => name);
  const verdict = met.length === builds.length ? 'met'
    : met.length === 0 ? '**not met**'
    : `met by the ${met.join(', ')} build, **not** by the ${builds.map(([n]) => n).filter((n) => !met.includes(n)).join(', ')}`;
  return `| ${label} | ${builds.map(([, r]) => format(r[key])).join(' | ')} | ≥ ${barText} — ${verdict} |`;
}
const targets = [
  `| at 1M float32, tensors | SIMD build | relaxed build | target |`,
  `|---|---|---|---|`,
  target('Zorro forward / tfjs-wasm sigmoid', 'overTfjsSigmoid', 1, '1.0×', (v) => times(v)),
  target('Zorro forward / plain JS', 'overPlainJs', 10, '10×', (v) => times(v, 1)),
  target('backward / forward', 'backwardOverForward', 0.5, '0.5', (v) => v.toFixed(3)),
  target('float64 / float32 forward', 'f64OverF32', 0.4, '0.4', (v) => v.toFixed(3)),
].join('\n');
const run = `Measured with \`npm run bench\` on ${bench.date.slice(0, 10)}: ${m.cpu}, ${m.cores} cores, Node ${m.node} (V8 ${m.v8}), `
  + `\`@tensorflow/tfjs-backend-wasm\` ${bench.versions.tfjs}, tinybench ${bench.versions.tinybench}.`;

const sections = { run, table: bench.table, targets, members: bench.membersTable };
const path = join(root, 'README.md');
const before = readFileSync(path, 'utf8');
let after = before;
for (const [name, text] of Object.entries(sections)) {
  const open = `<!-- bench:${name} -->`;
  const close = `<!-- /bench:${name} -->`;
  const start = after.indexOf(open);
  const end = after.indexOf(close);
  if (start < 0 || end < start) throw new RangeError(`README.md has no ${open} … ${close} block`);
  after = `${after.slice(0, start + open.length)}\n${text.trim()}\n${after.slice(end)}`;
}
if (process.argv.includes('--check')) {
  if (after !== before) {
    console.error('README.md: the benchmark tables differ from docs/bench.json (node scripts/readme-bench.mjs)');
    process.exit(1);
  }
} else if (after !== before) {
  writeFileSync(path, after);
  console.log('README.md: benchmark tables updated from docs/bench.json');
}
