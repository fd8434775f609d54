// Every build × dtype × function × parameter set against the float64 reference, on inputs that
// cover the joints (with neighbouring floats), humps, tails, zeros, subnormals, NaN and ±∞.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Variant, type Zorro, loadZorro, reference } from '../src/index.js';
import { BARS } from '../scripts/accuracy-core.mjs';
import { engineHasRelaxedSimd } from '../src/wasm.js';
import {
  ALL_VARIANTS, type AnyParams, describeParams, inputGrid, paramSets, relError64, ulp32, ulpError32,
} from './helpers.js';

/** The bars (README "Accuracy"): float32 forward in ULPs floored at 2^-16, derivative in ULPs plus an absolute term. */
const {
  forwardUlp: F32_FORWARD_ULP, derivativeUlp: F32_DERIVATIVE_ULP, derivativeAbs: F32_DERIVATIVE_ABS, f64Relative: F64_RELATIVE,
} = BARS;

const builds: Record<string, Zorro> = {};
const hasRelaxedSimd = engineHasRelaxedSimd();
const summary: string[] = [];

beforeAll(async () => {
  builds.simd = await loadZorro({ simd: true, relaxedSimd: false });
  builds.scalar = await loadZorro({ simd: false });
  // Node 20 has relaxed SIMD behind --experimental-wasm-relaxed-simd: `npm run test:relaxed` runs vitest under that flag.
  if (hasRelaxedSimd) builds.relaxed = await loadZorro({ relaxedSimd: true });
});

afterAll(() => {
  if (process.env.ZORRO_REPORT) console.log(['build dtype variant: forward / derivative', ...summary].join('\n'));
});

function roundedParams(params: Record<string, number>, dtype: 'f32' | 'f64') {
  return dtype === 'f32' ? Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Math.fround(v)])) : params;
}

/** a·b = h + l exactly (Dekker's product, Veltkamp's split; |a·b| far from overflow). */
function twoProduct(a: number, b: number): [number, number] {
  const split = (v: number): [number, number] => {
    const c = 134217729 * v; // 2^27 + 1
    const high = c - (c - v);
    return [high, v - high];
  };
  const h = a * b;
  const [ah, al] = split(a);
  const [bh, bl] = split(b);
  return [h, ((ah * bh - h) + ah * bl + al * bh) + al * bl];
}

/** Deterministic dy in [-2, 2), exactly representable in float32. */
const dyAt = (i: number) => Math.fround(((i * 2654435761) % 4096) / 1024 - 2);

