// Reproduces the polynomial constants and the table in assembly/exp.ts.
// e^r on |r| <= ln2/(2·table) is interpolated at Chebyshev nodes (near-minimax) and the
// monomial coefficients are printed with the max relative error over a dense grid.
// With table > 1 (the float64 near path: node scripts/fit-exp-poly.mjs 5 f64 32) the interval is
// widened by 1% (n is rounded from a rounded product, so |r| can pass ln2/(2·table) by a little) and
// the table's entries are printed too: the bits of 2^(j/table), correctly rounded, minus
// j << (52 − log2(table)), so that adding n's bits shifted left by that much adds its high part to
// the exponent field and cancels j.
// Usage: node scripts/fit-exp-poly.mjs [degree] [f32|f64] [table]
const degree = Number(process.argv[2] ?? 6);
const dtype = process.argv[3] ?? 'f32';
const table = Number(process.argv[4] ?? 1);
const half = table === 1 ? Math.LN2 / 2 : (Math.LN2 / (2 * table)) * 1.01;
const round = dtype === 'f32' ? Math.fround : (v) => v;

const nodes = Array.from({ length: degree + 1 }, (_, i) => half * Math.cos(((2 * i + 1) * Math.PI) / (2 * (degree + 1))));
// e^r = 1 + r + r^2 q(r): fitting q keeps c0 = c1 = 1 exact, so the result stays accurate near r = 0.
// (e^r - 1 - r) / r^2 is evaluated from its Taylor series to avoid cancellation.
const q = (r) => {
  let sum = 0;
  let term = 0.5;
  for (let k = 2; k < 40; k++) {
    sum += term;
    term *= r / (k + 1);
  }
  return sum;
};
const size = degree - 1;
const qNodes = nodes.slice(0, size).map((_, i) => half * Math.cos(((2 * i + 1) * Math.PI) / (2 * size)));
// Solve the Vandermonde system by Gaussian elimination with partial pivoting.
const m = qNodes.map((r) => [...Array.from({ length: size }, (_, j) => r ** j), q(r)]);
for (let col = 0; col < size; col++) {
  let pivot = col;
  for (let row = col + 1; row < size; row++) if (Math.abs(m[row][col]) > Math.abs(m[pivot][col])) pivot = row;
  [m[col], m[pivot]] = [m[pivot], m[col]];
  for (let row = 0; row < size; row++) {
    if (row === col) continue;
    const f = m[row][col] / m[col][col];
    for (let j = col; j <= size; j++) m[row][j] -= f * m[col][j];
  }
}
const coeffs = [1, 1, ...m.map((row, i) => round(row[size] / row[i]))];
let worst = 0;
for (let i = 0; i <= 100000; i++) {
  const r = -half + (2 * half * i) / 100000;
  let p = 0;
  for (let j = degree; j >= 0; j--) p = p * r + coeffs[j];
  worst = Math.max(worst, Math.abs(p / Math.exp(r) - 1));
}
console.log(`degree ${degree} (${dtype}) max relative error ${worst.toExponential(3)} = 2^${Math.log2(worst).toFixed(2)}`);
coeffs.forEach((c, i) => console.log(`  c${i} = ${c}`));

if (table > 1) {
  const tableBits = Math.log2(table);
  if (!Number.isInteger(tableBits)) throw new RangeError(`table: a power of two, got ${table}`);
  // m in [2^52, 2^53) nearest to 2^52 · 2^(j/table), i.e. m^table nearest to 2^(52·table + j), by bisection.
  const entries = [];
  for (let j = 0; j < table; j++) {
    const target = 1n << BigInt(52 * table + j);
    let low = 1n << 52n;
    let high = 1n << 53n;
    while (high - low > 1n) {
      const mid = (low + high) >> 1n;
      if (mid ** BigInt(table) <= target) low = mid;
      else high = mid;
    }
    // Round to nearest: low + ½ against the exact value, (2·low + 1)^table against 2^(53·table + j).
    const m = (2n * low + 1n) ** BigInt(table) > 1n << BigInt(53 * table + j) ? low : low + 1n;
    const bits = (1023n << 52n) + m - (1n << 52n) - (BigInt(j) << BigInt(52 - tableBits));
    entries.push(`0x${bits.toString(16).padStart(16, '0')}`);
  }
  console.log(`  table (2^(j/${table}) bits minus j << ${52 - tableBits}):`);
  for (let i = 0; i < entries.length; i += 4) console.log(`  ${entries.slice(i, i + 4).join(', ')},`);
}
