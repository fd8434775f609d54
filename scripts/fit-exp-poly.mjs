// Reproduces the polynomial constants in assembly/exp.ts.
// e^r on |r| <= ln2/2 is interpolated at Chebyshev nodes (near-minimax) and the
// monomial coefficients are printed with the max relative error over a dense grid.
// Usage: node scripts/fit-exp-poly.mjs [degree] [f32|f64]
const degree = Number(process.argv[2] ?? 6);
const dtype = process.argv[3] ?? 'f32';
const half = Math.LN2 / 2;
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
