// npm run bench: Zorro (SIMD, relaxed SIMD where the engine has it, scalar) against plain JS and
// TensorFlow.js' WASM backend (XNNPACK sigmoid, and relu as the memory-bound floor), in one
// process, interleaved: every round runs every competitor of a case once (tinybench, a batch of
// calls per sample), and the reported figure is its fastest round. Other processes share this
// machine: times are this process's CPU time (common.mjs cpuNow).
//
// BENCH_QUICK=1: fewer rounds, shorter samples, sizes 1K and 1M only (smoke runs).
// Then every member at its defaults and three fitted presets (1M float32 and float64 tensors, every build).
// Writes docs/bench.json and docs/bench.svg; prints a table of Gelem/s and ratios.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Bench } from 'tinybench';
import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { loadZorro, reference, defaults, presets, variants } from '../dist/index.js';
import { plainZorro } from './plain-zorro.mjs';
import { cpuNow, inputs, median } from './common.mjs';
import { renderChart, renderMembers, renderTable } from './chart.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

// Node 20 has relaxed SIMD behind a V8 flag: run again with it, so that the relaxed build is measured.
if (!(await loadZorro()).features.relaxedSimd && !process.env.BENCH_NO_RELAXED_FLAG) {
  const child = spawnSync(process.execPath, ['--experimental-wasm-relaxed-simd', ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, BENCH_NO_RELAXED_FLAG: '1' },
  });
  // 9: Node rejected the flag (a Node without it): carry on here without the relaxed build.
  if (child.status !== 9) process.exit(child.status ?? 1);
}
const quick = !!process.env.BENCH_QUICK;
const ROUNDS = quick ? 2 : 7; // the members' list; the main table runs 3 passes of 3 rounds
const SAMPLE_MS = quick ? 4 : 25;
const BATCH_NS = 1e6; // each tinybench iteration is a batch of calls lasting about 1 ms
const SIZES = quick ? [1024, 1 << 20] : [1024, 1 << 16, 1 << 20];
const VARIANT = 'symmetric';
const { a, b } = defaults.symmetric;

