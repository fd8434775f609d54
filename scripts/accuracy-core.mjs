// The float32 sweep's measuring stick, shared by `npm run accuracy` (full 2^32 sweep, float64-kernel
// oracle) and test/sweep.test.ts (strided sweep, JS reference oracle). It imports nothing from the
// library: callers pass in the library they test (dist/ for the script, src/ for vitest).

/** The bars of ../shared/ZORRO.md's contract as this project sets them (test/accuracy.test.ts uses the same). */
export const BARS = Object.freeze({
  forwardUlp: 4,
  derivativeUlp: 16,
  derivativeAbs: 2 ** -22,
  f64Relative: 2 ** -44,
});

/** Regions, in u-space (u = s·x) from the parameter table's shape; `specials` wins over the rest. */
export const REGIONS = Object.freeze(['left', 'joints', 'linear', 'right', 'tails', 'specials']);
export const REGION_LABELS = Object.freeze({
  left: 'left hump (u < uLeft)',
  joints: 'joints (within 1/16 in Z-space)',
  linear: 'linear segment',
  right: 'right hump (u > uRight)',
  tails: 'tails (hump below float32 resolution)',
  specials: 'specials (NaN, ±Inf, ±0, subnormals)',
});
const REGION_INDEX = Object.fromEntries(REGIONS.map((r, i) => [r, i]));

/** Parameter sets of the sweep: defaults, a·b beyond float32's e^(a·b) range, a negative b with s = 0.3, and (Asymmetric-Zorro) two different humps. */
export function sweepParamSets(variant, defaults) {
  const base = { ...defaults[variant] };
  const withAB = (a, b, extra) => {
    const p = { ...base };
    for (const n of Object.keys(p)) {
      if (n.startsWith('a')) p[n] = a;
      if (n.startsWith('b')) p[n] = b;
    }
    if ('s' in p) p.s = 0.3;
    return { ...p, ...extra };
  };
  const sets = {
    default: base,
    'large-ab': withAB(20, 5, 'm' in base ? { m: 1 } : {}),
    'negative-b': withAB(1.5, -1, 'm' in base ? { m: 0.5 } : {}),
  };
  // Asymmetric-Zorro's own case: humps of different shapes (a·b = 1.75 on the left, −1.8 on the right).
  if ('aNeg' in base) sets['split-sides'] = { aNeg: 0.7, bNeg: 2.5, aPos: 6, bPos: -0.3 };
  return sets;
}

/** The parameters a float32 kernel actually sees: the contract compares with these on both sides. */
export const fround32 = (params) => Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Math.fround(v)]));

/** x → region index, from the variant's shape: joints within 1/16 (Z-space), tails past b + 40/a. */
export function regionClassifier(VARIANTS, variant, params) {
  const shape = VARIANTS[variant].shape(params);
  const { s, half, uLeft, uRight } = shape;
  const tailStart = (side) => Math.max(side.b, 0) + 40 / side.a;
  const leftTail = tailStart(shape.left);
  const rightTail = tailStart(shape.right);
  const J = REGION_INDEX.joints;
  return (x) => {
    const ax = Math.abs(x);
    if (!(ax >= 2 ** -126) || ax === Infinity) return REGION_INDEX.specials;
    const u = s * x;
    const dl = (uLeft - u) * half;
    const dr = (u - uRight) * half;
    if (Math.abs(dl) <= 1 / 16 || Math.abs(dr) <= 1 / 16) return J;
    if (dl > 0) return dl >= leftTail ? REGION_INDEX.tails : REGION_INDEX.left;
    if (dr > 0) return dr >= rightTail ? REGION_INDEX.tails : REGION_INDEX.right;
    return REGION_INDEX.linear;
  };
}

