// Symmetric-Zorro in plain JavaScript: the honest baseline a user would write without wasm.
// One Math.exp per element on the humps, float64 arithmetic, results stored in the caller's
// typed array. Written from ZORRO.md, not from the kernel; bench/run.mjs checks it against
// `reference` before timing it. Finite inputs only (±∞ gives NaN on the humps).

/** The three entry points for fixed (a, b), with k = 1 + e^(ab) computed once. */
export function plainZorro(a, b) {
  const eab = Math.exp(a * b);
  const k = 1 + eab;

  function forward(x, out) {
    const n = x.length;
    for (let i = 0; i < n; i++) {
      const v = x[i];
      if (v < 0) {
        out[i] = (k * v) / (1 + Math.exp(-a * (v - b)));
      } else if (v <= 1) {
        out[i] = v;
      } else {
        const t = 1 - v;
        out[i] = 1 - (k * t) / (1 + Math.exp(-a * (t - b)));
      }
    }
    return out;
  }

  function derivative(x, out) {
    const n = x.length;
    for (let i = 0; i < n; i++) {
      const v = x[i];
      if (v >= 0 && v <= 1) {
        out[i] = 1;
        continue;
      }
      const t = v < 0 ? v : 1 - v;
      const e = Math.exp(-a * (t - b));
      const g = 1 / (1 + e); // G, and 1 − G = e·G without cancellation
      out[i] = k * g * (1 + a * t * e * g);
    }
    return out;
  }

  /** dx = dy·Z′(x); returns { a, b }: Σ dy·∂Z/∂a and Σ dy·∂Z/∂b. */
  function backward(x, dy, dx) {
    const n = x.length;
    let gradA = 0;
    let gradB = 0;
    for (let i = 0; i < n; i++) {
      const v = x[i];
      if (v >= 0 && v <= 1) {
        dx[i] = dy[i];
        continue;
      }
      const left = v < 0;
      const t = left ? v : 1 - v;
      const e = Math.exp(-a * (t - b));
      const g = 1 / (1 + e);
      const kGG = k * g * e * g; // k·G·(1 − G)
      dx[i] = dy[i] * (k * g + a * t * kGG);
      const w = left ? dy[i] * t : -dy[i] * t;
      gradA += w * (b * eab * g + kGG * (t - b));
      gradB += w * (a * eab * g - a * kGG);
    }
    return { a: gradA, b: gradB };
  }

  return { forward, derivative, backward };
}