// --- competitors -----------------------------------------------------------------------------
const require = createRequire(import.meta.url);
setWasmPaths(join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/');
await tf.setBackend('wasm');
await tf.ready();

const zorros = { simd: await loadZorro({ simd: true, relaxedSimd: false }), scalar: await loadZorro({ simd: false }) };
try {
  const relaxed = await loadZorro({ relaxedSimd: true });
  if (relaxed.features.relaxedSimd) zorros.relaxed = relaxed;
} catch {
  // this engine (or this build of the package) has no relaxed SIMD: the column stays empty
}
const plain = { f32: plainZorro(Math.fround(a), Math.fround(b)), f64: plainZorro(a, b) };
checkPlain();

/** The plain-JS baseline must compute Zorro: compare it with the float64 reference first. */
function checkPlain() {
  const { x, dy } = inputs(4096, 'f64');
  const p = plain.f64;
  const y = p.forward(x, new Float64Array(x.length));
  const d = p.derivative(x, new Float64Array(x.length));
  const dx = new Float64Array(x.length);
  const grads = p.backward(x, dy, dx);
  const ref = reference.backward(VARIANT, Array.from(x), Array.from(dy), { a, b });
  const close = (u, v, what) => {
    if (!(Math.abs(u - v) <= 1e-12 * Math.max(1, Math.abs(v)))) throw new Error(`plain JS ${what}: ${u} vs reference ${v}`);
  };
  for (let i = 0; i < x.length; i++) {
    close(y[i], reference.forward(VARIANT, x[i], { a, b }), `forward(${x[i]})`);
    close(d[i], reference.derivative(VARIANT, x[i], { a, b }), `derivative(${x[i]})`);
    close(dx[i], ref.dx[i], `backward dx(${x[i]})`);
  }
  close(grads.a / x.length, ref.grads.a / x.length, 'grad a');
  close(grads.b / x.length, ref.grads.b / x.length, 'grad b');
}

/** One Zorro call of `op` on x (and dy for backward) into out. */
const zorroCall = (z, op, variant, params, x, dy, out) => (
  op === 'forward' ? () => z.forward(variant, x, params, out)
    : op === 'derivative' ? () => z.derivative(variant, x, params, out)
    : () => z.backward(variant, x, dy, params, out));

/** The calls for one case; `null` where a competitor has no such operation. */
function contenders(op, dtype, n, mode) {
  const { x: xs, dy: dys } = inputs(n, dtype);
  const list = [];
  for (const [build, z] of Object.entries(zorros)) {
    let call;
    if (mode === 'tensor') {
      const [x, dy, out] = [z.tensor(n, dtype), z.tensor(n, dtype), z.tensor(n, dtype)];
      x.array.set(xs);
      dy.array.set(dys);
      call = zorroCall(z, op, VARIANT, undefined, x, dy, out);
      list.push({ name: `zorro-${build}`, call, free: () => [x, dy, out].forEach((t) => t.free()) });
    } else {
      const out = new xs.constructor(n);
      call = zorroCall(z, op, VARIANT, undefined, xs, dys, out);
      list.push({ name: `zorro-${build}`, call });
    }
  }
  // Plain JS works on the arrays themselves: it has no copies to make in either mode.
  const p = plain[dtype];
  const out = new xs.constructor(n);
  list.push({
    name: 'plain-js',
    call: op === 'forward' ? () => p.forward(xs, out) : op === 'derivative' ? () => p.derivative(xs, out) : () => p.backward(xs, dys, out),
  });
  if (dtype === 'f32' && op === 'forward') {
    for (const fn of ['sigmoid', 'relu']) {
      if (mode === 'tensor') {
        const x = tf.tensor1d(xs);
        list.push({ name: `tfjs-${fn}`, call: () => tf[fn](x).dispose(), free: () => x.dispose() });
      } else {
        // From a Float32Array to a Float32Array: upload, compute, read back.
        list.push({
          name: `tfjs-${fn}`,
          call: () => {
            const x = tf.tensor1d(xs);
            const y = tf[fn](x);
            out.set(y.dataSync());
            x.dispose();
            y.dispose();
          },
        });
      }
    }
  }
  return list;
}

/** Calls per batch so that one batch lasts about BATCH_NS. */
function batchSize(call) {
  // Warm up first: a first call that compiles or meets a collection would otherwise set a batch of
  // one call, timed by a clock of whole microseconds (one run put the 1-element call at 3000 ns).
  for (let i = 0; i < 8; i++) call();
  let reps = 1;
  for (;;) {
    const t0 = cpuNow();
    for (let i = 0; i < reps; i++) call();
    const ns = (cpuNow() - t0) * 1e6;
    if (ns > BATCH_NS / 4 || reps > 1 << 20) return Math.max(1, Math.round((reps * BATCH_NS) / Math.max(ns, 1)));
    reps *= 4;
  }
}

/**
 * A figure is its fastest round. The VM's other tenants only ever slow a round down, for a minute
 * at a time (by up to a third, and not every kernel alike): medians over rounds moved by 10-20% with
 * that, the fastest round by 1-2%. Every competitor is treated alike.
 */
const fastest = (times) => Math.min(...times);

/** Interleaved rounds over a list of { name, call, free? }: Gelem/s and ns per call, from the fastest round. */
async function measureList(list, n, rounds = ROUNDS) {
  for (const c of list) {
    c.reps = batchSize(c.call);
    c.perCall = [];
  }
  for (let round = 0; round < rounds; round++) {
    const bench = new Bench({ time: SAMPLE_MS, iterations: 4, warmup: round === 0, now: cpuNow });
    for (const c of list) {
      bench.add(c.name, () => {
        for (let i = 0; i < c.reps; i++) c.call();
      });
    }
    await bench.run();
    for (const [i, task] of bench.tasks.entries()) list[i].perCall.push(task.result.latency.p50 / list[i].reps);
  }
  const result = {};
  for (const c of list) {
    const ms = fastest(c.perCall);
    result[c.name] = { gelemPerS: n / (ms * 1e6), nsPerCall: ms * 1e6 };
    c.free?.();
  }
  return result;
}

/** A result set as one progress line: each competitor's Gelem/s. */
const figures = (r) => Object.entries(r).map(([name, v]) => `${name} ${v.gelemPerS.toFixed(3)}`).join(', ');

/**
 * The target ratios at n elements, both figures of each from one interleaved list (the
 * fastest round of each): taken between separately measured cases they moved by up to 10% when the
 * shared machine slowed down between them.
 */
async function targetRatios(n) {
  const { x: x32, dy: dy32 } = inputs(n, 'f32');
  const { x: x64 } = inputs(n, 'f64');
  const list = [];
  const tensors = [];
  for (const [build, z] of Object.entries(zorros)) {
    if (build === 'scalar') continue;
    const [x, dy, out, x2, out2] = [z.tensor(n, 'f32'), z.tensor(n, 'f32'), z.tensor(n, 'f32'), z.tensor(n, 'f64'), z.tensor(n, 'f64')];
    x.array.set(x32);
    dy.array.set(dy32);
    x2.array.set(x64);
    tensors.push(x, dy, out, x2, out2);
    list.push({ name: `${build} forward`, call: zorroCall(z, 'forward', VARIANT, undefined, x, dy, out) });
    list.push({ name: `${build} backward`, call: zorroCall(z, 'backward', VARIANT, undefined, x, dy, out) });
    list.push({ name: `${build} f64 forward`, call: zorroCall(z, 'forward', VARIANT, undefined, x2, undefined, out2) });
  }
  const out = new Float32Array(n);
  list.push({ name: 'plain-js', call: () => plain.f32.forward(x32, out) });
  const tx = tf.tensor1d(x32);
  for (const fn of ['sigmoid', 'relu']) list.push({ name: `tfjs-${fn}`, call: () => tf[fn](tx).dispose() });
  const r = await measureList(list, n, quick ? 3 : 15);
  process.stderr.write(`targets list: ${figures(r)}\n`);
  tx.dispose();
  tensors.forEach((t) => t.free());
  /** How much faster `a` ran than `b`. */
  const faster = (a, b) => r[b].nsPerCall / r[a].nsPerCall;
  const forBuild = (build) => ({
    overTfjsSigmoid: faster(`${build} forward`, 'tfjs-sigmoid'),
    overPlainJs: faster(`${build} forward`, 'plain-js'),
    overTfjsRelu: faster(`${build} forward`, 'tfjs-relu'),
    backwardOverForward: faster(`${build} backward`, `${build} forward`),
    f64OverF32: faster(`${build} f64 forward`, `${build} forward`),
  });
  return { simd: forBuild('simd'), relaxed: zorros.relaxed ? forBuild('relaxed') : null };
}

/**
 * Every member at its defaults, and the fitted presets that users reach for first, at 1M float32
 * and float64 tensors, Zorro builds only: the defaults of Symmetric-, Sigmoid- and Tanh-Zorro run the
 * kernel's mirrored loop, Sloped-Zorro and the fitted presets its shared loop, Asymmetric-Zorro the
 * sided one (float64 too since session 17).
 * And Symmetric-Zorro at a = 20, b = 1: the speed must not depend on the parameters' values. There a
 * third of the inputs lie where the hump is below 2^-100 of its size and the middle's exponential has
 * a tiny argument; both once formed subnormal numbers, at a fifth of the speed (DESIGN, "Session 9").
 */
const MEMBERS = [
  ...variants.map((v) => ({ label: v, variant: v, params: undefined })),
  { label: 'symmetric a=20 b=1', variant: 'symmetric', params: { a: 20, b: 1 } },
  ...['gelu', 'silu', 'sigmoid'].map((name) => ({ label: `preset ${name}`, variant: presets[name].variant, params: presets[name].params })),
];
async function measureMembers(n) {
  // Every member, operation, build and float type in one interleaved list, on one set of tensors per
  // build and type: a slow minute of this shared machine then slows every row a little instead of a
  // few rows a lot. Results are keyed zorro-<build> (float32) and zorro-<build>-f64.
  const list = [];
  const tensors = [];
  for (const dtype of ['f32', 'f64']) {
    const { x: xs, dy: dys } = inputs(n, dtype);
    for (const [build, z] of Object.entries(zorros)) {
      const [x, dy, out] = [z.tensor(n, dtype), z.tensor(n, dtype), z.tensor(n, dtype)];
      x.array.set(xs);
      dy.array.set(dys);
      tensors.push(x, dy, out);
      const key = `zorro-${build}${dtype === 'f64' ? '-f64' : ''}`;
      for (const member of MEMBERS) {
        for (const op of ['forward', 'derivative', 'backward']) {
          list.push({ name: `${member.label}|${op}|${key}`, call: zorroCall(z, op, member.variant, member.params, x, dy, out) });
        }
      }
    }
  }
  const r = await measureList(list, n);
  tensors.forEach((t) => t.free());
  const rows = [];
  for (const member of MEMBERS) {
    for (const op of ['forward', 'derivative', 'backward']) {
      const results = {};
      for (const [name, v] of Object.entries(r)) {
        const [label, o, build] = name.split('|');
        if (label === member.label && o === op) results[build] = v;
      }
      rows.push({ member: member.label, op, results });
      process.stderr.write(`${member.label} ${op}: ${figures(results)}\n`);
    }
  }
  return rows;
}

// --- one-off measurements ----------------------------------------------------------------------
/**
 * The first loadZorro() in fresh Node processes (module compile included), wall and CPU time, and the
 * first call after it (a 1K float32 forward: the engine compiles its loop then): five
 * processes at the start of the run, five after the main table and five at the end, the median of all
 * fifteen, so that one slow minute of the shared machine cannot decide it.
 */
const coldRuns = [];
function coldLoads(count) {
  const script = `const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const t0 = performance.now(); const { loadZorro } = await import(${JSON.stringify(join(root, 'dist/index.js'))});
const t1 = performance.now(); const c1 = cpu(); const z = await loadZorro(); const t2 = performance.now(); const c2 = cpu();
z.forward('symmetric', new Float32Array(1024)); const t3 = performance.now();
console.log(JSON.stringify({ importMs: t1 - t0, loadMs: t2 - t1, loadCpuMs: c2 - c1, firstCallMs: t3 - t2 }));`;
  for (let i = 0; i < count; i++) {
    coldRuns.push(JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })));
  }
}
function coldLoad() {
  return {
    loadMs: median(coldRuns.map((r) => r.loadMs)),
    loadCpuMs: median(coldRuns.map((r) => r.loadCpuMs)),
    importMs: median(coldRuns.map((r) => r.importMs)),
    firstCallMs: median(coldRuns.map((r) => r.firstCallMs)),
  };
}

