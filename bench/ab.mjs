// A/B timing of kernel builds, for kernel work: each argument is a .wasm file; every build runs
// forward, derivative and backward over the same 1M-element tensors, interleaved, repeated, and
// the medians of CPU time are printed in Gelem/s. Usage: node bench/ab.mjs build/a.wasm build/b.wasm …
// Environment: AB_SIZE, AB_ROUNDS, AB_DTYPES (f32,f64), AB_VARIANT (with AB_PARAMS, JSON, e.g. '{"a":20,"b":1}') or AB_PRESET.
import { loadZorro, presets } from '../dist/index.js';
import { cpuNow, inputs, median } from './common.mjs';

const n = Number(process.env.AB_SIZE ?? 1 << 20);
const rounds = Number(process.env.AB_ROUNDS ?? 9);
// AB_PRESET=gelu times a preset (its variant and parameters); else AB_VARIANT at its defaults.
const preset = process.env.AB_PRESET ? presets[process.env.AB_PRESET] : undefined;
if (process.env.AB_PRESET && !preset) throw new RangeError(`AB_PRESET: unknown '${process.env.AB_PRESET}'; one of ${Object.keys(presets).join(', ')}`);
const variant = preset?.variant ?? process.env.AB_VARIANT ?? 'symmetric';
const params = preset?.params ?? (process.env.AB_PARAMS ? JSON.parse(process.env.AB_PARAMS) : undefined);
const files = process.argv.slice(2);
const dtypes = (process.env.AB_DTYPES ?? 'f32,f64').split(',');
const runs = [];
for (const file of files) {
  const z = await loadZorro({ module: file });
  for (const dtype of dtypes) {
    const { x: xs, dy: dys } = inputs(n, dtype);
    const x = z.tensor(n, dtype);
    const dy = z.tensor(n, dtype);
    const out = z.tensor(n, dtype);
    x.array.set(xs);
    dy.array.set(dys);
    runs.push({ name: `${file} ${dtype} forward`, fn: () => z.forward(variant, x, params, out), times: [] });
    runs.push({ name: `${file} ${dtype} derivative`, fn: () => z.derivative(variant, x, params, out), times: [] });
    runs.push({ name: `${file} ${dtype} backward`, fn: () => z.backward(variant, x, dy, params, out), times: [] });
  }
}
const reps = Math.max(1, Math.round((1 << 23) / n));
for (let r = 0; r < rounds; r++) {
  for (const run of runs) {
    const t0 = cpuNow();
    for (let i = 0; i < reps; i++) run.fn();
    run.times.push((cpuNow() - t0) / reps);
  }
}
// Median and best round: under load from other processes the best round is the steadier figure.
for (const run of runs) {
  const best = Math.min(...run.times);
  console.log(`${(n / median(run.times) / 1e6).toFixed(3).padStart(7)} median ${(n / best / 1e6).toFixed(3).padStart(7)} best Gelem/s  ${run.name}`);
}
