// Measuring kernels against the float64 reference the way ../shared/ZORRO.md defines it.
import { type ParamsOf, type Variant, VARIANTS, defaults } from '../src/index.js';

export const ALL_VARIANTS = Object.keys(VARIANTS) as Variant[];

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** The float32 `steps` representable values away from v (negative steps go down). */
export function nextFloat32(v: number, steps: number): number {
  f32[0] = v;
  let bits = u32[0];
  const negative = (bits & 0x80000000) !== 0;
  for (let i = 0; i < Math.abs(steps); i++) {
    const up = steps > 0 !== negative;
    if (bits === 0x80000000 || bits === 0) {
      bits = steps > 0 ? 1 : 0x80000001;
      continue;
    }
    bits = up ? bits + 1 : bits - 1;
  }
  u32[0] = bits >>> 0;
  return f32[0];
}

// One definition of the contract's error measures, shared with scripts/accuracy.mjs (plain ESM).
export { relError64, ulp32, ulpError32 } from '../scripts/accuracy-core.mjs';

/** x positions of a variant's joints for the given parameters. */
export function joints(variant: Variant, params: Record<string, number>): number[] {
  const shape = (VARIANTS[variant].shape as (p: unknown) => { s: number; uLeft: number; uRight: number })(params);
  return [shape.uLeft / shape.s, shape.uRight / shape.s];
}

/**
 * Inputs that exercise every region: dense grids around both joints with their neighbouring
 * floats, the humps, the tails out to ±3e38, signed zeros, subnormals, NaN and ±∞.
 */
export function inputGrid(variant: Variant, params: Record<string, number>): number[] {
  const xs: number[] = [];
  for (const j of joints(variant, params)) {
    const center = Math.fround(j);
    for (let k = -48; k <= 48; k++) xs.push(nextFloat32(center, k));
    for (let k = -200; k <= 200; k++) xs.push(Math.fround(j + k * 2 ** -12));
    for (let e = -30; e <= 0; e++) xs.push(Math.fround(j + 2 ** e), Math.fround(j - 2 ** e));
  }
  for (let i = 0; i <= 2000; i++) xs.push(Math.fround(-30 + (i * 60) / 2000));
  for (let e = 1; e <= 127; e++) xs.push(Math.fround(2 ** e), Math.fround(-(2 ** e)), Math.fround(1.7 * 2 ** e), Math.fround(-1.3 * 2 ** e));
  xs.push(1e30, -1e30, 3e38, -3e38, 3.4028234663852886e38, -3.4028234663852886e38);
  xs.push(0, -0, 1e-45, -1e-45, 1e-40, -1e-40, 1.1754943508222875e-38, -1.1754943508222875e-38, 2 ** -24, -(2 ** -24));
  xs.push(NaN, Infinity, -Infinity);
  return xs;
}

/** Parameter sets per variant: the defaults and shapes that stress the kernels' numerics. */
export function paramSets(variant: Variant): Record<string, number>[] {
  const base = { ...defaults[variant] } as Record<string, number>;
  const sets: Record<string, number>[] = [base];
  const names = VARIANTS[variant].params.map((p) => p.name);
  const withAB = (a: number, b: number) => {
    const p = { ...base };
    for (const n of names) {
      if (n.startsWith('a')) p[n] = a;
      if (n.startsWith('b')) p[n] = b;
    }
    return p;
  };
  // a·b = −6 and −32: a large −shift in the float32 exponential's reduction (it once cost 25 ULP).
  sets.push(withAB(4, 2), withAB(0.5, 3), withAB(20, 5), withAB(1.2, -1), withAB(2, -3), withAB(4, -8), withAB(3, -40), withAB(0.05, 0.5));
  // Two different humps (the sided loop), and one hump with a·b < −40 (the general loop again).
  if (variant === 'asymmetric') {
    sets.push({ aNeg: 0.7, bNeg: 2.5, aPos: 6, bPos: -0.3 }, { aNeg: 20, bNeg: 5, aPos: 0.5, bPos: -3 }, { aNeg: 4, bNeg: -8, aPos: 1.2, bPos: 1 });
    sets.push({ aNeg: 1.2, bNeg: 1, aPos: 3, bPos: -40 });
  }
  if (names.includes('s')) for (const s of [0.5, 1, 2, 0.3]) sets.push({ ...base, s });
  if (names.includes('s')) sets.push({ ...withAB(4, -8), s: 0.3 });
  if (names.includes('m')) for (const m of [0, 0.5, -0.25, 2]) sets.push({ ...base, m });
  return sets;
}

export const describeParams = (p: Record<string, number>) =>
  Object.entries(p).map(([k, v]) => `${k}=${v}`).join(' ');

export type AnyParams = Partial<ParamsOf[Variant]>;
