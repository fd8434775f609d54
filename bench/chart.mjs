// The benchmark's outputs from its results: the Markdown table (README, console) and docs/bench.svg,
// Gelem/s per competitor and size for float32 on zero-copy tensors, one panel per operation, on a
// log axis (the competitors span three decades). Plain SVG, no dependencies.
// `node bench/chart.mjs` re-renders both from docs/bench.json.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const COLORS = {
  'zorro-simd': '#1f77b4',
  'zorro-relaxed': '#17becf',
  'zorro-scalar': '#9467bd',
  'plain-js': '#7f7f7f',
  'tfjs-sigmoid': '#ff7f0e',
  'tfjs-relu': '#d62728',
};

const escape = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;');

export function renderChart(json) {
  const ops = ['forward', 'derivative', 'backward'];
  const sizes = [...new Set(json.results.map((r) => r.n))];
  const names = Object.keys(COLORS).filter((c) => json.results.some((r) => r.results[c]));
  const all = json.results.flatMap((r) => Object.values(r.results).map((v) => v.gelemPerS));
  const lo = 10 ** Math.floor(Math.log10(Math.min(...all)));
  const hi = 10 ** Math.ceil(Math.log10(Math.max(...all)));
  const panelW = 300;
  const left = 60;
  const top = 50;
  const plotH = 260;
  const bar = Math.floor((panelW - 40) / (sizes.length * names.length + sizes.length));
  const width = left + ops.length * (panelW + 20) + 10;
  const height = top + plotH + 90;
  const y = (v) => top + plotH - (Math.log10(v / lo) / Math.log10(hi / lo)) * plotH;
  const out = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11">`);
  out.push(`<rect width="100%" height="100%" fill="white"/>`);
  out.push(`<text x="${left}" y="20" font-size="14">Zorro (symmetric) vs plain JS and TensorFlow.js WASM, float32 zero-copy tensors, Gelem/s (log)</text>`);
  out.push(`<text x="${left}" y="36" fill="#555">${escape(json.machine.cpu)}, ${json.machine.cores} cores, Node ${escape(json.machine.node)}, ${json.date.slice(0, 10)}; medians of CPU time over interleaved rounds</text>`);
  for (let d = Math.log10(lo); d <= Math.log10(hi); d++) {
    const v = 10 ** d;
    out.push(`<line x1="${left}" x2="${width - 10}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/>`);
    out.push(`<text x="${left - 6}" y="${y(v) + 4}" text-anchor="end">${v >= 1 ? v : v.toPrecision(1)}</text>`);
  }
  ops.forEach((op, p) => {
    const x0 = left + 10 + p * (panelW + 20);
    out.push(`<text x="${x0 + panelW / 2 - 20}" y="${top + plotH + 34}" text-anchor="middle" font-weight="bold">${op}</text>`);
    sizes.forEach((n, s) => {
      const r = json.results.find((e) => e.op === op && e.dtype === 'f32' && e.n === n && e.mode === 'tensor');
      const gx = x0 + s * (names.length + 1) * bar;
      names.forEach((name, i) => {
        const v = r?.results[name]?.gelemPerS;
        if (!v) return;
        const bx = gx + i * bar;
        out.push(`<rect x="${bx}" y="${y(v)}" width="${bar - 1}" height="${top + plotH - y(v)}" fill="${COLORS[name]}"><title>${name} ${op} ${n}: ${v.toFixed(3)} Gelem/s</title></rect>`);
      });
      const label = n >= 1 << 20 ? `${n >> 20}M` : `${n >> 10}K`;
      out.push(`<text x="${gx + (names.length * bar) / 2}" y="${top + plotH + 14}" text-anchor="middle">${label}</text>`);
    });
  });
  names.forEach((name, i) => {
    const lx = left + i * 130;
    out.push(`<rect x="${lx}" y="${height - 28}" width="12" height="12" fill="${COLORS[name]}"/>`);
    out.push(`<text x="${lx + 16}" y="${height - 18}">${name}</text>`);
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

const COLUMNS = Object.keys(COLORS);
const sizeName = (n) => (n >= 1 << 20 ? `${n >> 20}M` : `${n >> 10}K`);

/** Gelem/s of every competitor per case, and the best Zorro build's ratios to tfjs sigmoid and plain JS. */
export function renderTable(results) {
  const fmt = (v) => (v === undefined ? '—' : v.toFixed(3));
  const header = ['op', 'dtype', 'n', 'data', ...COLUMNS, 'best Zorro / tfjs-sigmoid', 'best Zorro / plain-js'];
  const rows = results.map(({ op, dtype, n, mode, results: r }) => {
    const sigmoid = results.find((e) => e.op === 'forward' && e.dtype === 'f32' && e.n === n && e.mode === mode).results['tfjs-sigmoid'];
    const best = Math.max(r['zorro-simd'].gelemPerS, r['zorro-relaxed']?.gelemPerS ?? 0);
    return [op, dtype, sizeName(n), mode, ...COLUMNS.map((c) => fmt(r[c]?.gelemPerS)),
      `${(best / sigmoid.gelemPerS).toFixed(2)}×`, `${(best / r['plain-js'].gelemPerS).toFixed(1)}×`];
  });
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
}

/** The per-member table: one row per member and operation, a column per vector build. */
export function renderMembers(members) {
  const columns = [
    ['zorro-simd', 'simd f32'], ['zorro-relaxed', 'relaxed f32'], ['zorro-scalar', 'scalar f32'],
    ['zorro-simd-f64', 'simd f64'], ['zorro-relaxed-f64', 'relaxed f64'], ['zorro-scalar-f64', 'scalar f64'],
  ].filter(([key]) => members.some((m) => m.results[key]));
  return [
    `| member | op | ${columns.map(([, label]) => label).join(' | ')} |`,
    `|---|---|${columns.map(() => '---').join('|')}|`,
    ...members.map(({ member, op, results: r }) => `| ${member} | ${op} | ${columns.map(([key]) => r[key]?.gelemPerS.toFixed(3) ?? '—').join(' | ')} |`),
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const path = new URL('../docs/bench.json', import.meta.url);
  const json = JSON.parse(readFileSync(path, 'utf8'));
  json.table = renderTable(json.results);
  if (json.members) json.membersTable = renderMembers(json.members);
  writeFileSync(path, `${JSON.stringify(json, null, 2)}\n`);
  writeFileSync(new URL('../docs/bench.svg', import.meta.url), renderChart(json));
  console.log(json.table);
}
