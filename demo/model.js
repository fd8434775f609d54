// What the demo page and scripts/figures.mjs share: the plotted ranges, the sampling of kernels
// and presets, and one SVG plotter, so that the page and the README figures draw the same
// pictures from the same numbers. Plain ES module: it runs in browsers and in Node.

/** The x window each function is shown on: wide enough to show both humps and the tails. */
export const X_RANGES = {
  symmetric: [-4, 5],
  asymmetric: [-4, 5],
  sigmoid: [-6, 6],
  tanh: [-4, 4],
  sloped: [-5, 4],
};

export const TITLES = {
  symmetric: 'Symmetric-Zorro',
  asymmetric: 'Asymmetric-Zorro',
  sigmoid: 'Sigmoid-Zorro',
  tanh: 'Tanh-Zorro',
  sloped: 'Sloped-Zorro',
};

/** Slider bounds for a parameter of the table in src/params.ts; the number box accepts the whole domain. */
export function sliderRange(spec) {
  if (spec.domain === 'positive') return { min: 0.05, max: Math.max(8, 3 * spec.default), step: 0.01 };
  return { min: Math.min(-3, spec.default - 3), max: Math.max(3, spec.default + 3), step: 0.01 };
}

/** Whether a value lies in a parameter's domain (the loader refuses the rest with a RangeError). */
export const inDomain = (spec, value) =>
  Number.isFinite(value) && (spec.domain !== 'positive' || value > 0);

export const defaultParams = (variantSpec) =>
  Object.fromEntries(variantSpec.params.map((p) => [p.name, p.default]));

/** Evenly spaced float32 samples of [lo, hi]. */
export function grid([lo, hi], n) {
  const xs = new Float32Array(n);
  for (let i = 0; i < n; i++) xs[i] = lo + ((hi - lo) * i) / (n - 1);
  return xs;
}

/** f and f' of one function on one window, computed by the wasm kernels of `z`. */
export function sampleFunction(z, variant, params, range, n = 481) {
  const xs = grid(range, n);
  return { xs, y: z.forward(variant, xs, params), dy: z.derivative(variant, xs, params) };
}

/** A preset against its target: kernel output, target, and the max |error| on the sampled grid. */
export function samplePreset(z, preset, target, n = 801) {
  const xs = grid(preset.range, n);
  const y = z.forward(preset.variant, xs, preset.params);
  const t = Float64Array.from(xs, target);
  let maxError = 0;
  for (let i = 0; i < n; i++) maxError = Math.max(maxError, Math.abs(y[i] - t[i]));
  return { xs, y, t, maxError };
}

export const COLORS = ['#1f5fbf', '#c2410c', '#15803d', '#7e22ce', '#b91c1c', '#0e7490'];

/** Tick step of 1, 2 or 5 times a power of ten giving about `count` ticks over `span`. */
function tickStep(span, count) {
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const scaled = raw / power;
  return (scaled < 1.5 ? 1 : scaled < 3.5 ? 2 : scaled < 7.5 ? 5 : 10) * power;
}

const ticks = (lo, hi, count) => {
  const step = tickStep(hi - lo, count);
  const out = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return out;
};

const escapeXml = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
const fmt = (v) => Number(v.toPrecision(6)).toString();

