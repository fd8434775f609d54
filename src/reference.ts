// The float64 scalar reference: the oracle every kernel is tested against, exported for users.
// It follows ../shared/ZORRO.md literally, branch by branch, with one deliberate difference from
// the kernels: k·G is formed as G + e^(ab)·G, each term overflow-free, rather than the kernels'
// single ratio, so the two do not share their algebra. s·x is split exactly (Dekker), so the
// reference stays exact next to the joints of Sigmoid- and Tanh-Zorro.
import { type ParamsOf, type Shape, type Variant, VARIANTS, checkVariant, resolveParams } from './params.js';

/** A hump's quantities at Z-space distance D ≥ 0 beyond its joint (x = −D, or 1 − x = −D). */
interface Hump {
  /** G = GS(−D) */
  G: number;
  /** k·G = k·GS(−D) */
  g: number;
  /** 1 − G */
  oneMinusG: number;
  /** e^(ab)·G */
  eabG: number;
}

function hump(D: number, a: number, b: number): Hump {
  const z = a * (D + b); // G = GS(−D) = σ(−a(D + b))
  const G = 1 / (1 + Math.exp(z));
  const eabG = 1 / (Math.exp(-a * b) + Math.exp(a * D)); // e^(ab)/(1 + e^(a(D+b)))
  return { G, g: G + eabG, oneMinusG: 1 / (1 + Math.exp(-z)), eabG };
}

/** Z′ on a hump: k·G·(1 − a·D·(1 − G)) (ZORRO.md with x = −D, or t = 1 − x = −D). */
// Where k·G has underflowed to 0, a·D may have overflowed: the slope is 0, not 0·∞.
const humpSlope = (h: Hump, D: number, a: number) => (h.g === 0 ? 0 : h.g * (1 - a * D * h.oneMinusG));

/** s·x = hi + lo exactly (Dekker's product with Veltkamp's split). */
function twoProduct(s: number, x: number): [number, number] {
  const hi = s * x;
  if (!Number.isFinite(hi)) return [hi, 0];
  const split = (v: number): [number, number] => {
    // (2^27 + 1)·v overflows above ~2^996: split a scaled copy (powers of two scale exactly).
    if (Math.abs(v) > 2 ** 996) {
      const [high, low] = split(v * 2 ** -28);
      return [high * 2 ** 28, low * 2 ** 28];
    }
    const c = 134217729 * v; // 2^27 + 1
    const high = c - (c - v);
    return [high, v - high];
  };
  const [sh, sl] = split(s);
  const [xh, xl] = split(x);
  return [hi, ((sh * xh - hi) + sh * xl + sl * xh) + sl * xl];
}

type Geometry = Shape;

function geometry<V extends Variant>(variant: V, params: unknown): Geometry {
  checkVariant(variant);
  return VARIANTS[variant].shape(resolveParams(variant, params));
}

/** Where x falls: the side, the Z-space distance D beyond that side's joint, and u = s·x. */
function locate(g: Geometry, x: number) {
  const [hi, lo] = twoProduct(g.s, x);
  if (hi > g.uRight) return { side: 'right' as const, D: ((hi - g.uRight) + lo) * g.half, hi, lo };
  if (hi < g.uLeft) return { side: 'left' as const, D: ((g.uLeft - hi) - lo) * g.half, hi, lo };
  return { side: 'middle' as const, D: 0, hi, lo };
}

function forwardAt(g: Geometry, x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === -Infinity) return g.yLeft;
  if (x === Infinity) return g.slope > 0 ? Infinity : g.slope < 0 ? -Infinity : g.yRight;
  const at = locate(g, x);
  // Output scale of Z: 2 for Tanh-Zorro (T = 2Z − 1), 1 otherwise; it is 1/half.
  const outScale = 1 / g.half;
  if (at.side === 'middle') return (g.yMiddle + at.hi) + at.lo;
  if (at.side === 'left') {
    const { a, b } = g.left;
    return g.yLeft - outScale * at.D * hump(at.D, a, b).g;
  }
  const { a, b } = g.right;
  const dx = at.D; // Sloped-Zorro has half = 1, so D = x − 1
  // L = 1 + m(x−1) + (1−m)·k(x−1)·GS(1−x); for m = 0 this is Z.
  return g.yRight + g.slope * dx + (1 - g.slope) * outScale * at.D * hump(at.D, a, b).g;
}

function derivativeAt(g: Geometry, x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === -Infinity) return 0;
  if (x === Infinity) return g.slope;
  const at = locate(g, x);
  if (at.side === 'middle') return g.s;
  const { a, b } = at.side === 'left' ? g.left : g.right;
  const zPrime = humpSlope(hump(at.D, a, b), at.D, a);
  // dy/dx = s·(output scale)·Z′(u)·(Z-space per u) = s·Z′ since outScale·half = 1.
  if (at.side === 'left') return g.s * zPrime;
  return g.slope + (1 - g.slope) * g.s * zPrime;
}

