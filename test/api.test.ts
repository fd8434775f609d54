// The API's contract: special values, C¹ joints, parameter gradients, in-place use, tensors, errors.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { type Variant, type Zorro, ZorroTensor, defaults, loadZorro, reference, variants } from '../src/index.js';
import { chooseBuild, detectEngine } from '../src/zorro.js';
import { instantiate } from '../src/wasm.js';
import { ALL_VARIANTS, joints } from './helpers.js';

let simd: Zorro;
let scalar: Zorro;
beforeAll(async () => {
  simd = await loadZorro();
  scalar = await loadZorro({ simd: false });
});

const both = () => [simd, scalar];

describe('special values (ZORRO.md table)', () => {
  // Limits and exact values come from the spec's table, not from the code.
  const expected: Record<Variant, { nan: number; posInf: number; negInf: number; dPosInf: number }> = {
    symmetric: { nan: NaN, posInf: 1, negInf: 0, dPosInf: 0 },
    asymmetric: { nan: NaN, posInf: 1, negInf: 0, dPosInf: 0 },
    sigmoid: { nan: NaN, posInf: 1, negInf: 0, dPosInf: 0 },
    tanh: { nan: NaN, posInf: 1, negInf: -1, dPosInf: 0 },
    sloped: { nan: NaN, posInf: Infinity, negInf: 0, dPosInf: 1 }, // default m = 1
  };

  it.each(ALL_VARIANTS)('%s: NaN, ±∞ and their derivatives', (variant) => {
    for (const z of both()) {
      for (const Array_ of [Float32Array, Float64Array]) {
        const x = new Array_([NaN, Infinity, -Infinity, -3e38, 3e38, NaN, -Infinity]);
        const y = z.forward(variant, x);
        const d = z.derivative(variant, x);
        const e = expected[variant];
        expect(y[0]).toBeNaN();
        expect(y[5]).toBeNaN();
        expect(y[1]).toBe(e.posInf);
        expect(Math.abs(y[2] - e.negInf)).toBe(0);
        expect(Math.abs(y[6] - e.negInf)).toBe(0);
        expect(Number.isNaN(y[3]) || Number.isNaN(y[4])).toBe(false); // x = ±3e38 never gives NaN
        expect(Math.abs(y[3] - e.negInf)).toBe(0);
        expect(d[0]).toBeNaN();
        expect(d[1]).toBe(e.dPosInf);
        expect(Math.abs(d[2])).toBe(0);
        expect(Math.abs(d[3])).toBe(0);
      }
    }
  });

  it.each(['symmetric', 'asymmetric', 'sloped'] as const)('%s: f(x) = x exactly near 0, signed zeros and subnormals kept', (variant) => {
    // ZORRO.md's exactness: ±0 and the dtype's own subnormals, plus the linear segment [0, 1].
    // (A float32 subnormal such as 1e-45 is a normal float64, inside the hump: not exact there.)
    const inputs = {
      f32: [0, -0, 1e-45, -1e-45, 1e-40, -1e-40, 1.1754943508222875e-38, -1.1754943508222875e-38, 2 ** -30, 0.5, 1],
      f64: [0, -0, 5e-324, -5e-324, -1e-310, 2.2250738585072e-308, -2.2250738585072e-308, 1e-45, 2 ** -30, 0.5, 1],
    };
    for (const z of both()) {
      for (const [dtype, Array_] of [['f32', Float32Array], ['f64', Float64Array]] as const) {
        const x = new Array_(inputs[dtype]);
        const y = z.forward(variant, x);
        const d = z.derivative(variant, x);
        for (let i = 0; i < x.length; i++) {
          expect(Object.is(y[i], x[i]), `f(${x[i]}) = ${y[i]}`).toBe(true);
          expect(d[i]).toBe(1);
        }
      }
    }
  });

  it('tanh: T(x) = s·x exactly on |s·x| ≤ 1, tiny inputs stay tiny', () => {
    for (const z of both()) {
      for (const s of [1, 0.5, 2, 0.3]) {
        const x = new Float64Array([1e-300, -1e-300, 5e-324, 1e-20, -0.25, 0.9 / s, -0]);
        const y = z.forward('tanh', x, { s });
        for (let i = 0; i < x.length; i++) expect(Object.is(y[i], s * x[i]), `T(${x[i]}) at s=${s}`).toBe(true);
        const x32 = new Float32Array([1e-40, -1e-45, 2 ** -100]);
        const y32 = z.forward('tanh', x32, { s });
        for (let i = 0; i < x32.length; i++) expect(y32[i]).toBe(Math.fround(Math.fround(s) * x32[i]));
      }
    }
  });
});