function yExtent(series, fills) {
  let lo = Infinity;
  let hi = -Infinity;
  const take = (ys) => {
    for (const v of ys) if (Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  };
  for (const s of series) take(s.ys);
  for (const f of fills) { take(f.y0); take(f.y1); }
  if (!(hi > lo)) { lo -= 1; hi += 1; }
  const pad = (hi - lo) * 0.06;
  return [lo - pad, hi + pad];
}

/**
 * One plot as an SVG element string. series: [{ xs, ys, color, dash?, width?, label? }];
 * fills: [{ xs, y0, y1, color, opacity?, label? }] shaded between y0 and y1.
 */
export function plotSvg({
  width = 480, height = 300, x = 0, y = 0, xRange, yRange, series = [], fills = [], title = '', id,
}) {
  const m = { left: 44, right: 12, top: title ? 26 : 10, bottom: 26 };
  const [x0, x1] = xRange;
  const [y0, y1] = yRange ?? yExtent(series, fills);
  const pw = width - m.left - m.right;
  const ph = height - m.top - m.bottom;
  const px = (v) => m.left + ((v - x0) / (x1 - x0)) * pw;
  const py = (v) => m.top + (1 - (v - y0) / (y1 - y0)) * ph;
  const clip = `clip-${id ?? Math.random().toString(36).slice(2)}`;
  const out = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" x="${x}" y="${y}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif" font-size="11">`);
  out.push(`<rect width="${width}" height="${height}" fill="#fff"/>`);
  out.push(`<defs><clipPath id="${clip}"><rect x="${m.left}" y="${m.top}" width="${pw}" height="${ph}"/></clipPath></defs>`);
  for (const t of ticks(x0, x1, 8)) {
    out.push(`<line x1="${px(t).toFixed(1)}" x2="${px(t).toFixed(1)}" y1="${m.top}" y2="${m.top + ph}" stroke="${t === 0 ? '#888' : '#e5e5e5'}"/>`);
    out.push(`<text x="${px(t).toFixed(1)}" y="${m.top + ph + 15}" text-anchor="middle" fill="#444">${fmt(t)}</text>`);
  }
  for (const t of ticks(y0, y1, 6)) {
    out.push(`<line x1="${m.left}" x2="${m.left + pw}" y1="${py(t).toFixed(1)}" y2="${py(t).toFixed(1)}" stroke="${t === 0 ? '#888' : '#e5e5e5'}"/>`);
    out.push(`<text x="${m.left - 5}" y="${(py(t) + 4).toFixed(1)}" text-anchor="end" fill="#444">${fmt(t)}</text>`);
  }
  // Screen coordinates of finite samples, at most one per 0.75 px of x (plus the last): denser
  // samples draw the same picture and only make the SVG bigger.
  const screenPoints = (xs, ys) => {
    const points = [];
    let lastX = -Infinity;
    for (let i = 0; i < xs.length; i++) {
      if (!Number.isFinite(ys[i])) continue;
      const sx = px(xs[i]);
      if (sx - lastX < 0.75 && i !== xs.length - 1) continue;
      points.push([sx.toFixed(1), py(ys[i]).toFixed(1)]);
      lastX = sx;
    }
    return points;
  };
  out.push(`<g clip-path="url(#${clip})">`);
  for (const f of fills) {
    const top = screenPoints(f.xs, f.y0);
    const bottom = screenPoints(f.xs, f.y1).reverse();
    out.push(`<polygon points="${top.concat(bottom).map((q) => q.join(',')).join(' ')}" fill="${f.color}" fill-opacity="${f.opacity ?? 0.3}" stroke="none"/>`);
  }
  for (const s of series) {
    const d = screenPoints(s.xs, s.ys).map(([qx, qy], i) => `${i === 0 ? 'M' : 'L'}${qx} ${qy}`).join('');
    out.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="${s.width ?? 2}"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''} stroke-linejoin="round"/>`);
  }
  out.push('</g>');
  out.push(`<rect x="${m.left}" y="${m.top}" width="${pw}" height="${ph}" fill="none" stroke="#999"/>`);
  if (title) out.push(`<text x="${m.left}" y="16" font-size="13" font-weight="600" fill="#111">${escapeXml(title)}</text>`);
  const legend = [...series, ...fills].filter((s) => s.label);
  legend.forEach((s, i) => {
    const ly = m.top + 14 + i * 15;
    const lx = m.left + 8;
    const isFill = 'y0' in s;
    out.push(isFill
      ? `<rect x="${lx}" y="${ly - 7}" width="18" height="9" fill="${s.color}" fill-opacity="${s.opacity ?? 0.3}"/>`
      : `<line x1="${lx}" x2="${lx + 18}" y1="${ly - 3}" y2="${ly - 3}" stroke="${s.color}" stroke-width="${s.width ?? 2}"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>`);
    out.push(`<text x="${lx + 23}" y="${ly + 1}" fill="#222" paint-order="stroke" stroke="#fff" stroke-width="3">${escapeXml(s.label)}</text>`);
  });
  out.push('</svg>');
  return out.join('');
}

/** A preset's plot: the Zorro curve, its target dashed, and the error between them shaded. */
export function presetPlot(name, preset, sample, options = {}) {
  return plotSvg({
    ...options,
    xRange: preset.range,
    title: `${name}: ${preset.variant} vs ${preset.target}, max |err| ${sample.maxError.toExponential(2)}`,
    fills: [{ xs: sample.xs, y0: sample.y, y1: sample.t, color: '#dc2626', opacity: 0.35, label: 'error' }],
    series: [
      { xs: sample.xs, ys: sample.t, color: '#111', dash: '5 4', width: 1.5, label: preset.target },
      { xs: sample.xs, ys: sample.y, color: COLORS[0], label: `${preset.variant}-Zorro` },
    ],
  });
}

/** Lays out panel SVG strings in a grid inside one SVG document. */
export function panelGrid(panels, { columns, width, height }) {
  const rows = Math.ceil(panels.length / columns);
  const body = panels.map((make, i) => make({ x: (i % columns) * width, y: Math.floor(i / columns) * height, width, height }));
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${columns * width}" height="${rows * height}" viewBox="0 0 ${columns * width} ${rows * height}"><rect width="100%" height="100%" fill="#fff"/>${body.join('')}</svg>\n`;
}
