// The CI slice of `npm run accuracy`: every 1021st float32 bit pattern (4.2 M inputs spanning every
// sign, exponent, NaN payload and subnormal) through every function's float32 kernel in every build (relaxed where the engine has it),
// at the default parameters, with the same oracle, bars and region bookkeeping as the full sweep:
// the float64 kernel on the bulk (checked here against the JS reference to 2^-44 on every 32nd
// input), the JS reference itself on every special input and every kept worst case.
import { beforeAll, describe, expect, it } from 'vitest';
import { type Variant, type Zorro, VARIANTS, defaults, loadZorro, reference } from '../src/index.js';
import { BARS, SweepStats, fillPatterns, fround32, relError64, totals } from '../scripts/accuracy-core.mjs';
import { engineHasRelaxedSimd } from '../src/wasm.js';
import { ALL_VARIANTS } from './helpers.js';

const STRIDE = 1021;
const PATTERNS = Math.ceil(2 ** 32 / STRIDE);
/** The JS reference (slow) checks the float64 oracle on every 32nd strided input, and on every special. */
const ORACLE_SUBSTRIDE = 32;



const builds: Record<string, Zorro> = {};
// The relaxed build where the engine has relaxed SIMD (`npm run test:relaxed` on Node 20).
const BUILD_NAMES = engineHasRelaxedSimd() ? ['simd', 'scalar', 'relaxed'] : ['simd', 'scalar'];
beforeAll(async () => {
  builds.simd = await loadZorro({ simd: true, relaxedSimd: false });
  builds.scalar = await loadZorro({ simd: false });
  if (BUILD_NAMES.includes('relaxed')) builds.relaxed = await loadZorro({ relaxedSimd: true });
});

/** Runs `op` of `z` over x through zero-copy tensors and returns a copy of the result. */
function viaTensors(z: Zorro, op: 'forward' | 'derivative', variant: Variant, x: Float32Array | Float64Array, params: object) {
  const dtype = x instanceof Float32Array ? 'f32' : 'f64';
  const tx = z.tensor(x.length, dtype);
  const ty = z.tensor(x.length, dtype);
  tx.array.set(x);
  z[op](variant, tx, params, ty);
  const y = ty.array.slice();
  tx.free();
  ty.free();
  return y;
}

describe.each(ALL_VARIANTS)('%s: every 1021st float32 pattern at the defaults', (variant: Variant) => {
  const params = fround32(defaults[variant]);
  const x32 = new Float32Array(PATTERNS);
  const bits = new Uint32Array(x32.buffer);
  fillPatterns(bits, 0, STRIDE, PATTERNS);
  const x64 = Float64Array.from(x32);
  const isSpecial = (i: number) => (bits[i] & 0x7fffffff) < 0x00800000 || (bits[i] & 0x7fffffff) >= 0x7f800000;
  /** JS reference values on every ORACLE_SUBSTRIDE-th input and on every special input. */
  const checked = new Map<number, [number, number]>();

  beforeAll(() => {
    for (let i = 0; i < PATTERNS; i++) {
      if (i % ORACLE_SUBSTRIDE === 0 || isSpecial(i)) {
        checked.set(i, [reference.forward(variant, x64[i], params), reference.derivative(variant, x64[i], params)]);
      }
    }
  }, 60_000);

  it.each(BUILD_NAMES)('%s build: float32 kernel within the bars in every region', (buildName) => {
    const z = builds[buildName];
    // The oracle: this build's float64 kernel on the same inputs, itself checked against the reference below.
    const refY = viaTensors(z, 'forward', variant, x64, params) as Float64Array;
    const refD = viaTensors(z, 'derivative', variant, x64, params) as Float64Array;
    let oracleForward = 0;
    let oracleDerivative = 0;
    for (const [i, [ry, rd]] of checked) {
      oracleForward = Math.max(oracleForward, relError64(refY[i], ry, 2 ** -16));
      // The derivative crosses zero at each hump's peak: there the bar is relative to max(|ref|, 1).
      oracleDerivative = Math.max(oracleDerivative, relError64(refD[i], rd, 1));
      if (isSpecial(i)) {
        refY[i] = ry;
        refD[i] = rd;
      }
    }
    expect(oracleForward).toBeLessThanOrEqual(BARS.f64Relative);
    expect(oracleDerivative).toBeLessThanOrEqual(BARS.f64Relative);

    const y = viaTensors(z, 'forward', variant, x32, params) as Float32Array;
    const d = viaTensors(z, 'derivative', variant, x32, params) as Float32Array;
    const stats = new SweepStats({ VARIANTS, variant, params, maxChunk: PATTERNS });
    stats.add(x32, y, d, refY, refD, PATTERNS);
    stats.addSpecials(x32, y, d, PATTERNS);
    // Every kept worst case is re-measured against the JS reference itself.
    const summary = stats.summary((x: number) => {
      const i = x32.indexOf(x);
      return { y: y[i], d: d[i], refY: reference.forward(variant, x, params), refD: reference.derivative(variant, x, params) };
    });
    const t = totals(summary);
    const regions = summary.regions;
    const worst = Object.entries(regions)
      .map(([r, s]) => `${r}: ${JSON.stringify(s.forward.worst[0])} ${JSON.stringify(s.derivative.worst[0])}`)
      .join('\n');
    expect(t.forwardMaxUlp, worst).toBeLessThanOrEqual(BARS.forwardUlp);
    expect(t.forwardOverBar).toBe(0);
    expect(t.derivativeMaxBarRatio, worst).toBeLessThanOrEqual(1);
    expect(t.derivativeOverBar).toBe(0);
    expect(t.specialsDiffer, JSON.stringify(regions.specials.specialExamples)).toBe(0);
    for (const [region, s] of Object.entries(regions)) {
      // Every region of the u-space partition is reached by the stride.
      expect(s.count, region).toBeGreaterThan(0);
      for (const w of s.forward.worst) expect(w.forwardUlp, `${region} x=${w.x}`).toBeLessThanOrEqual(BARS.forwardUlp);
      for (const w of s.derivative.worst) expect(w.derivativeBarRatio, `${region} x=${w.x}`).toBeLessThanOrEqual(1);
    }
    expect(summary.patterns).toBe(PATTERNS);
  });
});

describe('float64 kernels on a strided sweep of float64 bit patterns', () => {
  // High words every 131071st of 2^32 (all signs and exponents), low words scrambled.
  const n = 2 ** 15;
  const x = new Float64Array(n);
  const words = new Uint32Array(x.buffer);
  for (let i = 0; i < n; i++) {
    words[2 * i + 1] = (i * 131071) >>> 0;
    words[2 * i] = Math.imul(i, 2654435761) >>> 0;
  }

  it.each(ALL_VARIANTS.flatMap((v) => BUILD_NAMES.map((b) => [v, b] as const)))('%s, %s build', (variant, buildName) => {
    const params = defaults[variant];
    const z = builds[buildName];
    const y = viaTensors(z, 'forward', variant, x, params);
    const d = viaTensors(z, 'derivative', variant, x, params);
    for (let i = 0; i < n; i++) {
      const eF = relError64(y[i], reference.forward(variant, x[i], params), 2 ** -16);
      const eD = relError64(d[i], reference.derivative(variant, x[i], params), 1);
      if (!(eF <= BARS.f64Relative && eD <= BARS.f64Relative)) {
        expect.fail(`x=${x[i]}: forward ${y[i]} (rel ${eF}), derivative ${d[i]} (rel ${eD})`);
      }
    }
  });
});