describe('C¹ at every joint', () => {
  it.each(ALL_VARIANTS)('%s: value and slope continuous across the joints', (variant) => {
    const params = { ...defaults[variant] } as Record<string, number>;
    for (const j of joints(variant, params)) {
      for (const eps of [1e-6, 1e-9]) {
        const below = reference.forward(variant, j - eps, params);
        const above = reference.forward(variant, j + eps, params);
        const slopeBelow = reference.derivative(variant, j - eps, params);
        const slopeAbove = reference.derivative(variant, j + eps, params);
        // A C¹ function moves by ≈ f′·2ε across the joint, and its slope by O(ε).
        expect(Math.abs(above - below - slopeAbove * 2 * eps)).toBeLessThan(10 * eps * eps + 1e-15);
        expect(Math.abs(slopeAbove - slopeBelow)).toBeLessThan(20 * eps);
      }
      for (const z of both()) {
        const x = new Float64Array([j - 1e-9, j, j + 1e-9]);
        const d = z.derivative(variant, x, params);
        expect(Math.abs(d[0] - d[2])).toBeLessThan(1e-7);
        expect(Math.abs(d[1] - d[0])).toBeLessThan(1e-7);
      }
    }
  });
});

describe('parameter gradients', () => {
  const xs = [-7.5, -3, -1.25, -0.4, -0.01, 0.3, 0.99, 1.02, 1.7, 2.5, 4, 9];
  it.each(ALL_VARIANTS)('%s: reference.grads matches central finite differences of reference.forward', (variant) => {
    const params = { ...defaults[variant] } as Record<string, number>;
    for (const x of xs) {
      const analytic = reference.grads(variant, x, params) as Record<string, number>;
      for (const name of Object.keys(params)) {
        const h = 1e-6 * Math.max(1, Math.abs(params[name]));
        const up = reference.forward(variant, x, { ...params, [name]: params[name] + h });
        const down = reference.forward(variant, x, { ...params, [name]: params[name] - h });
        const numeric = (up - down) / (2 * h);
        expect(Math.abs(analytic[name] - numeric), `∂/∂${name} at x=${x}: ${analytic[name]} vs ${numeric}`)
          .toBeLessThan(1e-6 * Math.max(1, Math.abs(numeric)));
      }
    }
  });

  it.each(ALL_VARIANTS)('%s: backward sums equal Σ dy·∂f/∂p from finite differences', (variant) => {
    const params = { ...defaults[variant] } as Record<string, number>;
    const x = new Float64Array(xs);
    const dy = x.map((_, i) => (i % 3) - 0.75);
    for (const z of both()) {
      const { grads } = z.backward(variant, x, dy, params);
      for (const name of Object.keys(params)) {
        const h = 1e-6 * Math.max(1, Math.abs(params[name]));
        let numeric = 0;
        for (let i = 0; i < x.length; i++) {
          const up = reference.forward(variant, x[i], { ...params, [name]: params[name] + h });
          const down = reference.forward(variant, x[i], { ...params, [name]: params[name] - h });
          numeric += dy[i] * ((up - down) / (2 * h));
        }
        const got = (grads as Record<string, number>)[name];
        expect(Math.abs(got - numeric), `Σ dy·∂f/∂${name}: ${got} vs ${numeric}`).toBeLessThan(1e-6 * Math.max(1, Math.abs(numeric)));
      }
    }
  });

  // Σ dy·∂f/∂p with an infinite or NaN dy is IEEE arithmetic: ∞·0 = NaN where the partial is 0 (the
  // middle, ±∞), ±∞ where it is not. The kernels must not hide that behind a mask. One documented
  // difference (README, "API"): for a and b (aNeg … bPos too) an infinite dy on a hump may give NaN
  // where the literal sum is ±∞ (the kernels sum them factored, a·Σ…, or per hump and then add):
  // never a finite number, never an infinity the reference lacks.
  it.each(ALL_VARIANTS)('%s: a non-finite dy gives the sums the reference gives', (variant) => {
    const kind = (v: number) => (Number.isNaN(v) ? 'NaN' : v === Infinity ? '+∞' : v === -Infinity ? '−∞' : 'finite');
    // Defaults (the mirrored and shared loops) and a·b < −40 (the general loop on every build).
    const paramSets = [defaults[variant], variant === 'asymmetric' ? { bNeg: -50, bPos: -50 } : { b: -50 }];
    const cases: [number[], number[]][] = [
      [[0.25, 2, -2], [Infinity, 1, 1]], // middle
      [[Infinity, -Infinity, 2], [1, -Infinity, 1]], // −∞ meets ∂f/∂p = 0
      [[Infinity, 0.5, -3], [-Infinity, 1, 1]], // +∞ (Sloped: ∂L/∂m = +∞ there)
      [[0.75, 3, -1], [NaN, 1, 1]],
      [[-2, 3, 2.5], [Infinity, 1, 1]], // on the humps: ±∞ sums
    ];
    for (const z of both()) {
      for (const Array_ of [Float32Array, Float64Array]) {
        for (const params of paramSets) {
          for (const [xs, dys] of cases) {
            const { grads } = z.backward(variant, new Array_(xs), new Array_(dys), params as never);
            const ref = reference.backward(variant, xs, dys, params as never).grads as Record<string, number>;
            // A partial that float32 cancels to 0 makes ∞·0 = NaN legitimately: such lanes are skipped.
            const lane = dys.findIndex((d) => !Number.isFinite(d));
            const partials = reference.grads(variant, xs[lane], params as never) as Record<string, number>;
            for (const [name, value] of Object.entries(grads as Record<string, number>)) {
              if (partials[name] !== 0 && Math.abs(partials[name]) < 1e-6) continue;
              if (/^[ab]/.test(name) && Number.isNaN(value) && !Number.isFinite(ref[name])) continue;
              expect(kind(value), `${name} at x=${xs}, dy=${dys}, ${JSON.stringify(params)}: ${value} vs ${ref[name]}`).toBe(kind(ref[name]));
            }
          }
        }
      }
    }
  });
});

