// The functions Zorro presets approximate, in float64 plain TypeScript.

/**
 * erf(x) = (2/√π)·e^(−x²)·Σ 2ⁿ·x^(2n+1) / (1·3·5···(2n+1)). Every term is positive, so the sum
 * does not cancel; it needs about x² + 30 terms, and beyond |x| = 6 erf is ±1 to float64.
 */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  if (ax >= 6) return Math.sign(x);
  const x2 = ax * ax;
  let term = ax;
  let sum = ax;
  for (let n = 1; n < 200; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return Math.sign(x) * (2 / Math.sqrt(Math.PI)) * Math.exp(-x2) * sum;
}

/** The standard normal CDF Φ(x) = (1 + erf(x/√2))/2. */
export const normalCdf = (x: number) => 0.5 * (1 + erf(x / Math.SQRT2));
const normalPdf = (x: number) => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
const logistic = (x: number) => 1 / (1 + Math.exp(-x));

export type TargetName = 'gelu' | 'silu' | 'dgelu' | 'sigmoid' | 'tanh' | 'relu';

/** GELU(x) = x·Φ(x); SiLU/Swish(x) = x·σ(x); DGELU = GELU′ = Φ(x) + x·φ(x). */
export const targets: { readonly [T in TargetName]: (x: number) => number } = {
  gelu: (x) => x * normalCdf(x),
  silu: (x) => x * logistic(x),
  dgelu: (x) => normalCdf(x) + x * normalPdf(x),
  sigmoid: logistic,
  tanh: Math.tanh,
  relu: (x) => Math.max(0, x),
};
