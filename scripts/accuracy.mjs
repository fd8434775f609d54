#!/usr/bin/env node
// npm run accuracy [-- options]: every float32 bit pattern (or every stride-th) through each
// function's float32 kernel, forward and derivative, against an oracle, per region; writes
// docs/accuracy.json and docs/ACCURACY.md. Results accumulate across runs (keyed by
// function/build/params), so a long sweep can be done in pieces.
//
// Oracle: the library's own float64 kernel on the same float32 inputs and float32-rounded
// parameters, which is first checked against the JS float64 reference on a strided sweep
// (every 1021st pattern) to 2^-44 relative; every special input (NaN, ±Inf, ±0, subnormal) and
// every kept worst case is measured against the JS reference itself. See docs/ACCURACY.md.
//
// Options:
//   --functions=symmetric,sigmoid   (default: all five)
//   --builds=simd,scalar,relaxed    (default: simd,scalar; relaxed needs an engine with relaxed
//                                   SIMD: Node 20 with --experimental-wasm-relaxed-simd)
//   --params=default,large-ab,negative-b,split-sides (default: all; split-sides is Asymmetric-Zorro's only)
//   --stride=N                      every N-th pattern (default 1: all 2^32); N odd covers all residues
//   --oracle-stride=1021            stride of the float64 kernel's check against the JS reference
//   --chunk=65536                   elements per kernel call
//   --out=docs                      where accuracy.json / ACCURACY.md go
//   --fresh                         discard earlier results instead of accumulating
//   --markdown-only                 regenerate ACCURACY.md (and the README table) from accuracy.json
//   --oracle-only                   run only the float64 kernel's check against the JS reference and
//                                   replace each swept entry's "oracle" with it (after a change to the
//                                   float64 kernel that leaves the float32 kernels' outputs as they are)
//   --merge=other/accuracy.json     fold another run's entries in (finer strides win), e.g. a parallel run
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VARIANTS, defaults, loadZorro, reference, variants } from '../dist/index.js';
import {
  BARS, REGIONS, REGION_LABELS, SweepStats, fillPatterns, fround32, relError64, sweepParamSets, totals,
} from './accuracy-core.mjs';
import { renderMarkdown, renderReadmeTable } from './accuracy-report.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = Object.fromEntries(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, '').split('=');
    return [k, v ?? true];
  }),
);
const list = (value, all, what) => {
  const picked = value ? String(value).split(',') : all;
  for (const p of picked) if (!all.includes(p)) throw new RangeError(`--${what}: unknown '${p}'; one of ${all.join(', ')}`);
  return picked;
};
const PARAM_SET_NAMES = [...new Set(variants.flatMap((v) => Object.keys(sweepParamSets(v, defaults))))];
const functions = list(args.functions, variants, 'functions');
const builds = list(args.builds, ['simd', 'scalar', 'relaxed'], 'builds');
const paramSetNames = list(args.params, PARAM_SET_NAMES, 'params');
const stride = Number(args.stride ?? 1);
const chunk = Number(args.chunk ?? 1 << 16);
if (!(Number.isInteger(stride) && stride >= 1)) throw new RangeError(`--stride must be a positive integer; got ${args.stride}`);
if (!(Number.isInteger(chunk) && chunk >= 1024 && chunk <= 1 << 20)) throw new RangeError(`--chunk must be 1024..2^20; got ${args.chunk}`);
// --out is relative to the repository (or absolute); it is created when missing, before the sweep starts.
const outDir = resolve(root, String(args.out ?? 'docs'));
mkdirSync(outDir, { recursive: true });
const jsonPath = join(outDir, 'accuracy.json');
const mdPath = join(outDir, 'ACCURACY.md');
const readmePath = join(root, 'README.md');

const TOTAL = 2 ** 32;
/** The oracle check's stride: prime, so it walks through every exponent and sign. */
const ORACLE_STRIDE = Number(args['oracle-stride'] ?? 1021);
if (!(Number.isInteger(ORACLE_STRIDE) && ORACLE_STRIDE >= 1)) throw new RangeError(`--oracle-stride must be a positive integer; got ${args['oracle-stride']}`);

function loadResults() {
  if (args.fresh || !existsSync(jsonPath)) return { bars: BARS, regions: REGION_LABELS, entries: {} };
  return JSON.parse(readFileSync(jsonPath, 'utf8'));
}

function writeResults(results) {
  results.bars = BARS;
  results.regions = REGION_LABELS;
  results.generated = new Date().toISOString();
  writeFileSync(jsonPath, `${JSON.stringify(results, (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 1)}\n`);
  writeFileSync(mdPath, renderMarkdown(results));
  const readme = readFileSync(readmePath, 'utf8');
  const marker = /(<!-- section: accuracy -->\n)[\s\S]*?(<!-- \/section: accuracy -->)/;
  if (!args.out && marker.test(readme)) writeFileSync(readmePath, readme.replace(marker, `$1${renderReadmeTable(results)}$2`));
}

