// Shared by the benchmarks: deterministic inputs and a median.

/**
 * x spread over [-6, 7): both humps, the linear middle (a tenth of the elements) and the tails,
 * in a scrambled order so that branchy code pays its real branch-misprediction cost.
 * dy in [-2, 2).
 */
export function inputs(n, dtype) {
  const Array_ = dtype === 'f32' ? Float32Array : Float64Array;
  const x = new Array_(n);
  const dy = new Array_(n);
  let state = 0x9e3779b9;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  for (let i = 0; i < n; i++) {
    x[i] = -6 + 13 * next();
    dy[i] = -2 + 4 * next();
  }
  return { x, dy };
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * This process's CPU time in milliseconds (µs resolution). The machine's two cores are shared
 * with other jobs, so wall-clock time mostly measures the scheduler; every competitor here is
 * single-threaded, so CPU time is the time the code itself took.
 */
export function cpuNow() {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}