describe('calling conventions', () => {
  const sample = () => Float32Array.from({ length: 1037 }, (_, i) => (i - 500) / 37);

  it.each(ALL_VARIANTS)('%s: in place equals out of place, shorthand equals forward', (variant) => {
    for (const z of both()) {
      const x = sample();
      const expected = z.forward(variant, x);
      const copy = x.slice();
      const result = z.forward(variant, copy, undefined, copy);
      expect(result).toBe(copy);
      expect(Array.from(copy)).toEqual(Array.from(expected));
      if (variant === 'symmetric') expect(Array.from(z.symmetric(x))).toEqual(Array.from(expected));
      if (variant === 'asymmetric') expect(Array.from(z.asymmetric(x))).toEqual(Array.from(expected));
      const shorthand = { symmetric: z.symmetric, asymmetric: z.asymmetric, sigmoid: z.sigmoid, tanh: z.tanh, sloped: z.sloped }[variant];
      expect(Array.from(shorthand.call(z, x))).toEqual(Array.from(expected));
      const d = z.derivative(variant, x);
      const dyIn = x.map(() => 1);
      const { dx } = z.backward(variant, x, dyIn, undefined, dyIn);
      expect(dx).toBe(dyIn);
      expect(Array.from(dx)).toEqual(Array.from(d));
    }
  });

  it('returns the input element type and leaves x untouched', () => {
    const x64 = new Float64Array([-2, 0.5, 3]);
    const before = Array.from(x64);
    const y = simd.forward('symmetric', x64);
    expect(y).toBeInstanceOf(Float64Array);
    expect(Array.from(x64)).toEqual(before);
    expect(simd.forward('symmetric', new Float32Array(3))).toBeInstanceOf(Float32Array);
  });

  it('processes arrays longer than one scratch chunk and with every tail length', () => {
    for (const n of [0, 1, 2, 3, 4, 5, 7, 8191, 8192, 8193, 20000]) {
      const x = Float64Array.from({ length: n }, (_, i) => Math.sin(i) * 6);
      const y = scalar.forward('sigmoid', x);
      const ys = simd.forward('sigmoid', x);
      for (let i = 0; i < n; i++) {
        const ref = reference.forward('sigmoid', x[i]);
        expect(Math.abs(ys[i] - ref)).toBeLessThanOrEqual(2 ** -44 * Math.max(Math.abs(ref), 2 ** -16));
        expect(Math.abs(y[i] - ref)).toBeLessThanOrEqual(2 ** -44 * Math.max(Math.abs(ref), 2 ** -16));
      }
    }
  });

  it("gives an element the same bits wherever it sits: in any chunk, block or tail of the kernel's loops", () => {
    // The vector loops take blocks of three vectors, and the backward (and some forwards) runs in
    // two passes over chunks of 3 KB (768 float32 or 384 float64 elements). Starting the array
    // later moves every element to another chunk, block and lane.
    const n = 2000;
    for (const variant of ALL_VARIANTS) {
      for (const dtype of ['f32', 'f64'] as const) {
        const make = dtype === 'f32' ? Float32Array : Float64Array;
        const x = make.from({ length: n }, (_, i) => Math.sin(i * 0.37) * 7);
        const dy = make.from({ length: n }, (_, i) => ((i * 37) % 17) / 8 - 1);
        const y = simd.forward(variant, x);
        const d = simd.derivative(variant, x);
        const { dx } = simd.backward(variant, x, dy);
        for (const from of [1, 5, 383, 384, 767, 768, 769, 1153, 1536, 1999]) {
          const label = `${variant} ${dtype} from ${from}`;
          expect(Array.from(simd.forward(variant, x.subarray(from))), `forward ${label}`).toEqual(Array.from(y.subarray(from)));
          expect(Array.from(simd.derivative(variant, x.subarray(from))), `derivative ${label}`).toEqual(Array.from(d.subarray(from)));
          const tail = simd.backward(variant, x.subarray(from), dy.subarray(from)).dx;
          expect(Array.from(tail), `backward ${label}`).toEqual(Array.from(dx.subarray(from)));
        }
      }
    }
  });

  it('lists the variants and their defaults', () => {
    expect(variants).toEqual(['symmetric', 'asymmetric', 'sigmoid', 'tanh', 'sloped']);
    expect(defaults.symmetric).toEqual({ a: 1.2, b: 1 });
    expect(defaults.asymmetric).toEqual({ aNeg: 1.2, bNeg: 1, aPos: 1.2, bPos: 1 });
    expect(defaults.sigmoid).toEqual({ a: 4, b: 2, s: 0.5 });
    expect(defaults.tanh).toEqual({ a: 4, b: 2, s: 1 });
    expect(defaults.sloped).toEqual({ a: 1.2, b: 1, m: 1 });
  });
});