describe.each(hasRelaxedSimd ? ['relaxed', 'simd', 'scalar'] : ['simd', 'scalar'])('%s build', (buildName) => {
  it('reports the build it runs', () => {
    expect(builds[buildName].features).toEqual({ simd: buildName !== 'scalar', relaxedSimd: buildName === 'relaxed' });
  });

  describe.each(ALL_VARIANTS)('%s', (variant: Variant) => {
    describe.each(['f32', 'f64'] as const)('%s', (dtype) => {
      const sets = paramSets(variant);
      let worstForward = 0;
      let worstDerivative = 0;
      afterAll(() => {
        summary.push(`${buildName} ${dtype} ${variant}: ${worstForward.toPrecision(3)} / ${worstDerivative.toPrecision(3)}`);
      });

      it.each(sets.map((p) => [describeParams(p), p] as const))('forward and derivative at %s', (_, params) => {
        const z = builds[buildName];
        const xs = inputGrid(variant, params);
        const x = dtype === 'f32' ? new Float32Array(xs) : new Float64Array(xs);
        const p = roundedParams(params, dtype) as AnyParams;
        const y = z.forward(variant, x, p);
        const dydx = z.derivative(variant, x, p);
        for (let i = 0; i < x.length; i++) {
          const ref = reference.forward(variant, x[i], p);
          const refD = reference.derivative(variant, x[i], p);
          // Sloped-Zorro with m < 0 crosses zero beyond x = 1, where 1 + m(x − 1) and the hump cancel:
          // there the error is measured against the hump's size, the problem's own conditioning.
          const m = (p as { m?: number }).m ?? 0;
          const scale = variant === 'sloped' && m < 0 && x[i] > 1 ? Math.abs(ref - (1 + m * (x[i] - 1))) : 0;
          if (dtype === 'f32') {
            const e = ulpError32(y[i], ref) * (scale > Math.abs(ref) ? ulp32(ref) / ulp32(scale) : 1);
            worstForward = Math.max(worstForward, e);
            if (!(e <= F32_FORWARD_ULP)) expect.fail(`forward x=${x[i]}: got ${y[i]}, reference ${ref} (${e} ULP)`);
            const err = Math.abs(dydx[i] - refD);
            const bar = F32_DERIVATIVE_ULP * ulp32(refD) + F32_DERIVATIVE_ABS;
            worstDerivative = Math.max(worstDerivative, ulpError32(dydx[i], refD));
            if (!(err <= bar || Object.is(dydx[i], refD) || (Number.isNaN(refD) && Number.isNaN(dydx[i])))) {
              expect.fail(`derivative x=${x[i]}: got ${dydx[i]}, reference ${refD}`);
            }
          } else {
            const e = relError64(y[i], ref, Math.max(2 ** -16, scale));
            worstForward = Math.max(worstForward, e / F64_RELATIVE);
            if (!(e <= F64_RELATIVE)) expect.fail(`forward x=${x[i]}: got ${y[i]}, reference ${ref} (rel ${e})`);
            // The derivative changes sign at each hump's peak, where only an absolute bar is meaningful.
            const eD = relError64(dydx[i], refD, 1);
            worstDerivative = Math.max(worstDerivative, eD / F64_RELATIVE);
            if (!(eD <= F64_RELATIVE)) expect.fail(`derivative x=${x[i]}: got ${dydx[i]}, reference ${refD} (rel ${eD})`);
          }
        }
      });

      it.each(sets.map((p) => [describeParams(p), p] as const))('backward at %s', (_, params) => {
        const z = builds[buildName];
        const xs = inputGrid(variant, params).filter((v) => Number.isFinite(v));
        const x = dtype === 'f32' ? new Float32Array(xs) : new Float64Array(xs);
        const dy = x.map((_, i) => dyAt(i));
        const p = roundedParams(params, dtype) as AnyParams;
        const { dx, grads } = z.backward(variant, x, dy, p);
        const ref = reference.backward(variant, x, dy, p);
        for (let i = 0; i < x.length; i++) {
          const err = Math.abs(dx[i] - ref.dx[i]);
          const bar = dtype === 'f32'
            ? Math.abs(dy[i]) * (F32_DERIVATIVE_ULP * ulp32(ref.dx[i] / (dy[i] || 1)) + F32_DERIVATIVE_ABS) + ulp32(ref.dx[i])
            : F64_RELATIVE * Math.max(Math.abs(ref.dx[i]), Math.abs(dy[i]));
          if (!(err <= bar || Object.is(dx[i], ref.dx[i]))) expect.fail(`dx x=${x[i]}: got ${dx[i]}, reference ${ref.dx[i]}`);
        }
        // Each sum may differ by the per-element error times Σ|dy·∂f/∂p|.
        const magnitude: Record<string, number> = {};
        for (let i = 0; i < x.length; i++) {
          const partials = reference.grads(variant, x[i], p) as Record<string, number>;
          for (const k in partials) magnitude[k] = (magnitude[k] ?? 0) + Math.abs(dy[i] * partials[k]);
        }
        const tolerance = dtype === 'f32' ? 2 ** -19 : 2 ** -40;
        // float32 partials below its normal range (~1e-38) carry absolute, not relative, error.
        const floor = dtype === 'f32' ? x.length * 2 ** -126 : 1e-300;
        for (const [name, value] of Object.entries(grads as Record<string, number>)) {
          const expected = (ref.grads as Record<string, number>)[name];
          expect(Math.abs(value - expected), `grad ${name}: ${value} vs ${expected}`).toBeLessThanOrEqual(
            tolerance * magnitude[name] + floor,
          );
        }
        expect(Object.keys(grads).sort()).toEqual(Object.keys(ref.grads).sort());
      });
    });
  });
});

