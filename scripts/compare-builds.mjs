#!/usr/bin/env node
// Kernel work: are two builds' results the same, bit for bit? Usage:
//   node scripts/compare-builds.mjs before.wasm after.wasm      (relaxed builds: node --experimental-wasm-relaxed-simd …)
// Every variant at every sweep parameter set and every preset, float32 and float64, forward,
// derivative and backward (dx and every gradient sum), on random bit patterns, a dense range around
// the humps, and the special values (the gradient sums also over the finite inputs and the range
// alone: over all of them they are NaN). Prints each case whose outputs differ (how many, and the
// largest difference); exit status 1 when any does. COMPARE_SIZE sets the random inputs per case.
// COMPARE_ALL=1 instead sends every float32 bit pattern through the float32 forward and derivative
// of every variant at every sweep parameter set, and reports where outputs differ and the largest
// magnitude either build gives there: a change that only moves outputs far below 2^-16 leaves
// every ULP figure of the accuracy sweeps as it was (ZORRO.md floors ULPs at 2^-16).
// COMPARE_CASES=regex keeps the cases whose label matches (e.g. '^(tanh|sloped)/'), to split a long
// COMPARE_ALL run across processes.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { defaults, loadZorro, presets, variants } from '../dist/index.js';
import { sweepParamSets } from './accuracy-core.mjs';

const [before, after] = process.argv.slice(2);
if (!before || !after) throw new TypeError('usage: node scripts/compare-builds.mjs before.wasm after.wasm');
const n = Number(process.env.COMPARE_SIZE ?? 1 << 18);
const builds = await Promise.all([before, after].map((file) => loadZorro({ module: pathToFileURL(resolve(file)) })));
if (builds[0].features.relaxedSimd !== builds[1].features.relaxedSimd) throw new RangeError('compare builds of one kind: one is relaxed, the other is not');

const cases = [];
for (const variant of variants) {
  for (const [name, params] of Object.entries(sweepParamSets(variant, defaults))) cases.push({ label: `${variant}/${name}`, variant, params });
}
for (const [name, p] of Object.entries(presets)) cases.push({ label: `preset ${name}`, variant: p.variant, params: p.params });
if (process.env.COMPARE_CASES) {
  const keep = new RegExp(process.env.COMPARE_CASES);
  cases.splice(0, cases.length, ...cases.filter((c) => keep.test(c.label)));
  if (cases.length === 0) throw new RangeError(`COMPARE_CASES: no case label matches ${keep}`);
}

/** Random bit patterns (every sign and exponent), uniform in [−12, 14), then the specials. */
function inputs(dtype) {
  const Array_ = dtype === 'f32' ? Float32Array : Float64Array;
  const specials = [NaN, Infinity, -Infinity, 0, -0, 1, -1, 0.5, -3e38, 3e38, 1e-45, -1e-45, 1e-310, -1e-310, Number.MAX_VALUE, -Number.MAX_VALUE];
  const x = new Array_(2 * n + specials.length);
  const bits = dtype === 'f32' ? new Uint32Array(x.buffer, 0, n) : new Uint32Array(x.buffer, 0, 2 * n);
  let state = 0x2545f491;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return state >>> 0;
  };
  for (let i = 0; i < bits.length; i++) bits[i] = next();
  for (let i = n; i < 2 * n; i++) x[i] = -12 + 26 * (next() / 2 ** 32);
  x.set(specials, 2 * n);
  const dy = new Array_(x.length);
  for (let i = 0; i < dy.length; i++) dy[i] = -2 + 4 * (next() / 2 ** 32);
  return { x, dy };
}

/** Bit for bit: ±0 apart, every NaN alike. */
const same = (u, v) => Object.is(u, v) || (Number.isNaN(u) && Number.isNaN(v));