describe('tensors', () => {
  it('are zero-copy, computed in place, and read through a live view after memory growth', async () => {
    const z = await loadZorro();
    const t = z.tensor(1000, 'f32');
    expect(t).toBeInstanceOf(ZorroTensor);
    t.array.set(Float32Array.from({ length: 1000 }, (_, i) => i / 100 - 5));
    const expected = z.forward('tanh', Float32Array.from(t.array));
    const result = z.forward('tanh', t, undefined, t);
    expect(result).toBe(t);
    expect(Array.from(t.array)).toEqual(Array.from(expected));
    const oldView = t.array;
    const big = z.tensor(4_000_000, 'f64'); // forces memory.grow, which detaches old views
    expect(oldView.length).toBe(0);
    expect(Array.from(t.array)).toEqual(Array.from(expected));
    big.free();
    t.free();
  });

  it('a tensor input without out gives a new tensor; mixing tensors and arrays works', async () => {
    const z = await loadZorro({ simd: false });
    const t = z.tensor(9, 'f64');
    t.array.set([-3, -1, -0.1, 0, 0.2, 0.9, 1, 1.5, 4]);
    const y = z.forward('sloped', t);
    expect(y).toBeInstanceOf(ZorroTensor);
    const viaArray = z.forward('sloped', Float64Array.from(t.array));
    expect(Array.from((y as ZorroTensor).array)).toEqual(Array.from(viaArray));
    const out = new Float64Array(9);
    z.derivative('sloped', t, undefined, out);
    expect(Array.from(out)).toEqual(Array.from(z.derivative('sloped', Float64Array.from(t.array))));
    const dy = z.tensor(9, 'f64');
    dy.array.fill(2);
    const { dx, grads } = z.backward('sloped', t, dy);
    expect(dx).toBeInstanceOf(ZorroTensor);
    const plain = z.backward('sloped', Float64Array.from(t.array), new Float64Array(9).fill(2));
    expect(Array.from((dx as ZorroTensor).array)).toEqual(Array.from(plain.dx));
    expect(grads).toEqual(plain.grads);
    for (const tensor of [t, y as ZorroTensor, dx as ZorroTensor, dy]) tensor.free();
  });

  it('throw after free, on double free, and across instances', async () => {
    const z = await loadZorro();
    const other = await loadZorro();
    const t = z.tensor(4);
    expect(() => other.forward('symmetric', t)).toThrow(TypeError);
    t.free();
    expect(t.freed).toBe(true);
    expect(() => t.array).toThrow(/freed/);
    expect(() => t.free()).toThrow(TypeError);
    expect(() => z.forward('symmetric', t)).toThrow(/x: the ZorroTensor was freed/);
  });
});

