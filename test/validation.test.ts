// Bad input at every entry point: each case must throw a TypeError or RangeError whose message
// names the argument and the value, and must leave every array the caller handed in untouched.
// Valid edge cases (empty arrays, odd offsets, SharedArrayBuffer, missing parameters) must work.
import { runInNewContext } from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Variant, type Zorro, ZorroTensor, defaults, loadZorro, reference } from '../src/index.js';
import { ALL_VARIANTS } from './helpers.js';

/** A value no kernel produces from the inputs below: any write to a sentinel array shows. */
const SENTINEL = -7.125;
const N = 37;

let z: Zorro;
let other: Zorro;
beforeAll(async () => {
  z = await loadZorro();
  other = await loadZorro();
});

/** A Float32Array whose buffer was transferred away (as postMessage(…, [buffer]) leaves it). */
const detached32 = (n = N) => {
  const array = new Float32Array(n);
  structuredClone(array.buffer, { transfer: [array.buffer] });
  return array;
};
const sentinel32 = (n = N) => new Float32Array(n).fill(SENTINEL);
const sentinel64 = (n = N) => new Float64Array(n).fill(SENTINEL);
const inputs32 = (n = N) => Float32Array.from({ length: n }, (_, i) => (i - n / 2) / 4);
const inputs64 = (n = N) => Float64Array.from({ length: n }, (_, i) => (i - n / 2) / 4);

type AnyCall = (...args: unknown[]) => unknown;
/** The API with its types erased: these tests pass what TypeScript would refuse. */
const api = (instance: Zorro) => instance as unknown as Record<'forward' | 'derivative' | 'backward' | 'symmetric' | 'asymmetric' | 'tensor', AnyCall>;

interface BadCase {
  what: string;
  /** Runs the call; `arrays` are the caller's arrays whose contents must survive. */
  run: (arrays: { x: Float32Array; out: Float32Array; dy: Float32Array; dx: Float32Array }) => unknown;
  error: typeof TypeError | typeof RangeError;
  /** The message must match: it names the argument and shows the value. */
  message: RegExp;
}

/** Each entry point that takes (variant, x, params, out) or (variant, x, dy, params, dx). */
const elementwise: Record<string, (variant: unknown, x: unknown, params: unknown, out?: unknown) => unknown> = {
  forward: (v, x, p, out) => api(z).forward(v, x, p, out),
  derivative: (v, x, p, out) => api(z).derivative(v, x, p, out),
  backward: (v, x, p, dx) => api(z).backward(v, x, inputs32(), p, dx),
};

const badVariants: [unknown, RegExp][] = [
  ['Symmetric', /variant must be one of .*got "Symmetric"/],
  ['relu', /variant must be one of .*got "relu"/],
  ['', /variant must be one of .*got ""/],
  ['toString', /variant must be one of .*got "toString"/],
  ['__proto__', /variant must be one of .*got "__proto__"/],
  [undefined, /variant must be one of .*got undefined/],
  [0, /variant must be one of .*got 0/],
];

const badInputs: [unknown, RegExp][] = [
  [new Int32Array(N), /x must be a Float32Array, Float64Array or ZorroTensor; got Int32Array\(37\)/],
  [new Uint8Array(N), /x must be .*; got Uint8Array\(37\)/],
  [new BigInt64Array(N), /x must be .*; got BigInt64Array\(37\)/],
  [new DataView(new ArrayBuffer(16)), /x must be .*; got DataView\(16\)/],
  [new ArrayBuffer(16), /x must be .*; got \[object ArrayBuffer\]/],
  [Array.from({ length: N }, () => 0.5), /x must be .*; got Array\(37\)/],
  [[], /x must be .*; got Array\(0\)/],
  [{ length: 3, 0: 1, 1: 2, 2: 3 }, /x must be .*; got \[object Object\]/],
  // A look-alike that claims to be one: Symbol.toStringTag is not what makes a typed array.
  [{ [Symbol.toStringTag]: 'Float32Array', length: 3, subarray: () => [] }, /x must be .*; got \[object Float32Array\]/],
  [Object.create(Float32Array.prototype), /x must be .*; got /],
  [Object.create(ZorroTensor.prototype), /x must be .*; got \[object Object\]/],
  [null, /x must be .*; got null/],
  [undefined, /x must be .*; got undefined/],
  [1.5, /x must be .*; got 1.5/],
  ['1,2,3', /x must be .*; got "1,2,3"/],
];
const detachedMessage = (name: string) => new RegExp(`${name} is a Float32Array\\(0\\) over a detached buffer`);

