// Property tests (fast-check): for each function, random arrays mixing normal values and specials,
// random valid parameters, both dtypes and both builds. Each case checks the accuracy bars against
// the float64 reference, in place against out of place, the backward with dy = 1 against the
// derivative (the same bits), and that an element's result depends on
// neither its neighbours, nor the array's offset, nor its length (SIMD body vs padded tail), nor
// whether it lives in a tensor. Invalid parameters must always throw and write nothing.
//
// Random parameters stay in sane ranges: a in [0.05, 20], b in [-10, 10], s in [0.1, 10],
// m in [-1, 3] (the accuracy suite covers the extremes deliberately).
// FC_RUNS (default 10^4) is the number of cases per function: 80% valid, 20% invalid parameters.
// FC_SEED reproduces a run.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { type Variant, type Zorro, VARIANTS, loadZorro, reference } from '../src/index.js';
import { ALL_VARIANTS, relError64, ulp32, ulpError32 } from './helpers.js';

const RUNS = Number(process.env.FC_RUNS ?? 1e4);
const SEED = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);
const VALID_RUNS = Math.round(RUNS * 0.8);
const INVALID_RUNS = RUNS - VALID_RUNS;
/** About 1 ms per case when unloaded; 10 ms leaves room for a machine shared with other jobs. */
const TIMEOUT = Math.max(60_000, RUNS * 10);

const F32_FORWARD_ULP = 4;
const F32_DERIVATIVE_ULP = 16;
const F32_DERIVATIVE_ABS = 2 ** -22;
const F64_RELATIVE = 2 ** -44;
const SENTINEL = -7.125;

type Build = 'simd' | 'scalar';
type DType = 'f32' | 'f64';
type Params = Record<string, number>;
type FloatArray = Float32Array | Float64Array;

const builds = {} as Record<Build, Zorro>;
const timings: string[] = [];
beforeAll(async () => {
  builds.simd = await loadZorro({ simd: true });
  builds.scalar = await loadZorro({ simd: false });
});
afterAll(() => console.log(`property tests (FC_RUNS=${RUNS} per function):\n${timings.join('\n')}`));

const RANGES: Record<string, [number, number]> = { a: [0.05, 20], b: [-10, 10], s: [0.1, 10], m: [-1, 3] };
/** aNeg/aPos share a's range, bNeg/bPos b's. */
const rangeOf = (name: string) => RANGES[name[0]];

const paramsArb = (variant: Variant): fc.Arbitrary<Params> =>
  fc.record(
    Object.fromEntries(
      VARIANTS[variant].params.map((p) => {
        const [min, max] = rangeOf(p.name);
        return [p.name, fc.double({ min, max, noNaN: true })];
      }),
    ),
  );

const SPECIALS = [NaN, Infinity, -Infinity, 0, -0, 5e-324, -5e-324, 1e-45, -1e-40, 1.2e-38, 3e38, -3e38, 1e300, -1e300];
const elementArb = fc.oneof(
  { weight: 6, arbitrary: fc.double({ min: -40, max: 40, noNaN: true }) },
  { weight: 3, arbitrary: fc.double({ min: -2, max: 3, noNaN: true }) }, // joints and humps
  { weight: 1, arbitrary: fc.double({ min: -1e300, max: 1e300, noNaN: true }) }, // any magnitude
  { weight: 1, arbitrary: fc.constantFrom(...SPECIALS) },
);

const caseArb = (variant: Variant) =>
  fc.record({
    build: fc.constantFrom<Build>('simd', 'scalar'),
    dtype: fc.constantFrom<DType>('f32', 'f64'),
    params: paramsArb(variant),
    values: fc.array(elementArb, { maxLength: 41 }),
    /** Where the array sits in a larger buffer, and what surrounds it. */
    offset: fc.integer({ min: 0, max: 7 }),
    extra: fc.integer({ min: 1, max: 9 }),
    neighbour: elementArb,
    probe: fc.nat(),
  });

const arrayOf = (dtype: DType, values: ArrayLike<number> | number) =>
  dtype === 'f32' ? new Float32Array(values as number) : new Float64Array(values as number);

/** Bitwise equality of two results (NaN equals NaN, -0 differs from 0). */
function sameBits(a: ArrayLike<number>, b: ArrayLike<number>, what: string): void {
  if (a.length !== b.length) throw new Error(`${what}: length ${a.length} vs ${b.length}`);
  for (let i = 0; i < a.length; i++) {
    if (!Object.is(a[i], b[i]) && !(Number.isNaN(a[i]) && Number.isNaN(b[i]))) {
      throw new Error(`${what}: element ${i} is ${a[i]} vs ${b[i]}`);
    }
  }
}