describe('bad input is refused before anything is written', () => {
  const sentinel = () => new Float32Array([7, 7, 7]);
  const x = new Float32Array([-1, 0.5, 2]);

  it('unknown variant lists the valid ones', () => {
    expect(() => simd.forward('gelu' as Variant, x)).toThrow(
      new TypeError("variant must be one of 'symmetric', 'asymmetric', 'sigmoid', 'tanh', 'sloped'; got \"gelu\""),
    );
  });

  it.each([
    [[1, 2, 3], /x must be a Float32Array, Float64Array or ZorroTensor; got Array\(3\)/],
    [new Int32Array(3), /x must be .*; got Int32Array\(3\)/],
    [null, /got null/],
    ['abc', /got "abc"/],
  ])('x = %s is a TypeError', (bad, message) => {
    expect(() => simd.forward('symmetric', bad as never)).toThrow(TypeError);
    expect(() => simd.forward('symmetric', bad as never)).toThrow(message);
  });

  it('out of another type or length', () => {
    const out64 = new Float64Array([7, 7, 7]);
    expect(() => simd.forward('symmetric', x, undefined, out64)).toThrow(/out must be a Float32Array .*got Float64Array\(3\)/);
    expect(Array.from(out64)).toEqual([7, 7, 7]);
    const short = new Float32Array([7, 7]);
    expect(() => simd.forward('symmetric', x, undefined, short)).toThrow(RangeError);
    expect(() => simd.forward('symmetric', x, undefined, short)).toThrow('out must have length 3 like x; got 2');
    expect(Array.from(short)).toEqual([7, 7]);
  });

  it('dy and dx of another type or length', () => {
    expect(() => simd.backward('symmetric', x, new Float64Array(3))).toThrow(/dy must be a Float32Array/);
    expect(() => simd.backward('symmetric', x, new Float32Array(4))).toThrow(RangeError);
    const dx = sentinel();
    expect(() => simd.backward('symmetric', x, new Float32Array(3), { a: -1 }, dx)).toThrow(RangeError);
    expect(Array.from(dx)).toEqual([7, 7, 7]);
  });

  it.each([
    ['symmetric', { a: 0 }, RangeError, 'params.a must be > 0; got 0'],
    ['symmetric', { a: -1.5 }, RangeError, 'params.a must be > 0; got -1.5'],
    ['symmetric', { b: Infinity }, RangeError, 'params.b must be finite; got Infinity'],
    ['symmetric', { b: NaN }, RangeError, 'params.b must be finite; got NaN'],
    ['symmetric', { a: '1' }, TypeError, 'params.a must be a number; got "1"'],
    ['symmetric', { c: 1 }, TypeError, 'params.c is not a symmetric parameter; valid: a, b'],
    ['asymmetric', { aPos: 0 }, RangeError, 'params.aPos must be > 0; got 0'],
    ['sigmoid', { s: -1 }, RangeError, 'params.s must be > 0; got -1'],
    ['tanh', { s: 0 }, RangeError, 'params.s must be > 0; got 0'],
    ['sloped', { m: Infinity }, RangeError, 'params.m must be finite; got Infinity'],
  ])('%s %j', (variant, params, ErrorType, message) => {
    const out = sentinel();
    expect(() => simd.forward(variant as Variant, x, params as never, out)).toThrow(new (ErrorType as typeof Error)(message));
    expect(Array.from(out)).toEqual([7, 7, 7]);
  });

  it('a positive parameter that rounds to 0 in float32 is refused for float32 data', () => {
    expect(() => simd.forward('symmetric', x, { a: 1e-50 })).toThrow(RangeError);
    expect(simd.forward('symmetric', new Float64Array(x), { a: 1e-50 })).toBeInstanceOf(Float64Array);
  });

  it('loadZorro options are checked', async () => {
    await expect(loadZorro({ simd: 'yes' as never })).rejects.toThrow(TypeError);
    await expect(loadZorro({ module: 42 as never })).rejects.toThrow(/options.module must be/);
  });
});