const fmtTime = (s) => (s >= 3600 ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m` : s >= 60 ? `${Math.floor(s / 60)}m${String(Math.floor(s % 60)).padStart(2, '0')}s` : `${s.toFixed(0)}s`);

function progress(label, done, total, startedAt, overall) {
  if (!process.stderr.isTTY && done !== total && done % (chunk * 256) !== 0) return;
  const elapsed = (performance.now() - startedAt) / 1000;
  const fraction = done / total;
  const width = 30;
  const bar = '#'.repeat(Math.round(fraction * width)).padEnd(width, '.');
  const eta = fraction > 0 ? (elapsed / fraction) * (1 - fraction) : NaN;
  const rate = done / Math.max(elapsed, 1e-9) / 1e6;
  const line = `${label} [${bar}] ${(fraction * 100).toFixed(1)}% ${rate.toFixed(1)}M/s ETA ${Number.isFinite(eta) ? fmtTime(eta) : '?'} ${overall}`;
  if (process.stderr.isTTY) process.stderr.write(`\r${line.padEnd(110)}`);
  else process.stderr.write(`${line}\n`);
}

/** The float64 kernel against the JS reference on every 1021st float32 pattern: the oracle's own check. */
function checkOracle(z, variant, params, buffers) {
  const { x32, x64, y64, d64 } = buffers;
  const bits = new Uint32Array(x32.buffer, x32.byteOffset, x32.length);
  let worstForward = 0;
  let worstDerivative = 0;
  let worstAt = null;
  let checked = 0;
  const n = x32.length;
  for (let start = 0; start * ORACLE_STRIDE < TOTAL; start += n) {
    const count = Math.min(n, Math.ceil(TOTAL / ORACLE_STRIDE) - start);
    fillPatterns(bits, start * ORACLE_STRIDE, ORACLE_STRIDE, count);
    x64.set(x32);
    z.forward(variant, buffers.tx64, params, buffers.ty64);
    z.derivative(variant, buffers.tx64, params, buffers.td64);
    for (let i = 0; i < count; i++) {
      const x = x64[i];
      const eF = relError64(y64[i], reference.forward(variant, x, params), 2 ** -16);
      const eD = relError64(d64[i], reference.derivative(variant, x, params), 1);
      if (eF > worstForward) { worstForward = eF; worstAt = x; }
      if (eD > worstDerivative) worstDerivative = eD;
    }
    checked += count;
  }
  return { checked, stride: ORACLE_STRIDE, forwardRelative: worstForward, derivativeRelative: worstDerivative, worstForwardAt: worstAt };
}

const isSpecialBits = (b) => (b & 0x7fffffff) < 0x00800000 || (b & 0x7fffffff) >= 0x7f800000;

function sweepBuffers(z) {
  const t = {
    tx32: z.tensor(chunk, 'f32'), ty32: z.tensor(chunk, 'f32'), td32: z.tensor(chunk, 'f32'),
    tx64: z.tensor(chunk, 'f64'), ty64: z.tensor(chunk, 'f64'), td64: z.tensor(chunk, 'f64'),
  };
  return { t, buffers: { ...t, x32: t.tx32.array, y32: t.ty32.array, d32: t.td32.array, x64: t.tx64.array, y64: t.ty64.array, d64: t.td64.array } };
}

/** checkOracle, timed, with a warning over the bar. */
function timedOracle(z, variant, params, buffers) {
  const oracleStarted = performance.now();
  const oracle = checkOracle(z, variant, params, buffers);
  oracle.seconds = (performance.now() - oracleStarted) / 1000;
  process.stderr.write(`oracle check ${oracle.seconds.toFixed(1)} s\n`);
  if (!(oracle.forwardRelative <= BARS.f64Relative && oracle.derivativeRelative <= BARS.f64Relative)) {
    process.stderr.write(`\nwarning: float64 oracle for ${variant} exceeds 2^-44 (${oracle.forwardRelative}, ${oracle.derivativeRelative})\n`);
  }
  return oracle;
}

/** --oracle-only: the oracle check of one swept entry, run again on today's float64 kernel. */
function recheckOracle(z, variant, paramSetName) {
  const params = fround32(sweepParamSets(variant, defaults)[paramSetName]);
  const { t, buffers } = sweepBuffers(z);
  const oracle = timedOracle(z, variant, params, buffers);
  for (const v of Object.values(t)) v.free();
  return { ...oracle, rerun: new Date().toISOString() };
}

async function sweepOne(z, variant, paramSetName, label, overall) {
  const params = fround32(sweepParamSets(variant, defaults)[paramSetName]);
  const { t, buffers } = sweepBuffers(z);
  const oracle = timedOracle(z, variant, params, buffers);
  const { x32, y32, d32, x64, y64, d64 } = buffers;
  const bits = new Uint32Array(x32.buffer, x32.byteOffset, chunk);
  const stats = new SweepStats({ VARIANTS, variant, params, maxChunk: chunk });
  const patterns = Math.ceil(TOTAL / stride);
  const startedAt = performance.now();
  for (let done = 0; done < patterns; done += chunk) {
    const n = Math.min(chunk, patterns - done);
    const first = (done * stride) >>> 0;
    fillPatterns(bits, first, stride, n);
    x64.set(x32);
    z.forward(variant, t.tx32, params, t.ty32);
    z.derivative(variant, t.tx32, params, t.td32);
    z.forward(variant, t.tx64, params, t.ty64);
    z.derivative(variant, t.tx64, params, t.td64);
    // Specials are judged by the JS reference itself, not the float64 kernel.
    const last = (first + (n - 1) * stride) >>> 0;
    if (stride !== 1 || isSpecialBits(first) || isSpecialBits(last)) {
      for (let i = 0; i < n; i++) {
        if (!isSpecialBits(bits[i])) continue;
        y64[i] = reference.forward(variant, x64[i], params);
        d64[i] = reference.derivative(variant, x64[i], params);
      }
    }
    stats.add(x32, y32, d32, y64, d64, n);
    stats.addSpecials(x32, y32, d32, n);
    progress(label, done + n, patterns, startedAt, overall);
  }
  const seconds = (performance.now() - startedAt) / 1000;
  for (const v of Object.values(t)) v.free();
  const one32 = new Float32Array(1);
  const recheck = (x) => {
    one32[0] = x;
    return {
      y: z.forward(variant, one32, params)[0], d: z.derivative(variant, one32, params)[0],
      refY: reference.forward(variant, x, params), refD: reference.derivative(variant, x, params),
    };
  };
  const summary = stats.summary(recheck);
  return { variant, build: z.features.relaxedSimd ? 'relaxed' : z.features.simd ? 'simd' : 'scalar', paramSet: paramSetName, params, stride, patterns, coverage: patterns / TOTAL, seconds, oracle, totals: totals(summary), ...summary };
}

/** A finer sweep is never replaced by a coarser one. */
function keepFiner(results, key, entry) {
  const previous = results.entries[key];
  if (!previous || previous.stride >= entry.stride) results.entries[key] = entry;
}

async function main() {
  const results = loadResults();
  if (args['markdown-only']) return writeResults(results);
  if (args.merge) {
    for (const [key, entry] of Object.entries(JSON.parse(readFileSync(String(args.merge), 'utf8')).entries)) keepFiner(results, key, entry);
    return writeResults(results);
  }
  const jobs = [];
  for (const p of paramSetNames) for (const b of builds) for (const f of functions) if (sweepParamSets(f, defaults)[p]) jobs.push({ f, b, p });
  const instances = {};
  // Explicit options: under the relaxed-SIMD flag a plain { simd: true } would load the relaxed build.
  const buildOptions = { simd: { simd: true, relaxedSimd: false }, scalar: { simd: false }, relaxed: { relaxedSimd: true } };
  for (const b of builds) instances[b] = await loadZorro(buildOptions[b]);
  process.stderr.write(`accuracy sweep: ${jobs.length} jobs, stride ${stride} (${Math.ceil(TOTAL / stride)} patterns each)\n`);
  const runStarted = performance.now();
  for (const [k, { f, b, p }] of jobs.entries()) {
    const label = `${f}/${b}/${p}`.padEnd(28);
    if (args['oracle-only']) {
      const entry = results.entries[`${f}/${b}/${p}`];
      if (!entry) continue;
      process.stderr.write(`${label} `);
      entry.oracle = recheckOracle(instances[b], f, p);
      writeResults(results);
      continue;
    }
    const elapsed = (performance.now() - runStarted) / 1000;
    const overall = k > 0 ? `job ${k + 1}/${jobs.length}, all ETA ${fmtTime((elapsed / k) * (jobs.length - k))}` : `job 1/${jobs.length}`;
    const entry = await sweepOne(instances[b], f, p, label, overall);
    const key = `${f}/${b}/${p}`;
    keepFiner(results, key, entry);
    writeResults(results);
    const tt = entry.totals;
    process.stderr.write(
      `\n${key}: forward ${tt.forwardMaxUlp.toPrecision(3)} ULP (${tt.forwardOverBar} over), derivative ${tt.derivativeMaxUlp.toPrecision(3)} ULP, bar ratio ${tt.derivativeMaxBarRatio.toPrecision(3)} (${tt.derivativeOverBar} over), specials differ ${tt.specialsDiffer}; ${entry.seconds.toFixed(0)} s\n`,
    );
  }
}

await main();