/** Parameters that are bad for every variant (symmetric's names are used where one is needed). */
const badParams = (variant: Variant): [unknown, typeof TypeError | typeof RangeError, RegExp][] => {
  const first = Object.keys(defaults[variant])[0]; // a or aNeg: domain > 0
  const second = Object.keys(defaults[variant])[1]; // b or bNeg: any finite number
  return [
    [null, TypeError, /params must be an object .*got null/],
    [5, TypeError, /params must be an object .*got 5/],
    ['a=1', TypeError, /params must be an object .*got "a=1"/],
    [[1, 2], TypeError, /params must be an object .*got Array\(2\)/],
    [{ c: 1 }, TypeError, new RegExp(`params\\.c is not a ${variant} parameter`)],
    [{ [first]: 1, alpha: 1 }, TypeError, /params\.alpha is not a/],
    [{ [first]: '1' }, TypeError, new RegExp(`params\\.${first} must be a number; got "1"`)],
    [{ [first]: null }, TypeError, new RegExp(`params\\.${first} must be a number; got null`)],
    [{ [first]: true }, TypeError, new RegExp(`params\\.${first} must be a number; got true`)],
    [{ [first]: 1n }, TypeError, new RegExp(`params\\.${first} must be a number; got 1n`)],
    [{ [first]: new Number(1) }, TypeError, new RegExp(`params\\.${first} must be a number; got \\[object Number\\]`)],
    [{ [first]: NaN }, RangeError, new RegExp(`params\\.${first} must be finite; got NaN`)],
    [{ [first]: Infinity }, RangeError, new RegExp(`params\\.${first} must be finite; got Infinity`)],
    [{ [second]: -Infinity }, RangeError, new RegExp(`params\\.${second} must be finite; got -Infinity`)],
    [{ [second]: NaN }, RangeError, new RegExp(`params\\.${second} must be finite; got NaN`)],
    [{ [first]: 0 }, RangeError, new RegExp(`params\\.${first} must be > 0; got 0`)],
    [{ [first]: -0 }, RangeError, new RegExp(`params\\.${first} must be > 0; got -0`)],
    [{ [first]: -1.5 }, RangeError, new RegExp(`params\\.${first} must be > 0; got -1.5`)],
    // Valid in float64 but not once rounded to float32 (these calls use Float32Arrays).
    [{ [first]: 1e-50 }, RangeError, new RegExp(`params\\.${first} is outside float32's range; got 1e-50`)],
    [{ [second]: 1e39 }, RangeError, new RegExp(`params\\.${second} is outside float32's range; got 1e\\+39`)],
  ];
};

const variantSpecific: [Variant, unknown, RegExp][] = [
  ['asymmetric', { aPos: 0 }, /params\.aPos must be > 0; got 0/],
  ['asymmetric', { bPos: NaN }, /params\.bPos must be finite; got NaN/],
  ['asymmetric', { a: 1 }, /params\.a is not a asymmetric parameter/],
  ['sigmoid', { s: 0 }, /params\.s must be > 0; got 0/],
  ['sigmoid', { s: -2 }, /params\.s must be > 0; got -2/],
  ['tanh', { s: Infinity }, /params\.s must be finite; got Infinity/],
  ['sloped', { m: NaN }, /params\.m must be finite; got NaN/],
  ['sloped', { m: -Infinity }, /params\.m must be finite; got -Infinity/],
  ['sloped', { s: 1 }, /params\.s is not a sloped parameter/],
  ['symmetric', { m: 1 }, /params\.m is not a symmetric parameter/],
];

