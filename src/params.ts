// The single table of the Zorro family: parameter names, defaults, domains, how each function
// maps onto the kernel's u-space shape, and how the kernel's gradient sums map back to names.
// The loader, the reference, the tests and the docs all read this table.
import * as slots from './kernel-layout.js';

export type Variant = 'symmetric' | 'asymmetric' | 'sigmoid' | 'tanh' | 'sloped';
export type DType = 'f32' | 'f64';

export interface SymmetricParams { a: number; b: number }
export interface AsymmetricParams { aNeg: number; bNeg: number; aPos: number; bPos: number }
export interface SigmoidParams { a: number; b: number; s: number }
export interface TanhParams { a: number; b: number; s: number }
export interface SlopedParams { a: number; b: number; m: number }

export interface ParamsOf {
  symmetric: SymmetricParams;
  asymmetric: AsymmetricParams;
  sigmoid: SigmoidParams;
  tanh: TanhParams;
  sloped: SlopedParams;
}

/** Domain of a parameter: `positive` is finite and > 0, `finite` is any finite number. */
export type Domain = 'positive' | 'finite';

export interface ParamSpec {
  readonly name: string;
  readonly default: number;
  readonly domain: Domain;
}

/** One hump's own parameters. */
interface SideParams { a: number; b: number }

/** Where a function sits in u-space (u = s·x); see kernel-layout.ts. */
export interface Shape {
  s: number;
  /** Z-space distance per unit of u: ½ for Tanh-Zorro, whose Z argument is (s·x + 1)/2. */
  half: number;
  uLeft: number;
  uRight: number;
  yLeft: number;
  yRight: number;
  yMiddle: number;
  left: SideParams;
  right: SideParams;
  /** Sloped-Zorro's m: the right side's asymptotic slope; 0 elsewhere. */
  slope: number;
}

/** The kernel's raw sums: Σ dy·∂y/∂p per hump, plus s and m. */
export interface RawGrads { aLeft: number; bLeft: number; aRight: number; bRight: number; s: number; m: number }

interface VariantSpec<V extends Variant> {
  readonly params: readonly ParamSpec[];
  readonly shape: (p: ParamsOf[V]) => Shape;
  readonly grads: (g: RawGrads) => ParamsOf[V];
  readonly wantS: boolean;
  readonly wantM: boolean;
  /** The a and b gradients are per side (Asymmetric-Zorro), not one pair for both humps. */
  readonly wantSides: boolean;
}

const unitSegment = { uLeft: 0, uRight: 1, yLeft: 0, yRight: 1, yMiddle: -0, half: 1, s: 1, slope: 0 };
const both = (a: number, b: number) => ({ left: { a, b }, right: { a, b } });
const sums = (g: RawGrads) => ({ a: g.aLeft + g.aRight, b: g.bLeft + g.bRight });

export const VARIANTS: { readonly [V in Variant]: VariantSpec<V> } = {
  symmetric: {
    params: [
      { name: 'a', default: 1.2, domain: 'positive' },
      { name: 'b', default: 1, domain: 'finite' },
    ],
    shape: (p) => ({ ...unitSegment, ...both(p.a, p.b) }),
    grads: sums,
    wantS: false,
    wantM: false,
    wantSides: false,
  },
  asymmetric: {
    params: [
      { name: 'aNeg', default: 1.2, domain: 'positive' },
      { name: 'bNeg', default: 1, domain: 'finite' },
      { name: 'aPos', default: 1.2, domain: 'positive' },
      { name: 'bPos', default: 1, domain: 'finite' },
    ],
    shape: (p) => ({ ...unitSegment, left: { a: p.aNeg, b: p.bNeg }, right: { a: p.aPos, b: p.bPos } }),
    grads: (g) => ({ aNeg: g.aLeft, bNeg: g.bLeft, aPos: g.aRight, bPos: g.bRight }),
    wantS: false,
    wantM: false,
    wantSides: true,
  },
  sigmoid: {
    params: [
      { name: 'a', default: 4, domain: 'positive' },
      { name: 'b', default: 2, domain: 'finite' },
      { name: 's', default: 0.5, domain: 'positive' },
    ],
    // S(x) = Z(s·x + ½): joints at s·x = ∓½, y = ½ + s·x between them.
    shape: (p) => ({ ...unitSegment, ...both(p.a, p.b), s: p.s, uLeft: -0.5, uRight: 0.5, yMiddle: 0.5 }),
    grads: (g) => ({ ...sums(g), s: g.s }),
    wantS: true,
    wantM: false,
    wantSides: false,
  },
  tanh: {
    params: [
      { name: 'a', default: 4, domain: 'positive' },
      { name: 'b', default: 2, domain: 'finite' },
      { name: 's', default: 1, domain: 'positive' },
    ],
    // T(x) = 2·Z((s·x + 1)/2) − 1: joints at s·x = ∓1, y = s·x between them.
    shape: (p) => ({ ...unitSegment, ...both(p.a, p.b), s: p.s, half: 0.5, uLeft: -1, uRight: 1, yLeft: -1 }),
    grads: (g) => ({ ...sums(g), s: g.s }),
    wantS: true,
    wantM: false,
    wantSides: false,
  },
  sloped: {
    params: [
      { name: 'a', default: 1.2, domain: 'positive' },
      { name: 'b', default: 1, domain: 'finite' },
      { name: 'm', default: 1, domain: 'finite' },
    ],
    shape: (p) => ({ ...unitSegment, ...both(p.a, p.b), slope: p.m }),
    grads: (g) => ({ ...sums(g), m: g.m }),
    wantS: false,
    wantM: true,
    wantSides: false,
  },
};