function wasmSizes() {
  const dir = join(root, 'build');
  const sizes = {};
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.wasm'))) sizes[f] = statSync(join(dir, f)).size;
  return sizes;
}

/**
 * Time of one forward call on an n-element float32 tensor (SIMD build), measured on its own after the
 * main cases: at n = 1 everything but the elements (validation, config, dispatch). The interleaved
 * 1K case of the main table is the first one timed and shares the process with the other competitors'
 * warm-up; this is the steadier figure for the per-call overhead.
 */
async function callTime(n) {
  const z = zorros.simd;
  const x = z.tensor(n, 'f32');
  x.array.set(inputs(n, 'f32').x);
  const out = z.tensor(n, 'f32');
  const call = () => z.forward(VARIANT, x, undefined, out);
  const reps = batchSize(call);
  const perCall = [];
  for (let round = 0; round < ROUNDS; round++) {
    const bench = new Bench({ time: SAMPLE_MS, iterations: 4, warmup: round === 0, now: cpuNow });
    bench.add(`${n} elements`, () => {
      for (let i = 0; i < reps; i++) call();
    });
    await bench.run();
    perCall.push(bench.tasks[0].result.latency.p50 / reps);
  }
  x.free();
  out.free();
  return fastest(perCall) * 1e6;
}