/** What ZORRO.md's special-value table says f(x) and f'(x) are, or undefined where it gives no closed form. */
export function specExpectation(variant, params, x) {
  const p = fround32(params);
  if (Number.isNaN(x)) return { y: NaN, d: NaN };
  if (x === Infinity) {
    if (variant === 'sloped') return { y: p.m > 0 ? Infinity : p.m < 0 ? -Infinity : 1, d: p.m };
    return { y: 1, d: 0 };
  }
  if (x === -Infinity) return { y: variant === 'tanh' ? -1 : 0, d: 0 };
  // ±0 and subnormals sit on the linear segment: f = x exactly (Z, A, L), ½ + s·x (S), s·x (T).
  if (variant === 'sigmoid') return { y: Math.fround(0.5 + p.s * x), d: p.s };
  if (variant === 'tanh') return { y: Math.fround(p.s * x), d: p.s };
  return { y: x, d: 1 };
}

const sameValue = (a, b) => Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b)) || (a === b && a !== 0);

/** Spec mismatches: ±0 must keep its sign for the forward value (f = x); -0 equals 0 everywhere else. */
function specialMismatch(variant, params, x, y, d) {
  const want = specExpectation(variant, params, x);
  const forwardOk = x === 0 && variant !== 'sigmoid' ? Object.is(y, want.y) : sameValue(y, want.y) || (y === 0 && want.y === 0);
  const derivativeOk = sameValue(d, want.d) || (d === 0 && want.d === 0);
  return { forwardOk, derivativeOk, want };
}

// ULP of float32 by exponent field, floored at 2^-16 (exponent field 111).
const ULP_BY_EXPONENT = new Float64Array(256).map((_, e) => 2 ** (Math.max(e, 111) - 127 - 23));

/** Exact scalar version of the contract's ULP error (used for rechecks and odd cases). */
export function ulpError32(value, ref) {
  if (Object.is(value, ref) || (Number.isNaN(value) && Number.isNaN(ref))) return 0;
  const rounded = Math.fround(ref);
  if (!Number.isFinite(rounded) || !Number.isFinite(value)) return value === rounded ? 0 : Infinity;
  return Math.abs(value - ref) / ulp32(ref);
}
export function ulp32(v) {
  const a = Math.max(Math.abs(Math.fround(v)), 2 ** -16);
  return 2 ** (Math.floor(Math.log2(a)) - 23);
}
/** The derivative bar for a reference value: err ≤ 16 ULP + 2^-22. */
export const derivativeBar = (ref) => BARS.derivativeUlp * ulp32(ref) + BARS.derivativeAbs;

/** The best `keep` entries by score, cheap to feed with millions of candidates. */
class Worst {
  constructor(keep) { this.keep = keep; this.items = []; this.min = 0; }
  offer(score, x) {
    if (!(score > this.min)) return;
    if (this.items.some((it) => Object.is(it.x, x))) return;
    this.items.push({ score, x });
    this.items.sort((a, b) => b.score - a.score);
    if (this.items.length > this.keep) this.items.length = this.keep;
    if (this.items.length >= this.keep) this.min = this.items[this.items.length - 1].score;
  }
}

function newRegionStats(keep) {
  return {
    count: 0,
    forward: { maxUlp: 0, maxAbs: 0, overBar: 0, worstUlp: new Worst(keep), worstAbs: new Worst(1) },
    derivative: { maxUlp: 0, maxAbs: 0, maxBarRatio: 0, overBar: 0, worstBar: new Worst(keep), worstAbs: new Worst(1) },
    specialsChecked: 0,
    specialsDiffer: 0,
    specialExamples: [],
  };
}

/**
 * Accumulates per-region errors of a float32 kernel's outputs (y, d) against oracle values (refY, refD)
 * on the inputs x. Everything is typed-array work; the exact ULP definition runs only for non-finite cases.
 */
export class SweepStats {
  constructor({ VARIANTS, variant, params, keep = 6, maxChunk = 1 << 16 }) {
    this.variant = variant;
    this.params = params;
    this.classify = regionClassifier(VARIANTS, variant, params);
    this.regions = REGIONS.map(() => newRegionStats(keep));
    this.patterns = 0;
    this.refF32 = new Float32Array(maxChunk);
    this.refBits = new Uint32Array(this.refF32.buffer);
    this.refDF32 = new Float32Array(maxChunk);
    this.refDBits = new Uint32Array(this.refDF32.buffer);
  }

