// The far tails. Where a hump's exponential falls below 2^-100, every build's loops take it as +0, as
// XNNPACK's kernels cut denormals: no lane then forms a subnormal number, each of which costs a microcode
// assist on x64 (docs/DESIGN.md "Session 9": the vector builds' mirrored, shared and sided loops; session
// 19: the scalar build's, whose float32 ran Symmetric-Zorro at a = 20 at 0.6× its speed at the defaults,
// and every build's general loop, at 0.4–0.5×). What is dropped is below 2^-88 in size, far under what
// ZORRO.md counts in ULPs (|y| ≥ 2^-16): the hump's forward and derivative there are +0, in every build alike.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadZorro, reference, type Zorro } from '../src/index.js';

type Params = Record<string, number>;
const builds: Record<string, Zorro> = {};
beforeAll(async () => {
  builds.simd = await loadZorro({ simd: true, relaxedSimd: false });
  builds.scalar = await loadZorro({ simd: false });
  // Where the engine has relaxed SIMD (npm run test:relaxed).
  const relaxed = await loadZorro();
  if (relaxed.features.relaxedSimd) builds.relaxed = relaxed;
});

// a = 20: e^(−a·d) < 2^-100 once the distance beyond a joint passes 3.5; these are 4 and more.
const CASES: { variant: 'symmetric' | 'asymmetric' | 'sloped' | 'tanh'; params: Params; left: number[]; right: number[] }[] = [
  { variant: 'symmetric', params: { a: 20, b: 1 }, left: [-4, -5.5, -9, -40], right: [5, 6.5, 10, 41] },
  { variant: 'asymmetric', params: { aNeg: 20, bNeg: 1, aPos: 20, bPos: 2 }, left: [-4, -7, -40], right: [5, 8, 41] },
  { variant: 'sloped', params: { a: 20, b: 1, m: 0.5 }, left: [-4, -7, -40], right: [] },
  { variant: 'tanh', params: { a: 20, b: 1, s: 1 }, left: [-9, -12, -80], right: [9, 12, 80] },
  // The general loop's shapes: a negative slope, and a·b < −40 (its exponential's shift, about a·b, is
  // then beyond the other loops' reach: here ζ ≈ 20·d − 60, past 75 from d = 6.75 on).
  { variant: 'sloped', params: { a: 20, b: 1, m: -0.5 }, left: [-4, -7, -40], right: [] },
  { variant: 'symmetric', params: { a: 20, b: -3 }, left: [-7, -9, -40], right: [8, 10, 41] },
];

describe('a hump below 2^-100 of its size is +0 in every build', () => {
  for (const { variant, params, left, right } of CASES) {
    it(`${variant} ${JSON.stringify(params)}`, () => {
      const xs = [...left, ...right];
      for (const [name, z] of Object.entries(builds)) {
        // float32 only: float64's exponential reaches 2^-100 nowhere near its subnormals.
        const x = z.tensor(xs.length, 'f32');
        const out = z.tensor(xs.length, 'f32');
        x.array.set(xs);
        z.forward(variant, x, params, out);
        const y = Array.from(out.array);
        z.derivative(variant, x, params, out);
        const dydx = Array.from(out.array);
        x.free();
        out.free();
        xs.forEach((xi, i) => {
          // The hump term alone is dropped: the forward is the side's limit (0 on the left, 1 on the
          // right; Tanh-Zorro's −1 and 1), the derivative +0, exactly.
          const limit = reference.forward(variant, xi < 0 ? -Infinity : Infinity, params);
          expect(Object.is(y[i], Math.fround(limit)), `${name} forward(${xi}) = ${y[i]}`).toBe(true);
          expect(Object.is(dydx[i], 0), `${name} derivative(${xi}) = ${dydx[i]}`).toBe(true);
          // The reference's own hump term is that small: dropping it is within the contract's absolute error.
          expect(Math.abs(reference.forward(variant, xi, params) - limit)).toBeLessThan(2 ** -88);
        });
      }
    });
  }
});