function badCases(): BadCase[] {
  const cases: BadCase[] = [];
  for (const [name, call] of Object.entries(elementwise)) {
    for (const [variant, message] of badVariants) {
      cases.push({ what: `${name}: variant ${String(variant)}`, run: ({ x, out }) => call(variant, x, {}, out), error: TypeError, message });
    }
    cases.push({ what: `${name}: x detached`, run: ({ out }) => call('symmetric', detached32(), {}, out), error: TypeError, message: detachedMessage('x') });
    for (const [x, message] of badInputs) {
      cases.push({ what: `${name}: x refused, ${message.source}`, run: ({ out }) => call('symmetric', x, {}, out), error: TypeError, message });
    }
    for (const variant of ALL_VARIANTS) {
      for (const [params, error, message] of badParams(variant)) {
        cases.push({ what: `${name} ${variant}: params ${String(Object.entries(params ?? {}))}`, run: ({ x, out }) => call(variant, x, params, out), error, message });
      }
    }
    for (const [variant, params, message] of variantSpecific) {
      cases.push({ what: `${name} ${variant}: ${message}`, run: ({ x, out }) => call(variant, x, params, out), error: RangeError, message });
      cases[cases.length - 1].error = /not a/.test(message.source) ? TypeError : RangeError;
    }
    const outName = name === 'backward' ? 'dx' : 'out';
    const badOuts: [string, (arrays: { out: Float32Array }) => unknown, typeof TypeError | typeof RangeError, RegExp][] = [
      ['shorter', ({ out }) => out.subarray(1), RangeError, new RegExp(`${outName} must have length 37 like x; got 36`)],
      ['longer', () => sentinel32(N + 1), RangeError, new RegExp(`${outName} must have length 37 like x; got 38`)],
      ['f64 for f32 x', () => sentinel64(), TypeError, new RegExp(`${outName} must be a Float32Array or 'f32' ZorroTensor like x; got Float64Array\\(37\\)`)],
      ['Int32Array', () => new Int32Array(N), TypeError, new RegExp(`${outName} must be a Float32Array .*got Int32Array\\(37\\)`)],
      ['plain array', () => new Array(N).fill(0), TypeError, new RegExp(`${outName} must be a Float32Array .*got Array\\(37\\)`)],
      ['null', () => null, TypeError, new RegExp(`${outName} must be a Float32Array .*got null`)],
      ['f64 tensor', () => z.tensor(N, 'f64'), TypeError, new RegExp(`${outName} must have dtype 'f32' like x; got a 'f64' ZorroTensor`)],
      ['short tensor', () => z.tensor(N - 1, 'f32'), RangeError, new RegExp(`${outName} must have length 37 like x; got 36`)],
      ['freed tensor', () => { const t = z.tensor(N); t.free(); return t; }, TypeError, new RegExp(`${outName}: the ZorroTensor was freed`)],
      ['tensor of another instance', () => other.tensor(N), TypeError, new RegExp(`${outName} is a ZorroTensor of another Zorro instance`)],
      ['detached', () => detached32(), TypeError, detachedMessage(outName)],
      ['fake tensor', () => Object.create(ZorroTensor.prototype), TypeError, new RegExp(`${outName} must be a Float32Array .*got \\[object Object\\]`)],
    ];
    for (const [label, make, error, message] of badOuts) {
      cases.push({
        what: `${name}: ${outName} ${label}`,
        run: (arrays) => call('symmetric', arrays.x, {}, make(arrays)),
        error,
        message,
      });
    }
  }
  // backward's dy: same rules as out.
  const badDys: [string, () => unknown, typeof TypeError | typeof RangeError, RegExp][] = [
    ['shorter', () => sentinel32(N - 1), RangeError, /dy must have length 37 like x; got 36/],
    ['f64 for f32 x', () => sentinel64(), TypeError, /dy must be a Float32Array or 'f32' ZorroTensor like x; got Float64Array\(37\)/],
    ['plain array', () => new Array(N).fill(1), TypeError, /dy must be a Float32Array .*got Array\(37\)/],
    ['undefined', () => undefined, TypeError, /dy must be a Float32Array .*got undefined/],
    ['Uint16Array', () => new Uint16Array(N), TypeError, /dy must be a Float32Array .*got Uint16Array\(37\)/],
    ['f64 tensor', () => z.tensor(N, 'f64'), TypeError, /dy must have dtype 'f32' like x; got a 'f64' ZorroTensor/],
    ['freed tensor', () => { const t = z.tensor(N); t.free(); return t; }, TypeError, /dy: the ZorroTensor was freed/],
    ['tensor of another instance', () => other.tensor(N), TypeError, /dy is a ZorroTensor of another Zorro instance/],
    ['detached', () => detached32(), TypeError, detachedMessage('dy')],
  ];
  for (const [label, make, error, message] of badDys) {
    cases.push({ what: `backward: dy ${label}`, run: ({ x, dx }) => api(z).backward('tanh', x, make(), {}, dx), error, message });
  }
  // The named shortcuts go through the same checks.
  cases.push(
    { what: 'symmetric: params.a = 0', run: ({ x, out }) => api(z).symmetric(x, { a: 0 }, out), error: RangeError, message: /params\.a must be > 0; got 0/ },
    { what: 'asymmetric: params.bNeg = NaN', run: ({ x, out }) => api(z).asymmetric(x, { bNeg: NaN }, out), error: RangeError, message: /params\.bNeg must be finite; got NaN/ },
    { what: 'symmetric: x plain array', run: ({ out }) => api(z).symmetric([1, 2], {}, out), error: TypeError, message: /x must be .*got Array\(2\)/ },
    { what: 'x tensor of another instance', run: ({ out }) => api(z).forward('symmetric', other.tensor(N), {}, out), error: TypeError, message: /x is a ZorroTensor of another Zorro instance/ },
    { what: 'x freed tensor', run: ({ out }) => { const t = z.tensor(N); t.free(); return api(z).forward('symmetric', t, {}, out); }, error: TypeError, message: /x: the ZorroTensor was freed/ },
  );
  return cases;
}

