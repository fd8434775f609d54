// Every preset re-measured against its target: it fails if the error is worse than documented.
import { beforeAll, describe, expect, it } from 'vitest';
import { type Zorro, erf, loadZorro, presets, reference, targets } from '../src/index.js';

let z: Zorro;
beforeAll(async () => {
  z = await loadZorro();
});

describe('erf (our own, for GELU)', () => {
  // Known values (Abramowitz & Stegun table 7.1, to 16 digits).
  it.each([
    [0, 0],
    [0.1, 0.1124629160182849],
    [0.5, 0.5204998778130465],
    [1, 0.8427007929497149],
    [1.5, 0.9661051464753108],
    [2, 0.9953222650189527],
    [3, 0.9999779095030014],
    [4, 0.9999999845827421],
  ])('erf(%d) = %d', (x, value) => {
    expect(Math.abs(erf(x) - value)).toBeLessThanOrEqual(4e-16);
    expect(Math.abs(erf(-x) + value)).toBeLessThanOrEqual(4e-16);
  });

  it('GELU, SiLU and DGELU at known points', () => {
    expect(targets.gelu(1)).toBeCloseTo(0.8413447460685429, 15); // Φ(1)
    expect(targets.gelu(-1)).toBeCloseTo(-0.15865525393145707, 15);
    expect(targets.silu(1)).toBeCloseTo(0.7310585786300049, 15);
    expect(targets.dgelu(0)).toBe(0.5);
    // DGELU is GELU′: central differences agree.
    for (const x of [-3, -1.2, 0.4, 2.2]) {
      expect(targets.dgelu(x)).toBeCloseTo((targets.gelu(x + 1e-6) - targets.gelu(x - 1e-6)) / 2e-6, 8);
    }
  });
});

describe.each(Object.entries(presets))('preset %s', (name, preset) => {
  const grid = (n: number) => Array.from({ length: n }, (_, i) => preset.range[0] + ((preset.range[1] - preset.range[0]) * i) / (n - 1));

  it('stays within its documented max |error| on its range (reference, float64)', () => {
    let worst = 0;
    for (const x of grid(4001)) {
      worst = Math.max(worst, Math.abs(reference.forward(preset.variant, x, preset.params as never) - targets[preset.target](x)));
    }
    expect(worst).toBeLessThanOrEqual(preset.maxAbsError);
    // The documented bound is tight (rounded up by at most 1%), not a blanket allowance.
    expect(worst).toBeGreaterThan(preset.maxAbsError * 0.98);
  });

  it('the kernels reproduce it: float64 and float32', () => {
    const x = new Float64Array(grid(10007));
    const y64 = z.forward(preset.variant, x, preset.params as never);
    const y32 = z.forward(preset.variant, new Float32Array(x), preset.params as never);
    for (let i = 0; i < x.length; i++) {
      const err = Math.abs(y64[i] - targets[preset.target](x[i]));
      expect(err).toBeLessThanOrEqual(preset.maxAbsError * 1.001);
      expect(Math.abs(y32[i] - targets[preset.target](Math.fround(x[i])))).toBeLessThanOrEqual(preset.maxAbsError * 1.001 + 1e-6);
    }
  });

  it('names a known variant, target and a sane range', () => {
    expect(typeof targets[preset.target]).toBe('function');
    expect(preset.range[0]).toBeLessThan(preset.range[1]);
    expect(preset.description.length).toBeGreaterThan(10);
    expect(name).toMatch(/^[a-z][A-Za-z0-9]*$/);
  });
});