if (process.env.COMPARE_ALL) {
  const chunk = 1 << 20;
  const tensors = builds.map((z) => ({ x: z.tensor(chunk, 'f32'), y: z.tensor(chunk, 'f32'), d: z.tensor(chunk, 'f32') }));
  let any = false;
  for (const { label, variant, params } of cases.filter((c) => !c.label.startsWith('preset'))) {
    let count = 0;
    let largest = 0;
    let at = NaN;
    for (let first = 0; first < 2 ** 32; first += chunk) {
      const outputs = tensors.map(({ x, y, d }, k) => {
        const bits = new Uint32Array(x.array.buffer, x.array.byteOffset, chunk);
        for (let i = 0; i < chunk; i++) bits[i] = first + i;
        builds[k].forward(variant, x, params, y);
        builds[k].derivative(variant, x, params, d);
        return [y.array, d.array];
      });
      const xs = tensors[0].x.array;
      for (const o of [0, 1]) {
        const [u, v] = [outputs[0][o], outputs[1][o]];
        for (let i = 0; i < chunk; i++) {
          if (same(u[i], v[i])) continue;
          count++;
          const m = Math.max(Math.abs(u[i]), Math.abs(v[i]));
          if (!(m <= largest)) { largest = m; at = xs[i]; }
        }
      }
    }
    any ||= count > 0;
    console.log(`${label}: ${count} of 2^33 outputs differ${count ? `, the largest ${largest.toExponential(3)} (at x = ${at})` : ''}`);
  }
  process.exit(any ? 1 : 0);
}

/**
 * The backward's sums over every input are NaN (the random patterns hold NaNs), so they are also
 * compared over the finite inputs and over the dense range alone, where they are numbers.
 */
function sumSets(x, dy) {
  const pick = (keep) => {
    const at = [];
    for (let i = 0; i < x.length; i++) if (keep(i)) at.push(i);
    const Array_ = x.constructor;
    return { x: Array_.from(at, (i) => x[i]), dy: Array_.from(at, (i) => dy[i]) };
  };
  return { finite: pick((i) => Number.isFinite(x[i])), range: pick((i) => i >= n && i < 2 * n) };
}

let differing = 0;
for (const dtype of ['f32', 'f64']) {
  const { x, dy } = inputs(dtype);
  const sets = sumSets(x, dy);
  for (const { label, variant, params } of cases) {
    const [a, b] = builds.map((z) => ({
      forward: z.forward(variant, x, params),
      derivative: z.derivative(variant, x, params),
      backward: z.backward(variant, x, dy, params),
      finite: z.backward(variant, sets.finite.x, sets.finite.dy, params).grads,
      range: z.backward(variant, sets.range.x, sets.range.dy, params).grads,
    }));
    const report = [];
    for (const op of ['forward', 'derivative', 'dx']) {
      const u = op === 'dx' ? a.backward.dx : a[op];
      const v = op === 'dx' ? b.backward.dx : b[op];
      let count = 0;
      let worst = 0;
      for (let i = 0; i < u.length; i++) {
        if (same(u[i], v[i])) continue;
        count++;
        worst = Math.max(worst, Math.abs(u[i] - v[i]) / Math.max(Math.abs(u[i]), 2 ** -16));
      }
      if (count) report.push(`${op} ${count} differ (largest ${worst.toExponential(2)} relative)`);
    }
    for (const set of ['backward', 'finite', 'range']) {
      const grads = set === 'backward' ? a.backward.grads : a[set];
      const other = set === 'backward' ? b.backward.grads : b[set];
      for (const [p, g] of Object.entries(grads)) {
        const h = other[p];
        const where = set === 'backward' ? 'all inputs' : `${set} inputs`;
        if (!same(g, h)) report.push(`grad ${p} (${where}) ${g} vs ${h} (${(Math.abs(g - h) / Math.abs(g)).toExponential(2)} relative)`);
      }
    }
    if (report.length) {
      differing++;
      console.log(`${dtype} ${label}: ${report.join('; ')}`);
    }
  }
}
console.log(differing ? `${differing} cases differ` : `identical: ${cases.length} cases × 2 dtypes, ${2 * n + 16} inputs each`);
process.exit(differing ? 1 : 0);