export const VARIANT_NAMES = Object.keys(VARIANTS) as Variant[];

/** The defaults of every function, as a frozen object per variant. */
export const defaults: { readonly [V in Variant]: Readonly<ParamsOf[V]> } = Object.freeze(
  Object.fromEntries(
    VARIANT_NAMES.map((v) => [v, Object.freeze(Object.fromEntries(VARIANTS[v].params.map((p) => [p.name, p.default])))]),
  ),
) as never;

const show = (value: unknown): string => {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' && Object.is(value, -0)) return '-0';
  if (typeof value === 'bigint') return `${value}n`;
  if (value === null || typeof value !== 'object') return String(value);
  if (ArrayBuffer.isView(value)) return `${value.constructor.name}(${(value as unknown as { length?: number }).length ?? value.byteLength})`;
  if (Array.isArray(value)) return `Array(${value.length})`;
  return Object.prototype.toString.call(value);
};

export { show as describeValue };

/**
 * `object[key]` if the object or a prototype of its own (a class, Object.create(defaults)) has it;
 * undefined if only Object.prototype does: a value a hostile page put there must not stand in for
 * a missing option or parameter.
 */
export function callerValue(object: object, key: string): unknown {
  for (let o: object | null = object; o !== null && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
    if (Object.prototype.hasOwnProperty.call(o, key)) return (object as Record<string, unknown>)[key];
  }
  return undefined;
}

const PARAM_NAMES = Object.fromEntries(
  (Object.keys(VARIANTS) as Variant[]).map((v) => [v, new Set(VARIANTS[v].params.map((p) => p.name))]),
) as unknown as { readonly [V in Variant]: ReadonlySet<string> };

export function checkVariant(variant: unknown): Variant {
  if (typeof variant !== 'string' || !Object.prototype.hasOwnProperty.call(VARIANTS, variant)) {
    throw new TypeError(`variant must be one of ${VARIANT_NAMES.map((v) => `'${v}'`).join(', ')}; got ${show(variant)}`);
  }
  return variant as Variant;
}

/**
 * Validates a parameter object against the table and fills in the defaults. Unknown names,
 * non-numbers and non-finite values are TypeErrors/RangeErrors naming `params.<name>` and the value.
 */
export function resolveParams<V extends Variant>(variant: V, params: unknown, argName = 'params'): ParamsOf[V] {
  const spec = VARIANTS[variant];
  if (params !== undefined && (params === null || typeof params !== 'object' || Array.isArray(params))) {
    throw new TypeError(`${argName} must be an object of ${variant} parameters or undefined; got ${show(params)}`);
  }
  const given = (params ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (!PARAM_NAMES[variant].has(key)) {
      throw new TypeError(
        `${argName}.${key} is not a ${variant} parameter; valid: ${spec.params.map((p) => p.name).join(', ')}`,
      );
    }
  }
  const resolved: Record<string, number> = {};
  for (const p of spec.params) {
    const value = callerValue(given, p.name);
    if (value === undefined) {
      resolved[p.name] = p.default;
      continue;
    }
    if (typeof value !== 'number') {
      throw new TypeError(`${argName}.${p.name} must be a number; got ${show(value)}`);
    }
    if (!Number.isFinite(value)) {
      throw new RangeError(`${argName}.${p.name} must be finite; got ${show(value)}`);
    }
    if (p.domain === 'positive' && !(value > 0)) {
      throw new RangeError(`${argName}.${p.name} must be > 0; got ${show(value)}`);
    }
    resolved[p.name] = value;
  }
  return resolved as unknown as ParamsOf[V];
}

/** Parameters as a float32 kernel sees them: each rounded to the nearest float32 (ZORRO.md). */
export function roundParams<V extends Variant>(variant: V, params: ParamsOf[V], dtype: DType): ParamsOf[V] {
  if (dtype === 'f64') return params;
  const rounded: Record<string, number> = {};
  for (const p of VARIANTS[variant].params) {
    const given = (params as unknown as Record<string, number>)[p.name];
    const value = Math.fround(given);
    // A positive value below float32's range would round to 0 and leave the domain.
    if ((p.domain === 'positive' && !(value > 0)) || !Number.isFinite(value)) {
      throw new RangeError(`params.${p.name} is outside float32's range; got ${show(given)}`);
    }
    rounded[p.name] = value;
  }
  return rounded as unknown as ParamsOf[V];
}