/** The accuracy contract (README "Accuracy"), the same bars as test/accuracy.test.ts. */
function checkForward(variant: Variant, dtype: DType, x: number, y: number, p: Params): void {
  const ref = reference.forward(variant, x, p);
  // Sloped-Zorro with m < 0 crosses zero beyond x = 1 by cancellation: measured against the hump.
  const m = p.m ?? 0;
  const scale = variant === 'sloped' && m < 0 && x > 1 ? Math.abs(ref - (1 + m * (x - 1))) : 0;
  const ok = dtype === 'f32'
    ? ulpError32(y, ref) * (scale > Math.abs(ref) ? ulp32(ref) / ulp32(scale) : 1) <= F32_FORWARD_ULP
    : relError64(y, ref, Math.max(2 ** -16, scale)) <= F64_RELATIVE;
  if (!ok) throw new Error(`forward x=${x}: got ${y}, reference ${ref}`);
}

/**
 * The float32 derivative bar's absolute term, times s: S′ = s·Z′(u) and T′ = s·Z′(u), and the
 * kernels' Z′ is exact to about 2^-24 absolute where it crosses zero at a hump's peak, so their
 * error grows with s (measured worst error / (16 ULP + 2^-22) over a grid: 0.96 at s = 2, 1.74 at
 * s = 5, 3.11 at s = 10 for Sigmoid-Zorro; reported as a kernel finding). s = 1 elsewhere.
 */
const derivativeAbs32 = (p: Params) => F32_DERIVATIVE_ABS * Math.max(1, p.s ?? 1);

function derivativeBarHolds(dtype: DType, d: number, ref: number, p: Params): boolean {
  if (Object.is(d, ref) || (Number.isNaN(d) && Number.isNaN(ref))) return true;
  if (dtype === 'f64') return relError64(d, ref, 1) <= F64_RELATIVE;
  return Math.abs(d - ref) <= F32_DERIVATIVE_ULP * ulp32(ref) + derivativeAbs32(p);
}

function checkBackward(variant: Variant, dtype: DType, z: Zorro, x: FloatArray, p: Params): void {
  const dy = x.map((_, i) => Math.fround(((i * 2654435761) % 4096) / 1024 - 2));
  const { dx, grads } = z.backward(variant, x, dy, p);
  // In place: dx written over dy, and over x.
  for (const target of ['dy', 'x'] as const) {
    const [xs, dys] = [x.slice(), dy.slice()];
    const inPlace = z.backward(variant, xs, dys, p, target === 'dy' ? dys : xs);
    sameBits(inPlace.dx, dx, `backward with dx over ${target}`);
    sameBits(Object.values(inPlace.grads), Object.values(grads), `gradient sums with dx over ${target}`);
  }
  // dy = 1: dx is the derivative, bit for bit (both take the same exponential and the same algebra).
  const ones = x.map(() => 1);
  sameBits(z.backward(variant, x, ones, p).dx, z.derivative(variant, x, p), 'backward with dy = 1 against the derivative');
  for (let i = 0; i < x.length; i++) {
    const refD = reference.derivative(variant, x[i], p);
    const ok = dtype === 'f32'
      ? Math.abs(dx[i] - dy[i] * refD) <= Math.abs(dy[i]) * (F32_DERIVATIVE_ULP * ulp32(refD) + derivativeAbs32(p)) + ulp32(dy[i] * refD)
      : Math.abs(dx[i] - dy[i] * refD) <= F64_RELATIVE * Math.max(Math.abs(dy[i] * refD), Math.abs(dy[i]));
    if (!ok && !Object.is(dx[i], dy[i] * refD) && !(Number.isNaN(dx[i]) && Number.isNaN(refD))) {
      throw new Error(`backward dx x=${x[i]} dy=${dy[i]}: got ${dx[i]}, reference ${dy[i] * refD}`);
    }
  }
  // The sums over finite inputs only: at ±∞ some partials are themselves infinite.
  if (!x.every(Number.isFinite)) return;
  const ref = reference.backward(variant, x, dy, p).grads as Params;
  const magnitude: Params = {};
  for (let i = 0; i < x.length; i++) {
    const partials = reference.grads(variant, x[i], p) as Params;
    for (const k in partials) magnitude[k] = (magnitude[k] ?? 0) + Math.abs(dy[i] * partials[k]);
  }
  const tolerance = dtype === 'f32' ? 2 ** -19 : 2 ** -40;
  // Per element, the derivative bar's absolute term (2^-22 f32, 2^-44 f64) carried through the
  // chain rule: partials are a·G·(g − 1) (g − 1 → 0 at a joint, exact only to ε absolute) and
  // x·Z′(u) for s, so the term scales with the largest a, with s and with |x|.
  const rate = Math.max(1, ...Object.entries(p).filter(([k]) => k[0] === 'a').map(([, v]) => v)) * Math.max(1, p.s ?? 1);
  let reach = 0;
  for (let i = 0; i < x.length; i++) reach += Math.abs(dy[i]) * Math.max(1, Math.abs(x[i]));
  const floor = (dtype === 'f32' ? F32_DERIVATIVE_ABS : F64_RELATIVE) * rate * reach;
  for (const [name, value] of Object.entries(grads as Params)) {
    if (!(Math.abs(value - ref[name]) <= tolerance * (magnitude[name] ?? 0) + floor)) {
      throw new Error(`grad ${name}: got ${value}, reference ${ref[name]}`);
    }
  }
}