  /** Compares one chunk; x, y, d are Float32Arrays, refY and refD Float64Arrays, all of length n. */
  add(x, y, d, refY, refD, n) {
    const rf = this.refF32.subarray(0, n);
    rf.set(refY.subarray(0, n));
    const rdf = this.refDF32.subarray(0, n);
    rdf.set(refD.subarray(0, n));
    const bits = this.refBits;
    const dbits = this.refDBits;
    const regions = this.regions;
    const classify = this.classify;
    const fBar = BARS.forwardUlp;
    const dBarUlp = BARS.derivativeUlp;
    const dBarAbs = BARS.derivativeAbs;
    this.patterns += n;
    for (let i = 0; i < n; i++) {
      const xi = x[i];
      const r = regions[classify(xi)];
      r.count++;
      // Forward.
      const yi = y[i];
      const ry = refY[i];
      let err = yi - ry;
      if (err < 0) err = -err;
      let ulps;
      const e = (bits[i] >>> 23) & 0xff;
      if (err <= 1e300 && e !== 255) ulps = err / ULP_BY_EXPONENT[e];
      else { ulps = ulpError32(yi, ry); err = ulps === 0 ? 0 : Infinity; }
      const fw = r.forward;
      if (ulps > fw.maxUlp) fw.maxUlp = ulps;
      if (ulps > fBar) fw.overBar++;
      if (ulps > fw.worstUlp.min) fw.worstUlp.offer(ulps, xi);
      if (err > fw.maxAbs) { fw.maxAbs = err; fw.worstAbs.offer(err, xi); }
      // Derivative: the bar is 16 ULP + 2^-22 absolute.
      const di = d[i];
      const rd = refD[i];
      let dErr = di - rd;
      if (dErr < 0) dErr = -dErr;
      let dUlps;
      let ratio;
      const de = (dbits[i] >>> 23) & 0xff;
      if (dErr <= 1e300 && de !== 255) {
        const u = ULP_BY_EXPONENT[de];
        dUlps = dErr / u;
        ratio = dErr / (dBarUlp * u + dBarAbs);
      } else {
        dUlps = ulpError32(di, rd);
        dErr = dUlps === 0 ? 0 : Infinity;
        ratio = dUlps === 0 ? 0 : Infinity;
      }
      const dv = r.derivative;
      if (dUlps > dv.maxUlp) dv.maxUlp = dUlps;
      if (ratio > 1) dv.overBar++;
      if (ratio > dv.maxBarRatio) dv.maxBarRatio = ratio;
      if (ratio > dv.worstBar.min) dv.worstBar.offer(ratio, xi);
      if (dErr > dv.maxAbs) { dv.maxAbs = dErr; dv.worstAbs.offer(dErr, xi); }
    }
  }

  /** Checks the special inputs of a chunk against ZORRO.md's table (call with every chunk). */
  addSpecials(x, y, d, n) {
    const r = this.regions[REGION_INDEX.specials];
    for (let i = 0; i < n; i++) {
      const xi = x[i];
      const ax = Math.abs(xi);
      if (ax >= 2 ** -126 && ax !== Infinity) continue;
      r.specialsChecked++;
      const { forwardOk, derivativeOk, want } = specialMismatch(this.variant, this.params, xi, y[i], d[i]);
      if (forwardOk && derivativeOk) continue;
      r.specialsDiffer++;
      if (r.specialExamples.length < 8) r.specialExamples.push({ x: xi, y: y[i], d: d[i], specY: want.y, specD: want.d });
    }
  }

  /** Merges another SweepStats of the same function and parameters (e.g. from a worker). */
  merge(other) {
    this.patterns += other.patterns;
    this.regions.forEach((r, k) => {
      const o = other.regions[k];
      r.count += o.count;
      for (const kind of ['forward', 'derivative']) {
        const a = r[kind];
        const b = o[kind];
        for (const f of ['maxUlp', 'maxAbs', 'maxBarRatio', 'overBar']) {
          if (f in a) a[f] = f === 'overBar' ? a[f] + b[f] : Math.max(a[f], b[f]);
        }
        for (const w of ['worstUlp', 'worstBar', 'worstAbs']) if (a[w]) for (const it of b[w].items) a[w].offer(it.score, it.x);
      }
      r.specialsChecked += o.specialsChecked;
      r.specialsDiffer += o.specialsDiffer;
      r.specialExamples.push(...o.specialExamples.slice(0, 8 - r.specialExamples.length));
    });
  }