// --- run -----------------------------------------------------------------------------------------
// The main table in passes: each pass times every case for a few rounds, and a figure is the fastest
// of all its rounds, so that a slow minute of the shared machine, which covers a few cases of one
// pass, leaves the other passes' rounds.
const PASSES = quick ? 1 : 3;
coldLoads(quick ? 1 : 5);
const results = [];
for (const op of ['forward', 'derivative', 'backward']) {
  for (const dtype of ['f32', 'f64']) {
    for (const n of SIZES) {
      for (const mode of ['tensor', 'array']) results.push({ op, dtype, n, mode, results: {} });
    }
  }
}
for (let pass = 0; pass < PASSES; pass++) {
  for (const c of results) {
    const r = await measureList(contenders(c.op, c.dtype, c.n, c.mode), c.n, quick ? ROUNDS : 3);
    for (const [name, v] of Object.entries(r)) {
      if (!(c.results[name]?.nsPerCall <= v.nsPerCall)) c.results[name] = v;
    }
    process.stderr.write(`pass ${pass + 1}/${PASSES} ${c.op} ${c.dtype} ${c.n} ${c.mode}: ${figures(r)}\n`);
  }
}

coldLoads(quick ? 1 : 5);
const members = await measureMembers(SIZES.at(-1));

const find = (op, dtype, n, mode) => results.find((r) => r.op === op && r.dtype === dtype && r.n === n && r.mode === mode)?.results;
const big = SIZES.at(-1);
const f32Fwd = find('forward', 'f32', big, 'tensor');
const overheadNs = await callTime(1);
const callAt1KNs = await callTime(1024);
coldLoads(quick ? 1 : 5);
const load = coldLoad();
const targets = await targetRatios(big);
const summary = {
  size: big,
  simd: targets.simd,
  relaxed: targets.relaxed,
  relaxedOverSimd: zorros.relaxed ? f32Fwd['zorro-relaxed'].gelemPerS / f32Fwd['zorro-simd'].gelemPerS : null,
  callOverheadNs: overheadNs,
  callAt1KNs,
  // The per-element time at 1M taken out of a 1K call: what a small call costs beyond its elements.
  overheadAt1KNs: callAt1KNs - 1024 / f32Fwd['zorro-simd'].gelemPerS,
  coldLoadMs: load.loadMs,
  coldLoadCpuMs: load.loadCpuMs,
  importMs: load.importMs,
  coldFirstCallMs: load.firstCallMs,
  wasmBytes: wasmSizes(),
};