describe('bad input is refused with the argument and the value named, and nothing written', () => {
  it.each(badCases().map((c) => [c.what, c] as const))('%s', (_, c) => {
    const arrays = { x: inputs32(), out: sentinel32(), dy: inputs32(), dx: sentinel32() };
    const before = { x: arrays.x.slice(), dy: arrays.dy.slice() };
    let thrown: unknown;
    try {
      c.run(arrays);
    } catch (error) {
      thrown = error;
    }
    expect(thrown, 'must throw').toBeInstanceOf(c.error);
    expect((thrown as Error).message).toMatch(c.message);
    expect(arrays.out.every((v) => v === SENTINEL), 'out untouched').toBe(true);
    expect(arrays.dx.every((v) => v === SENTINEL), 'dx untouched').toBe(true);
    expect(arrays.x).toEqual(before.x);
    expect(arrays.dy).toEqual(before.dy);
  });

  it('leaves an output tensor untouched when a parameter is bad', () => {
    const x = z.tensor(N);
    const out = z.tensor(N);
    const dx = z.tensor(N);
    out.array.fill(SENTINEL);
    dx.array.fill(SENTINEL);
    const allocated = z.allocatedBytes;
    expect(() => z.forward('sigmoid', x, { s: -1 }, out)).toThrow(/params\.s must be > 0; got -1/);
    expect(() => z.derivative('sloped', x, { m: NaN }, out)).toThrow(/params\.m must be finite; got NaN/);
    expect(() => z.backward('tanh', x, x, { a: 0 }, dx)).toThrow(/params\.a must be > 0; got 0/);
    // Without an output argument a result tensor would be allocated: a bad call must not leak one.
    expect(() => z.forward('symmetric', x, { b: Infinity })).toThrow(RangeError);
    expect(() => z.backward('symmetric', x, z.tensor(N, 'f64'))).toThrow(TypeError);
    expect(out.array.every((v) => v === SENTINEL)).toBe(true);
    expect(dx.array.every((v) => v === SENTINEL)).toBe(true);
    expect(z.allocatedBytes).toBe(allocated + 16 * Math.ceil((N * 8) / 16)); // only the f64 dy made above
    for (const t of [x, out, dx]) t.free();
  });

  it('refuses bad tensor() and loadZorro() arguments', async () => {
    for (const length of [-1, 1.5, NaN, Infinity, '3', null, -0.5]) {
      expect(() => api(z).tensor(length)).toThrow(RangeError);
      expect(() => api(z).tensor(length)).toThrow(/length must be a non-negative integer; got /);
    }
    expect(() => api(z).tensor(4, 'f16')).toThrow(new TypeError(`dtype must be 'f32' or 'f64'; got "f16"`));
    expect(() => api(z).tensor(4, 32)).toThrow(/dtype must be 'f32' or 'f64'; got 32/);
    const load = loadZorro as unknown as (o: unknown) => Promise<Zorro>;
    await expect(load(null)).rejects.toThrow(/options must be an object or undefined; got null/);
    await expect(load({ simd: 'yes' })).rejects.toThrow(/options\.simd must be a boolean or undefined; got "yes"/);
    await expect(load({ module: 42 })).rejects.toThrow(/options\.module must be a WebAssembly\.Module.*got number/);
    await expect(load({ module: new Uint8Array([0, 1, 2]) })).rejects.toThrow(WebAssembly.CompileError);
  });

  it('applies the same parameter rules in the reference', () => {
    expect(() => reference.forward('symmetric', 0.5, { a: -1 })).toThrow(/params\.a must be > 0; got -1/);
    expect(() => reference.derivative('sloped', 0.5, { m: NaN } as never)).toThrow(/params\.m must be finite; got NaN/);
    expect(() => reference.grads('tanh', 0.5, { q: 1 } as never)).toThrow(/params\.q is not a tanh parameter/);
    expect(() => reference.forward('gelu' as Variant, 0.5)).toThrow(/variant must be one of .*got "gelu"/);
    expect(() => reference.backward('symmetric', [1, 2], [1])).toThrow(/dy must have length 2 like x; got 1/);
  });
});