// The vector builds' float64 loops take e^(−ζ) from a table of 2^(j/32) and a scale formed from the
// rounding constant's bits (expTableF64: one factor in the mirrored, shared and sided loops,
// Symmetric-Zorro's, Sloped-Zorro's at m ≥ 0 and Asymmetric-Zorro's, two in the general loop,
// Sloped-Zorro's at m < 0); every build is held to the same numbers here.
// The left hump (Sloped-Zorro is Symmetric-Zorro for x ≤ 1, whatever m; Asymmetric-Zorro's with aNeg, bNeg), y = −D·k·GS(−D) = −D·(1 + E)·w / (1 + E·w)
// with E = e^-ab and w = e^-aD, for a·D from 0 to 760: every binade of the result down to the subnormals, and each of the table's 32
// entries about four times per period of ln 2 / 32 in ζ (2^16 distances up to a·D = 700).
// The expected value is formed exactly enough not to count: a·D = h + l exactly (Dekker), w as
// e^(−h/2)·e^(−h/2)·(1 − l), normal factors, so that only the last steps round at the subnormal grid.
// The kernels round ζ = a·D + shift itself (once fused, twice not), which costs up to ζ·2^-52 relative
// on top of the 2^-44 bar (the contract floors |y| at 2^-16, where that is below 2^-46).
describe.each(hasRelaxedSimd ? ['relaxed', 'simd', 'scalar'] : ['simd', 'scalar'])('%s build: float64 humps through the exponential\'s whole range', (buildName) => {
  // Sloped-Zorro's m picks its loop; Asymmetric-Zorro's right hump (a = 2, b = 1) differs from its left.
  const loops = [['symmetric', 0], ['sloped', 1], ['sloped', -0.5], ['asymmetric', 0]] as const;
  const cases = loops.flatMap(([variant, m]) => [[1.2, 1], [4, 2], [0.5, 3], [20, 5]].map(([a, b]) => [variant, m, a, b] as const));
  const paramsOf = (variant: string, m: number, a: number, b: number) =>
    variant === 'sloped' ? { a, b, m } : variant === 'asymmetric' ? { aNeg: a, bNeg: b, aPos: 2, bPos: 1 } : { a, b };
  it.each(cases)('%s (m = %s), a = %s, b = %s: error ≤ (2^-44 + ζ·2^-52)·max(|y|, 2^-1022)', (variant, m, a, b) => {
    const z = builds[buildName];
    const n = 1 << 16;
    const x = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      x[i] = -(700 / a) * ((i + 0.5) / n);
      x[n + i] = -(700 + 60 * ((i + 0.5) / n)) / a;
    }
    const y = z.forward(variant, x, paramsOf(variant, m, a, b));
    const E = Math.exp(-a * b);
    let worst = 0;
    for (let i = 0; i < 2 * n; i++) {
      const D = -x[i];
      const [h, l] = twoProduct(a, D);
      const half = Math.exp(-h / 2);
      const w = half * half * (1 - l);
      const ref = -(((D * (1 + E) * half) * half) * (1 - l)) / (1 + E * w);
      const allowed = (F64_RELATIVE + a * D * 2 ** -52) * Math.max(Math.abs(ref), 2 ** -1022);
      const err = Math.abs(y[i] - ref);
      worst = Math.max(worst, err / allowed);
      if (!(err <= allowed)) expect.fail(`x=${x[i]}: got ${y[i]}, expected ${ref} (error ${err}, allowed ${allowed})`);
    }
    // A run that met the bar only because every output was exact would test nothing.
    expect(worst).toBeGreaterThan(0);
  });
});