/** Each variant's defaults as a kernel of each dtype sees them, resolved once: the common call passes no params. */
const KERNEL_DEFAULTS = Object.fromEntries(
  (['f32', 'f64'] as const).map((dtype) => [
    dtype,
    Object.fromEntries(
      (Object.keys(VARIANTS) as Variant[]).map((v) => [v, Object.freeze(roundParams(v, resolveParams(v, undefined), dtype))]),
    ),
  ]),
) as { readonly [D in DType]: { readonly [V in Variant]: Readonly<ParamsOf[V]> } };

/** resolveParams then roundParams: the parameters a kernel of `dtype` runs with (frozen for the defaults). */
export function kernelParams<V extends Variant>(variant: V, params: unknown, dtype: DType): ParamsOf[V] {
  if (params === undefined) return KERNEL_DEFAULTS[dtype][variant];
  return roundParams(variant, resolveParams(variant, params), dtype);
}

/** The same parameter values (−0 and 0 apart): the configuration block written for one serves the other. */
export function sameParams<V extends Variant>(variant: V, p: ParamsOf[V], q: ParamsOf[V]): boolean {
  if (p === q) return true;
  for (const { name } of VARIANTS[variant].params) {
    if (!Object.is((p as unknown as Record<string, number>)[name], (q as unknown as Record<string, number>)[name])) return false;
  }
  return true;
}

function writeSide(
  config: Float64Array, base: number, side: SideParams, shape: Shape, right: boolean,
): void {
  const { a, b } = side;
  const ab = a * b;
  // k·GS on the branch is g = P·v/(1 + R0·v) with v = e^(−a·D) (ZORRO.md's overflow-free form) when
  // ab ≥ 0: P = 1 + e^(−ab), R0 = e^(−ab). For ab < 0, e^(ab) is folded into v instead
  // (v = e^(−a·D − ab), P = 1 + e^(ab), R0 = 1), so neither e^(ab) nor e^(−ab) can overflow.
  // P is then folded into the exponential too (w = P·v = e^(−ζ + ln P)): one rounding fewer.
  const small = Math.exp(-Math.abs(ab));
  const logP = Math.log1p(small);
  config[base + slots.RATE] = a * shape.half;
  config[base + slots.A] = a;
  config[base + slots.B] = b;
  config[base + slots.R] = (ab >= 0 ? small : 1) / (1 + small);
  config[base + slots.ONE_MINUS_R] = (ab >= 0 ? 1 : small) / (1 + small);
  config[base + slots.SHIFT] = (ab >= 0 ? 0 : ab) - logP;
  // ∂g/∂a = b·(e^(ab)·G − g·(1 − G)) − g·(1 − G)·D. With ab ≥ 0 the bracket is written G·(g − 1),
  // which does not cancel in the tails; with ab < 0 (so b < 0) that form would cancel against the
  // second term near the hump, so it is b·G·e^(ab) − g·(1 − G)·(D + b) instead.
  // Both are b·G·(DGDA_G·(g − 1) + DGDA_C) − g·(1 − G)·(D + DGDA_D).
  config[base + slots.DGDA_G] = ab >= 0 ? 1 : 0;
  config[base + slots.DGDA_C] = ab >= 0 ? 0 : small;
  config[base + slots.DGDA_D] = ab >= 0 ? 0 : b;
  config[base + slots.JOINT_U] = right ? shape.uRight : shape.uLeft;
  config[base + slots.JOINT_Y] = right ? shape.yRight : shape.yLeft;
  config[base + slots.SIGN] = right ? 1 : -1;
  const slope = right ? shape.slope : 0;
  config[base + slots.SLOPE] = slope;
  config[base + slots.SCALE] = 1 - slope;
  config[base + slots.LIMIT_Y] = !right ? shape.yLeft : slope > 0 ? Infinity : slope < 0 ? -Infinity : shape.yRight;
  config[base + slots.LIMIT_DYDU] = slope;
}

/** Fills the kernel's configuration block for `variant` at already-validated parameters. */
export function writeConfig<V extends Variant>(config: Float64Array, variant: V, params: ParamsOf[V], backward: boolean): void {
  const spec = VARIANTS[variant];
  const shape = spec.shape(params);
  writeSide(config, slots.SIDE_LEFT, shape.left, shape, false);
  writeSide(config, slots.SIDE_RIGHT, shape.right, shape, true);
  config[slots.INPUT_SCALE] = shape.s;
  config[slots.MIDDLE_Y] = shape.yMiddle;
  config[slots.HALF] = shape.half;
  config[slots.WANT_GRAD_S] = backward && spec.wantS ? 1 : 0;
  // Set for every operation, not just backward: the kernel picks its loop from them, and the
  // derivative and backward's dx must come from the same loop to agree bit for bit.
  config[slots.WANT_GRAD_M] = spec.wantM ? 1 : 0;
  config[slots.WANT_GRAD_SIDES] = spec.wantSides ? 1 : 0;
}

export function readGrads<V extends Variant>(variant: V, raw: RawGrads): ParamsOf[V] {
  return VARIANTS[variant].grads(raw);
}