  /**
   * Plain-data summary. With `recheck(x) → { y, d, refY, refD }`, every kept worst input is re-measured
   * against that (the JS reference) and reported with its kernel value and the reference value.
   */
  summary(recheck) {
    const describe = (x) => {
      if (!recheck) return { x };
      const { y, d, refY, refD } = recheck(x);
      return {
        x, y, refY, forwardUlp: ulpError32(y, refY), forwardAbs: Math.abs(y - refY),
        d, refD, derivativeUlp: ulpError32(d, refD), derivativeAbs: Math.abs(d - refD),
        derivativeBarRatio: Object.is(d, refD) || (Number.isNaN(d) && Number.isNaN(refD)) ? 0 : Math.abs(d - refD) / derivativeBar(refD),
      };
    };
    const out = { patterns: this.patterns, regions: {} };
    this.regions.forEach((r, k) => {
      out.regions[REGIONS[k]] = {
        count: r.count,
        forward: {
          maxUlp: r.forward.maxUlp, maxAbs: r.forward.maxAbs, overBar: r.forward.overBar,
          worst: r.forward.worstUlp.items.filter((it) => it.score > 0).map((it) => describe(it.x)),
          worstAbs: r.forward.worstAbs.items.filter((it) => it.score > 0).map((it) => describe(it.x)),
        },
        derivative: {
          maxUlp: r.derivative.maxUlp, maxAbs: r.derivative.maxAbs, maxBarRatio: r.derivative.maxBarRatio,
          overBar: r.derivative.overBar,
          worst: r.derivative.worstBar.items.filter((it) => it.score > 0).map((it) => describe(it.x)),
          worstAbs: r.derivative.worstAbs.items.filter((it) => it.score > 0).map((it) => describe(it.x)),
        },
        specialsChecked: r.specialsChecked,
        specialsDiffer: r.specialsDiffer,
        specialExamples: r.specialExamples,
      };
    });
    return out;
  }
}

/** Totals over regions of a summary: max ULP, max abs, bar ratio, counts over the bars. */
export function totals(summary) {
  const t = { forwardMaxUlp: 0, forwardMaxAbs: 0, forwardOverBar: 0, derivativeMaxUlp: 0, derivativeMaxAbs: 0, derivativeMaxBarRatio: 0, derivativeOverBar: 0, specialsChecked: 0, specialsDiffer: 0 };
  for (const r of Object.values(summary.regions)) {
    t.forwardMaxUlp = Math.max(t.forwardMaxUlp, r.forward.maxUlp);
    t.forwardMaxAbs = Math.max(t.forwardMaxAbs, r.forward.maxAbs);
    t.forwardOverBar += r.forward.overBar;
    t.derivativeMaxUlp = Math.max(t.derivativeMaxUlp, r.derivative.maxUlp);
    t.derivativeMaxAbs = Math.max(t.derivativeMaxAbs, r.derivative.maxAbs);
    t.derivativeMaxBarRatio = Math.max(t.derivativeMaxBarRatio, r.derivative.maxBarRatio);
    t.derivativeOverBar += r.derivative.overBar;
    t.specialsChecked += r.specialsChecked;
    t.specialsDiffer += r.specialsDiffer;
  }
  return t;
}

/**
 * One chunk of float32 bit patterns start, start+stride, … (n of them, wrapping at 2^32) written into x
 * through its bits, so every pattern (NaNs with payloads, subnormals, −0) is reached exactly.
 */
export function fillPatterns(xBits, start, stride, n) {
  for (let i = 0; i < n; i++) xBits[i] = (start + i * stride) >>> 0;
}

/** Relative error of a float64 result with |ref| floored (the f64 bars). */
export function relError64(value, ref, floor = 2 ** -16) {
  if (Object.is(value, ref) || (Number.isNaN(value) && Number.isNaN(ref))) return 0;
  if (!Number.isFinite(ref) || !Number.isFinite(value)) return value === ref ? 0 : Infinity;
  return Math.abs(value - ref) / Math.max(Math.abs(ref), floor);
}