describe('loading', () => {
  it('accepts the module as bytes, a compiled Module, a file URL or a promise', async () => {
    const { readFile } = await import('node:fs/promises');
    const url = new URL('../build/zorro.scalar.wasm', import.meta.url);
    const bytes = await readFile(url);
    const compiled = await WebAssembly.compile(bytes);
    for (const module of [bytes, compiled, url, url.href, Promise.resolve(bytes)]) {
      const z = await loadZorro({ module });
      expect(z.features.simd).toBe(false);
      expect(z.forward('symmetric', new Float64Array([0.25]))[0]).toBe(0.25);
    }
  });

  it('reads a local file where the runtime has no process.getBuiltinModule (Node before 20.16)', async () => {
    const url = new URL('../build/zorro.scalar.wasm', import.meta.url);
    const getBuiltinModule = vi.spyOn(process, 'getBuiltinModule');
    let z: Zorro;
    try {
      z = await loadZorro({ module: url });
      expect(getBuiltinModule).toHaveBeenCalledWith('node:fs');
    } finally {
      getBuiltinModule.mockRestore();
    }
    const host = process as { getBuiltinModule?: unknown };
    const saved = host.getBuiltinModule;
    try {
      delete host.getBuiltinModule;
      const older = await loadZorro({ module: url });
      const x = new Float64Array([-2, 0.75, 3]);
      expect(older.forward('sloped', x)).toEqual(z.forward('sloped', x));
    } finally {
      host.getBuiltinModule = saved;
    }
  });

  it('instantiates asynchronously where the engine refuses a synchronous instance, and only then', async () => {
    const syncInstance = WebAssembly.Instance;
    const asyncInstantiate = vi.spyOn(WebAssembly, 'instantiate');
    try {
      // Chromium's main thread refuses large modules this way.
      (WebAssembly as { Instance: unknown }).Instance = function refused() {
        throw new RangeError('WebAssembly.Instance is disallowed on the main thread');
      };
      const z = await loadZorro({ simd: false });
      (WebAssembly as { Instance: unknown }).Instance = syncInstance;
      expect(asyncInstantiate).toHaveBeenCalledTimes(1);
      const x = new Float64Array([-3, -1, 0.5, 2]);
      expect(z.forward('symmetric', x)).toEqual(scalar.forward('symmetric', x));
      expect(z.forward('symmetric', x)[1]).toBeCloseTo(reference.forward('symmetric', -1, defaults.symmetric), 14);
      asyncInstantiate.mockClear();
      await loadZorro({ simd: false });
      expect(asyncInstantiate).not.toHaveBeenCalled();
      // Any other failure is the caller's to see, not retried: a module that needs imports.
      const needsImport = new WebAssembly.Module(new Uint8Array([
        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, // type () -> ()
        0x02, 0x07, 0x01, 0x01, 0x6d, 0x01, 0x66, 0x00, 0x00, // import "m" "f"
      ]));
      await expect(instantiate(needsImport)).rejects.toThrow(TypeError);
      expect(asyncInstantiate).not.toHaveBeenCalled();
    } finally {
      (WebAssembly as { Instance: unknown }).Instance = syncInstance;
      asyncInstantiate.mockRestore();
    }
  });

  // Every engine this suite runs on: (simd, relaxed SIMD, fused relaxed_madd).
  const engines: Array<[boolean, boolean, boolean]> = [
    [false, false, false], [true, false, false], [true, true, false], [true, true, true],
  ];
  it.each(engines)('picks the best build the engine can run exactly (simd %s, relaxed %s, fused %s)', (simd, relaxedSimd, fusedMultiplyAdd) => {
    const engine = () => ({ simd, relaxedSimd, fusedMultiplyAdd });
    const best = fusedMultiplyAdd ? 'relaxed' : simd ? 'simd' : 'scalar';
    expect(chooseBuild(undefined, undefined, engine)).toBe(best);
    expect(chooseBuild(undefined, false, engine)).toBe(simd ? 'simd' : 'scalar');
    expect(chooseBuild(false, undefined, engine)).toBe('scalar');
    if (simd) expect(chooseBuild(true, undefined, engine)).toBe(best);
    else expect(() => chooseBuild(true, undefined, engine)).toThrow(new RangeError('options.simd is true but this engine has no WebAssembly SIMD'));
    if (fusedMultiplyAdd) expect(chooseBuild(undefined, true, engine)).toBe('relaxed');
    else {
      // A relaxed build without a fused multiply-add would lose the bits its exact products need.
      expect(() => chooseBuild(undefined, true, engine)).toThrow(RangeError);
      expect(() => chooseBuild(undefined, true, engine)).toThrow(relaxedSimd ? /relaxed multiply-add rounds the product first \(not fused\)/ : /no WebAssembly relaxed SIMD/);
    }
    expect(() => chooseBuild(false, true, engine)).toThrow(/relaxed SIMD needs SIMD/);
  });

  it('finds a fused relaxed multiply-add on this machine where the engine has relaxed SIMD', () => {
    const engine = detectEngine();
    expect(engine.simd).toBe(true);
    // x64 with FMA3 (every CI and development machine here) and arm64 fuse; test:relaxed runs with the flag.
    expect(engine.fusedMultiplyAdd).toBe(engine.relaxedSimd);
  });

  it('runs the build chooseBuild picks for this engine', async () => {
    const z = await loadZorro();
    const build = chooseBuild(undefined, undefined, detectEngine);
    expect(z.features).toEqual({ simd: build !== 'scalar', relaxedSimd: build === 'relaxed' });
  });
});