const cpu = cpus()[0];
const machine = {
  cpu: cpu.model.trim(),
  cores: cpus().length,
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  v8: process.versions.v8,
  platform: `${process.platform} ${process.arch}`,
};
const json = {
  date: new Date().toISOString(),
  quick,
  machine,
  method: `CPU time of this single-threaded process (process.cpuUsage), the cores being shared with other jobs; main table: ${quick ? 1 : 3} passes over every case, ${quick ? ROUNDS : 3} interleaved rounds per case and pass; members: ${ROUNDS} interleaved rounds; per round a tinybench sample of ${SAMPLE_MS} ms per competitor (its median), each iteration a ~1 ms batch of calls; each figure is its fastest round (other tenants only slow rounds down). Symmetric-Zorro at defaults, x uniform in [-6, 7) in scrambled order. The members table is one interleaved list of every member, operation and build; the summary's target ratios come from one more such list at the largest size (${quick ? 3 : 15} rounds).`,
  versions: {
    tfjs: JSON.parse(readFileSync(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'), 'utf8')).version,
    tinybench: JSON.parse(readFileSync(join(root, 'node_modules/tinybench/package.json'), 'utf8')).version,
  },
  features: Object.fromEntries(Object.entries(zorros).map(([k, z]) => [k, z.features])),
  summary,
  results,
  members,
};

// --- report --------------------------------------------------------------------------------------
const table = renderTable(results);
json.table = table;
console.log(`\nGelem/s (fastest rounds), ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}${quick ? ' [QUICK]' : ''}\n`);
console.log(table);
const membersTable = renderMembers(members);
json.membersTable = membersTable;
console.log(`\nEvery member, 1M float32 and float64 tensors (Gelem/s)\n\n${membersTable}`);
console.log('\nsummary', JSON.stringify(summary, null, 2));

if (!process.env.BENCH_NO_SAVE) {
  writeFileSync(join(root, 'docs/bench.json'), `${JSON.stringify(json, null, 2)}\n`);
  writeFileSync(join(root, 'docs/bench.svg'), renderChart(json));
  console.log('wrote docs/bench.json and docs/bench.svg');
}
