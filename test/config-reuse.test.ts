// The loader skips rewriting the kernel's configuration when a call repeats the previous one's
// function and parameters: every switch of function, parameter value or pass must still be seen.
import { describe, expect, it } from 'vitest';
import { loadZorro, reference } from '../src/index.js';

const xs = [-3.5, -1, -0.25, 0, 0.5, 1, 1.75, 4];
const dys = [1, -0.5, 2, 1, -1, 0.25, 1.5, -2];

describe('configuration reuse between calls', () => {
  it('follows changes of parameters, function and pass', async () => {
    const z = await loadZorro({ simd: true, relaxedSimd: false });
    const x = new Float64Array(xs);
    const sequence = [
      ['sigmoid', { a: 4, b: 2, s: 0.5 }],
      ['sigmoid', { a: 4, b: 2, s: 0.75 }],
      ['sigmoid', { a: 4, b: 2, s: 0.5 }],
      ['tanh', { a: 4, b: 2, s: 0.5 }],
      ['sloped', { a: 1.2, b: 1, m: 0.5 }],
      ['sloped', { a: 1.2, b: 1, m: -0.5 }],
      ['symmetric', { a: 1.2, b: -0 }],
      ['symmetric', { a: 1.2, b: 0 }],
    ] as const;
    for (const [variant, params] of sequence) {
      const y = z.forward(variant, x, params);
      xs.forEach((v, i) => expect(y[i]).toBeCloseTo(reference.forward(variant, v, params), 12));
      // A backward pass right after a forward one with the same parameters needs its gradient flags.
      const { grads } = z.backward(variant, x, new Float64Array(dys), params);
      const expected = reference.backward(variant, xs, dys, params).grads as Record<string, number>;
      for (const [name, value] of Object.entries(expected)) {
        expect((grads as Record<string, number>)[name]).toBeCloseTo(value, 10);
      }
      const again = z.forward(variant, x, params);
      xs.forEach((v, i) => expect(again[i]).toBeCloseTo(reference.forward(variant, v, params), 12));
    }
  });

  it('follows the dtype, the defaults and a params object changed in place, on tensors and arrays', async () => {
    const z = await loadZorro({ simd: true, relaxedSimd: false });
    const x32 = z.tensor(xs.length, 'f32');
    x32.array.set(xs);
    const out32 = z.tensor(xs.length, 'f32');
    const dy32 = z.tensor(xs.length, 'f32');
    dy32.array.set(dys);
    const x64 = new Float64Array(xs);
    const defaultsSeen = { a: 1.2, b: 1 };
    const changed = { a: 2.5, b: -0.5 };
    for (const pass of ['forward', 'backward'] as const) {
      const trained = { ...defaultsSeen };
      // Consecutive calls of one pass: what the call passes, and what the reference must be given.
      const steps: [typeof trained | undefined, typeof trained][] = [
        [undefined, defaultsSeen],
        [trained, defaultsSeen],
        [undefined, defaultsSeen],
        [trained, changed],
        [undefined, defaultsSeen],
      ];
      for (const [given, expected] of steps) {
        if (given === trained) Object.assign(trained, expected);
        for (const dtype of ['f32', 'f64'] as const) {
          // float32 kernels see float32 parameters: a = 1.2 runs as 1.2000000476837158.
          const seen = dtype === 'f32' ? { a: Math.fround(expected.a), b: Math.fround(expected.b) } : expected;
          if (pass === 'forward') {
            const y = dtype === 'f32' ? z.forward('symmetric', x32, given, out32).array : z.forward('symmetric', x64, given);
            xs.forEach((v, i) => {
              const want = reference.forward('symmetric', v, seen);
              expect(Math.abs(y[i] - want)).toBeLessThanOrEqual(dtype === 'f32' ? 2 ** -22 : 1e-15);
            });
          } else {
            const { grads } = dtype === 'f32'
              ? z.backward('symmetric', x32, dy32, given, out32)
              : z.backward('symmetric', x64, new Float64Array(dys), given);
            const want = reference.backward('symmetric', xs, dys, seen).grads;
            const tolerance = dtype === 'f32' ? 1e-6 : 1e-13;
            expect(Math.abs(grads.a - want.a)).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(want.a)));
            expect(Math.abs(grads.b - want.b)).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(want.b)));
          }
        }
      }
    }
  });
});