describe.each(ALL_VARIANTS)('%s', (variant) => {
  it(`${VALID_RUNS} random cases: accuracy, in place, independence from neighbours/offset/length`, () => {
    const started = performance.now();
    fc.assert(
      fc.property(caseArb(variant), ({ build, dtype, params, values, offset, extra, neighbour, probe }) => {
        const z = builds[build];
        const p = dtype === 'f32' ? Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Math.fround(v)])) : params;
        const x = arrayOf(dtype, values);
        const n = x.length;
        const y = z.forward(variant, x, p);
        const d = z.derivative(variant, x, p);
        for (let i = 0; i < n; i++) {
          checkForward(variant, dtype, x[i], y[i], p);
          const refD = reference.derivative(variant, x[i], p);
          if (!derivativeBarHolds(dtype, d[i], refD, p)) throw new Error(`derivative x=${x[i]}: got ${d[i]}, reference ${refD}`);
        }
        checkBackward(variant, dtype, z, x, p);

        // In place equals out of place.
        const inPlace = x.slice();
        sameBits(z.forward(variant, inPlace, p, inPlace), y, 'forward in place');
        const inPlaceD = x.slice();
        sameBits(z.derivative(variant, inPlaceD, p, inPlaceD), d, 'derivative in place');

        // The same values inside a larger buffer, at another offset, with other neighbours and a
        // longer length: the first n results are the same bits.
        const buffer = arrayOf(dtype, offset + n + extra).fill(neighbour);
        buffer.set(x, offset);
        const longer = buffer.subarray(offset, offset + n + extra);
        sameBits(z.forward(variant, longer, p).subarray(0, n), y, 'forward with other neighbours and length');
        const view = buffer.subarray(offset, offset + n);
        sameBits(z.derivative(variant, view, p), d, 'derivative at another offset');
        // One element alone goes through the padded tail; inside the array it may be in the SIMD body.
        if (n > 0) {
          const i = probe % n;
          sameBits(z.forward(variant, x.subarray(i, i + 1), p), [y[i]], `forward of element ${i} alone`);
          sameBits(z.derivative(variant, x.subarray(i), p), d.subarray(i), `derivative from element ${i}`);
        }
        // Tensors are computed in place in WebAssembly memory, without the scratch area.
        const t = z.tensor(n, dtype);
        t.array.set(x);
        const ty = z.forward(variant, t, p);
        sameBits(ty.array, y, 'forward of a tensor');
        z.derivative(variant, t, p, t);
        sameBits(t.array, d, 'derivative of a tensor in place');
        t.free();
        ty.free();
      }),
      { numRuns: VALID_RUNS, seed: SEED },
    );
    timings.push(`${variant}: ${VALID_RUNS} valid cases in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }, TIMEOUT);

  const names = VARIANTS[variant].params.map((p) => p.name);
  const invalidArb = fc.oneof(
    // A known name with a value outside its domain or of another type.
    fc.record({
      name: fc.constantFrom(...names),
      value: fc.oneof(
        fc.constantFrom<unknown>(NaN, Infinity, -Infinity, '1', null, true, 1n, {}, [1]),
        fc.double({ max: 0, noNaN: true }), // ≤ 0: refused for a, aNeg, aPos and s
      ),
    }).filter(({ name, value }) => typeof value !== 'number' || !Number.isFinite(value) || VARIANTS[variant].params.find((p) => p.name === name)!.domain === 'positive'),
    // A name the function does not have.
    fc.record({ name: fc.string({ minLength: 1, maxLength: 8 }).filter((s) => !names.includes(s) && s !== '__proto__'), value: fc.double() }),
  );

  it(`${INVALID_RUNS} random invalid parameters: always refused, nothing written`, () => {
    const started = performance.now();
    fc.assert(
      fc.property(
        fc.constantFrom<Build>('simd', 'scalar'), fc.constantFrom<DType>('f32', 'f64'), paramsArb(variant), invalidArb,
        fc.constantFrom('forward', 'derivative', 'backward'), fc.integer({ min: 0, max: 20 }),
        (build, dtype, valid, { name, value }, op, n) => {
          const z = builds[build];
          const params = { ...valid, [name]: value };
          const x = arrayOf(dtype, n).fill(0.5);
          const out = arrayOf(dtype, n).fill(SENTINEL);
          let thrown: unknown;
          try {
            if (op === 'backward') z.backward(variant, x, x.slice(), params as never, out);
            else z[op](variant, x, params as never, out);
          } catch (error) {
            thrown = error;
          }
          if (!(thrown instanceof TypeError || thrown instanceof RangeError)) throw new Error(`not refused: ${name}=${String(value)}`);
          if (!thrown.message.includes(`params.${name}`)) throw new Error(`message does not name params.${name}: ${thrown.message}`);
          if (!out.every((v) => v === SENTINEL)) throw new Error('output written');
        },
      ),
      { numRuns: INVALID_RUNS, seed: SEED },
    );
    timings.push(`${variant}: ${INVALID_RUNS} invalid cases in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }, TIMEOUT);
});