describe('a hostile page', () => {
  /** Runs `body` with Object.prototype carrying `props`, as a polluting script would leave it. */
  async function withPollutedPrototype(props: Record<string, unknown>, body: () => unknown): Promise<void> {
    for (const [key, value] of Object.entries(props)) {
      Object.defineProperty(Object.prototype, key, { value, configurable: true, writable: true, enumerable: false });
    }
    try {
      await body();
    } finally {
      for (const key of Object.keys(props)) delete (Object.prototype as Record<string, unknown>)[key];
    }
  }

  it('cannot change parameters through a polluted Object.prototype', async () => {
    const x = inputs64(64);
    const expected = ALL_VARIANTS.map((v) => z.forward(v, x));
    const polluted = { a: 50, b: -3, s: 9, m: -1, aNeg: 7, aPos: 0.1, bNeg: 4, bPos: 4 };
    await withPollutedPrototype(polluted, () => {
      ALL_VARIANTS.forEach((v, i) => {
        expect(z.forward(v, x)).toEqual(expected[i]);
        expect(z.forward(v, x, {})).toEqual(expected[i]);
        expect(reference.forward(v, 2.5)).toBe(reference.forward(v, 2.5, defaults[v]));
      });
    });
    // Parameters inherited from the caller's own prototypes still count.
    class Params { get a() { return 2.5; } }
    await withPollutedPrototype(polluted, () => {
      const expected2 = z.forward('symmetric', x, { a: 2.5, b: 1 });
      expect(z.forward('symmetric', x, new Params() as never)).toEqual(expected2);
      expect(z.forward('symmetric', x, Object.create({ a: 2.5 }))).toEqual(expected2);
      expect(z.forward('symmetric', x, Object.create(defaults.symmetric))).toEqual(expected[0]);
    });
    // A polluted value that is out of domain is not seen either (it would otherwise throw).
    await withPollutedPrototype({ a: -1 }, () => expect(z.forward('symmetric', x)).toEqual(expected[0]));
  });

  it('cannot redirect loadZorro() to another module through a polluted Object.prototype', async () => {
    let fetched = false;
    const source = { then: () => { fetched = true; } }; // a "module" that would be awaited if it were read
    await withPollutedPrototype({ module: source, simd: 'not a boolean' }, async () => {
      const loaded = await loadZorro();
      expect(loaded.forward('symmetric', new Float64Array([0.5]))[0]).toBe(0.5);
    });
    expect(fetched).toBe(false);
  });
});