/** Per-element ∂y/∂p for every parameter of `variant` (ZORRO.md, "Derivatives in the parameters"). */
function partialsAt(variant: Variant, g: Geometry, x: number): Record<string, number> {
  const names = VARIANTS[variant].params.map((p) => p.name);
  const out: Record<string, number> = Object.fromEntries(names.map((n) => [n, Number.isNaN(x) ? NaN : 0]));
  if (Number.isNaN(x)) return out;
  if (!Number.isFinite(x)) {
    if (variant === 'sloped' && x === Infinity) out.m = Infinity; // x − Z(x) grows without bound
    return out;
  }
  const hasS = variant === 'sigmoid' || variant === 'tanh';
  const at = locate(g, x);
  if (at.side === 'middle') {
    if (hasS) out.s = x; // ∂(s·x + c)/∂s
    return out;
  }
  const { a, b } = at.side === 'left' ? g.left : g.right;
  const D = at.D;
  const h = hump(D, a, b);
  if (hasS) out.s = x * humpSlope(h, D, a); // ∂S/∂s = ∂T/∂s = x·Z′(u)
  // Left branch, x = −D:  ∂f/∂a = x·[b·e^(ab)·G + k·G·(1−G)·(x − b)],  ∂f/∂b = x·[a·e^(ab)·G − k·a·G·(1−G)].
  // Right branch: the same brackets with x → t = 1 − x = −D and an overall minus sign.
  // The brackets are evaluated in forms that do not cancel where the literal ones would:
  // e^(ab)·G − k·G·(1 − G) = G·(g − 1) and g − 1 = −e^(ab)·G·expm1(a·D), exactly.
  // (Where e^(ab)·G has underflowed, g is G alone and the subtraction is exact enough.)
  const gMinusOne = h.eabG === 0 ? h.g - 1 : -h.eabG * Math.expm1(a * D);
  const bracketB = a * h.G * gMinusOne;
  const bracketA = a * b >= 0
    ? b * h.G * gMinusOne - h.g * h.oneMinusG * D
    : b * h.eabG - h.g * h.oneMinusG * (D + b);
  const branchSign = at.side === 'left' ? 1 : -1;
  // Tanh-Zorro scales Z by 2 (∂T/∂a = 2·∂Z/∂a); Sloped-Zorro weights its right hump by 1 − m.
  const weight = (1 / g.half) * (at.side === 'right' ? 1 - g.slope : 1);
  const dfda = branchSign * -D * bracketA * weight;
  const dfdb = branchSign * -D * bracketB * weight;
  if (variant === 'sloped' && at.side === 'right') out.m = D * (1 - h.g); // ∂L/∂m = x − Z(x)
  if (variant === 'asymmetric') {
    out[at.side === 'left' ? 'aNeg' : 'aPos'] = dfda;
    out[at.side === 'left' ? 'bNeg' : 'bPos'] = dfdb;
  } else {
    out.a = dfda;
    out.b = dfdb;
  }
  return out;
}

export interface Reference {
  /** f(x) in float64. */
  forward<V extends Variant>(variant: V, x: number, params?: Partial<ParamsOf[V]>): number;
  /** f′(x) in float64. */
  derivative<V extends Variant>(variant: V, x: number, params?: Partial<ParamsOf[V]>): number;
  /** ∂f/∂p at x for every parameter p of the variant. */
  grads<V extends Variant>(variant: V, x: number, params?: Partial<ParamsOf[V]>): ParamsOf[V];
  /** dx = dy·f′(x) and Σ dy·∂f/∂p, summed in float64 (a plain-JS backward pass). */
  backward<V extends Variant>(
    variant: V, x: ArrayLike<number>, dy: ArrayLike<number>, params?: Partial<ParamsOf[V]>,
  ): { dx: Float64Array; grads: ParamsOf[V] };
}

export const reference: Reference = {
  forward(variant, x, params) {
    return forwardAt(geometry(variant, params), x);
  },
  derivative(variant, x, params) {
    return derivativeAt(geometry(variant, params), x);
  },
  grads(variant, x, params) {
    return partialsAt(variant, geometry(variant, params), x) as never;
  },
  backward(variant, x, dy, params) {
    const g = geometry(variant, params);
    if (dy.length !== x.length) throw new RangeError(`dy must have length ${x.length} like x; got ${dy.length}`);
    const dx = new Float64Array(x.length);
    const sums: Record<string, number> = Object.fromEntries(VARIANTS[variant].params.map((p) => [p.name, 0]));
    for (let i = 0; i < x.length; i++) {
      dx[i] = dy[i] * derivativeAt(g, x[i]);
      const partials = partialsAt(variant, g, x[i]);
      for (const name in sums) sums[name] += dy[i] * partials[name];
    }
    return { dx, grads: sums as never };
  },
};
