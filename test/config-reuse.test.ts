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
});