describe('valid edge cases', () => {
  it.each(ALL_VARIANTS)('%s: zero-length inputs give empty results', (variant) => {
    for (const x of [new Float32Array(0), new Float64Array(0)]) {
      const y = z.forward(variant, x);
      expect(y).toBeInstanceOf(x.constructor);
      expect(y.length).toBe(0);
      expect(z.derivative(variant, x, {}, x)).toBe(x);
      const { dx, grads } = z.backward(variant, x, x.slice());
      expect(dx.length).toBe(0);
      expect(grads).toEqual(Object.fromEntries(Object.keys(defaults[variant]).map((k) => [k, 0])));
    }
    const t = z.tensor(0, 'f64');
    const y = z.forward(variant, t);
    expect(y.length).toBe(0);
    expect(y.array.length).toBe(0);
    const { dx, grads } = z.backward(variant, t, t, undefined, y);
    expect(dx).toBe(y);
    expect(grads).toEqual(Object.fromEntries(Object.keys(defaults[variant]).map((k) => [k, 0])));
    y.free();
    t.free();
  });

  it.each(ALL_VARIANTS)('%s: missing parameters take the defaults', (variant) => {
    const x = inputs64(101);
    const full = z.forward(variant, x, defaults[variant]);
    expect(z.forward(variant, x)).toEqual(full);
    expect(z.forward(variant, x, {})).toEqual(full);
    expect(z.forward(variant, x, { [Object.keys(defaults[variant])[0]]: undefined } as never)).toEqual(full);
    const [name] = Object.keys(defaults[variant]);
    const partial = z.forward(variant, x, { [name]: 2.5 } as never);
    expect(partial).toEqual(z.forward(variant, x, { ...defaults[variant], [name]: 2.5 } as never));
    for (let i = 0; i < x.length; i++) {
      expect(partial[i]).toBe(z.forward(variant, x.subarray(i, i + 1), { ...defaults[variant], [name]: 2.5 } as never)[0]);
    }
  });

  const copyOf = <A extends Float32Array | Float64Array>(a: A): A => a.slice() as A;

  it.each([['f32', Float32Array], ['f64', Float64Array]] as const)(
    '%s views at odd offsets into a larger buffer read and write only their own elements',
    (_, Type) => {
      const size = 200;
      for (const offset of [1, 3, 5, 7, 13]) {
        for (const n of [1, 3, 5, 31, 64, 97]) {
          const buffer = new Type(size).map((_, i) => Math.sin(i) * 4);
          const x = new Type(buffer.buffer, offset * Type.BYTES_PER_ELEMENT, n);
          const expected = z.forward('sloped', copyOf(x), { m: 0.3 });
          const expectedD = z.derivative('tanh', copyOf(x));
          // Out of place, into another odd view of another buffer.
          const outBuffer = new Type(size).fill(SENTINEL);
          const out = new Type(outBuffer.buffer, (offset + 2) * Type.BYTES_PER_ELEMENT, n);
          expect(z.forward('sloped', x, { m: 0.3 }, out)).toBe(out);
          expect(out).toEqual(expected);
          expect(outBuffer.filter((v) => v !== SENTINEL).length).toBe(n);
          // The result of a call without `out` is a fresh array of x's length.
          expect(z.derivative('tanh', x)).toEqual(expectedD);
          // dy at another odd offset of the same buffer as x (overlapping x): still read as given.
          const dy = new Type(buffer.buffer, (offset + 1) * Type.BYTES_PER_ELEMENT, n);
          const { dx } = z.backward('symmetric', x, dy);
          const ref = z.backward('symmetric', copyOf(x), copyOf(dy));
          expect(dx).toEqual(ref.dx);
          // In place: only the view changes.
          const around = buffer.slice();
          z.forward('sloped', x, { m: 0.3 }, x);
          expect(x).toEqual(expected);
          for (let i = 0; i < size; i++) if (i < offset || i >= offset + n) expect(buffer[i]).toBe(around[i]);
        }
      }
    },
  );

  it('writes correctly to an output that overlaps x shifted by one element', () => {
    const buffer = new Float32Array(100).map((_, i) => (i - 50) / 7);
    const x = buffer.subarray(1, 91);
    const expected = z.forward('asymmetric', x.slice());
    const out = buffer.subarray(0, 90); // out[i] aliases x[i - 1]
    z.forward('asymmetric', x, {}, out);
    expect(out).toEqual(expected);
    const later = new Float32Array(100).map((_, i) => (i - 50) / 7);
    const x2 = later.subarray(0, 90);
    const expected2 = z.derivative('sigmoid', x2.slice());
    z.derivative('sigmoid', x2, {}, later.subarray(1, 91)); // out[i] aliases x[i + 1]
    expect(later.subarray(1, 91)).toEqual(expected2);
  });

  it('accepts typed arrays from another realm (an iframe, a vm context)', () => {
    const foreign = runInNewContext('({ x: new Float32Array([-2, 0.5, 3]), out: new Float32Array(3), x64: new Float64Array([-1, 2]) })') as {
      x: Float32Array; out: Float32Array; x64: Float64Array;
    };
    expect(foreign.x instanceof Float32Array).toBe(false);
    const expected = z.forward('symmetric', new Float32Array([-2, 0.5, 3]));
    expect(z.forward('symmetric', foreign.x, {}, foreign.out)).toBe(foreign.out);
    expect(Array.from(foreign.out)).toEqual(Array.from(expected));
    expect(Array.from(z.forward('symmetric', foreign.x))).toEqual(Array.from(expected));
    expect(Array.from(z.derivative('tanh', foreign.x64))).toEqual(Array.from(z.derivative('tanh', new Float64Array([-1, 2]))));
    expect(() => z.forward('symmetric', foreign.x, {}, foreign.x64)).toThrow(/out must be a Float32Array or 'f32' ZorroTensor like x; got Float64Array\(2\)/);
  });

  it.each([['f32', Float32Array], ['f64', Float64Array]] as const)('%s SharedArrayBuffer-backed arrays work like plain ones', (_, Type) => {
    const n = 20000; // more than one chunk
    const shared = <A extends Float32Array | Float64Array>(source: A) => {
      const array = new Type(new SharedArrayBuffer(source.byteLength + 3 * Type.BYTES_PER_ELEMENT), 3 * Type.BYTES_PER_ELEMENT, n);
      array.set(source);
      return array;
    };
    const x = new Type(n).map((_, i) => (i - n / 2) / 1000);
    const dy = new Type(n).map((_, i) => Math.cos(i));
    const sx = shared(x);
    const sdy = shared(dy);
    const out = shared(new Type(n).fill(SENTINEL));
    expect(z.forward('tanh', sx, { s: 2 }, out)).toBe(out);
    expect(out).toEqual(z.forward('tanh', x, { s: 2 }));
    const sharedResult = z.backward('sloped', sx, sdy, { m: 0.5 }, shared(new Type(n)));
    const plainResult = z.backward('sloped', x, dy, { m: 0.5 });
    expect(sharedResult.dx).toEqual(plainResult.dx);
    expect(sharedResult.grads).toEqual(plainResult.grads);
    z.forward('tanh', sx, { s: 2 }, sx);
    expect(sx).toEqual(out);
  });
});
