// The one Zorro kernel. Every member of the family is evaluated in u-space (u = s·x) as
//
//   middle  uLeft ≤ u ≤ uRight:  y = yMiddle + u
//   sides   y = yJoint + sign·(dU·slope + scale·dU·g(dU)),   dU ≥ 0 the distance beyond the joint
//
// with g = k·GS on the side's branch, written so that k = 1 + e^(ab) is never formed alone:
//   g = w/(1 + R·w),  w = e^(−ζ),  ζ = rate·dU + shift,  G = R·w/(1 + R·w),  1 − G = 1/(1 + R·w).
// The loader (src/params.ts) turns each function's parameters into that table; see kernel-layout.ts.
//
// Vector lanes take both branches and blend; NaN falls through to a side (comparisons are false)
// and propagates; infinite u is replaced by the side's limit, so ∞·0 and ∞/∞ never reach a result.
import * as slots from '../src/kernel-layout';
import {
  abs, add, both, div, eq, flipSignBy, ge, gt, keep, keepUnless, lanesOf, le, loadLanes, lt, madd, mul, ne, nmadd, negateUnless, not, pick, pmax, pmin, splat,
  storeLanes, sub, either, highHalf,
} from './lanes';
import {
  expAffineF32, expAffineF64, expNearF32, NEAR_C2, NEAR_C3, NEAR_C4, NEAR_C5, NEAR_C6, NEAR_FLOOR, NEAR_LN2_HIGH, NEAR_LN2_LOW, NEAR_MAGIC,
  NEAR_OPERANDS, nearConstant, nearOperand, nearPolyOne, storeNearOperandsF32, ZETA_MAX_F32, ZETA_MAX_F64, ZETA_MIN_F32, ZETA_MIN_F64,
} from './exp';

export const FORWARD = 0;
export const DERIVATIVE = 1;
export const BACKWARD = 2;

export const CONFIG: usize = memory.data(slots.CONFIG_SLOTS << 3, 16);
/**
 * x, dy and out (TAIL_STREAM bytes each) for the last, partial block of up to three vectors: padding
 * with 0 keeps every lane finite and in the middle.
 */
const TAIL_STREAM = 48;
const TAIL: usize = memory.data(3 * TAIL_STREAM, 16);

@inline function slot(index: i32): f64 {
  return load<f64>(CONFIG + (<usize>index << 3));
}

/**
 * The rounding error of product = fl(c·v), exactly (c a per-call constant split as cHigh + cLow):
 * one fused multiply-add in the relaxed build, Dekker's two-product elsewhere.
 */
@inline function productLow<T, V>(c: V, cHigh: V, cLow: V, v: V, product: V): V {
  if (isVector<V>() && ASC_FEATURE_RELAXED_SIMD) return madd<T, V>(c, v, sub<T, V>(splat<T, V>(0), product));
  const vHigh = highHalf<T, V>(v);
  const vLow = sub<T, V>(v, vHigh);
  const err = add<T, V>(add<T, V>(sub<T, V>(mul<T, V>(cHigh, vHigh), product), mul<T, V>(cHigh, vLow)), mul<T, V>(cLow, vHigh));
  return add<T, V>(err, mul<T, V>(cLow, vLow));
}

/** Adds the lanes of v to a float64 accumulator (lanes W). */
@inline function accumulate<T, V, W>(acc: W, v: V): W {
  if (sizeof<T>() == 8) return add<f64, W>(acc, v as W);
  if (isVector<V>()) {
    const low = f64x2.promote_low_f32x4(v as v128);
    const high = f64x2.promote_low_f32x4(v128.shuffle<i32>(v as v128, v as v128, 2, 3, 0, 1));
    return f64x2.add(acc as v128, f64x2.add(low, high)) as W;
  }
  return ((acc as f64) + <f64>(v as f32)) as W;
}

/** Adds the lanes of a·b, multiplied in float64, to a float64 accumulator. */
@inline function accumulateProduct<T, V, W>(acc: W, a: V, b: V): W {
  if (sizeof<T>() == 8) return add<f64, W>(acc, mul<f64, W>(a as W, b as W));
  if (isVector<V>()) {
    const aHigh = v128.shuffle<i32>(a as v128, a as v128, 2, 3, 0, 1);
    const bHigh = v128.shuffle<i32>(b as v128, b as v128, 2, 3, 0, 1);
    const low = f64x2.mul(f64x2.promote_low_f32x4(a as v128), f64x2.promote_low_f32x4(b as v128));
    const high = f64x2.mul(f64x2.promote_low_f32x4(aHigh), f64x2.promote_low_f32x4(bHigh));
    return f64x2.add(acc as v128, f64x2.add(low, high)) as W;
  }
  return ((acc as f64) + <f64>(a as f32) * <f64>(b as f32)) as W;
}

@inline function total<W>(acc: W): f64 {
  if (isVector<W>()) return f64x2.extract_lane(acc as v128, 0) + f64x2.extract_lane(acc as v128, 1);
  return acc as f64;
}

/** A mask with every lane off. */
@inline function noLanes<M>(): M {
  if (isVector<M>()) return i32x4.splat(0) as M;
  return false as M;
}

@inline function largest<T>(): T {
  return sizeof<T>() == 4 ? <T>f32.MAX_VALUE : <T>f64.MAX_VALUE;
}

/** d beyond which e^(−ζ) is exactly 0: also keeps rate·d finite in T. */
@inline function distanceMax<T>(side: i32): T {
  const zetaMax = sizeof<T>() == 4 ? ZETA_MAX_F32 : ZETA_MAX_F64;
  const d = (zetaMax - slot(side + slots.SHIFT)) / slot(side + slots.RATE);
  return <T>min(d, <f64>largest<T>());
}

/** d below which ζ would pass ZETA_MIN (only when ab ≪ 0): g is P there to the last bit. */
@inline function distanceMin<T>(side: i32): T {
  const zetaMin = sizeof<T>() == 4 ? ZETA_MIN_F32 : ZETA_MIN_F64;
  return <T>max(0, (zetaMin - slot(side + slots.SHIFT)) / slot(side + slots.RATE));
}

/**
 * R for the lanes of the mirrored-structure loops, where it only forms 1 + R·w: 0 where it cannot
 * change that sum. In every lane whose result is used, w ≤ P ≤ 2, so for R < 2^-26 (a·b > 18)
 * R·w < 2^-25 and 1 + R·w rounds to 1 in float32 either way (2^-55 for float64); flushed, no
 * product with a tiny R can be subnormal (see NORMAL_FLOOR in exp.ts). Their gradient sums apply the
 * slot's own R after the loop, in float64; the general loop forms G = R·w/(1 + R·w) per lane and
 * keeps R as it is.
 */
@inline function denominatorWeight<T>(side: i32, flush: bool): T {
  const r = slot(side + slots.R);
  return <T>(flush && r < belowRounding<T>() ? 0 : r);
}

/** 2^-26 (float32) or 2^-55 (float64): 1 + x rounds to 1 for every 0 ≤ x < twice this. */
@inline function belowRounding<T>(): f64 {
  return sizeof<T>() == 4 ? 1.4901161193847656e-8 : 2.7755575615628914e-17;
}

/**
 * The loops' per-call values, one 16-byte slot each in LANES: storeLaneValues forms every one from
 * the configuration once per call, and each loop function reads the ones it uses (lane). Formed in
 * every loop function instead (27 of them in a vector build then), they were about half of each one's
 * code: the SIMD build went from 89.7 to 48.1 KB (with shapeFor and flag), its first 1K forward
 * after load from 1.2 to 1.0 ms.
 */
const enum Lane {
  NegativeZero, One, Infinity, S, SHigh, SLow, MiddleY, Half, MHigh, MLow, Biggest, MiddleFloor, SlopeDistanceMax,
  LeftMax, RightMax, LeftMin, RightMin, LeftNear, RightNear, LeftFlushedR, RightFlushedR, LeftNegShift, RightNegShift,
  LeftShift64, RightShift64,
  /** Each side's configuration slots as lanes, at Sides + the side's slot (kernel-layout.ts): sideLane. */
  Sides,
  Count = Sides + 2 * slots.SIDE_RIGHT,
}
const LANES: usize = memory.data(Lane.Count << 4, 16);
/** expNearF32's operands, per side (NEAR_OPERANDS lanes each, left then right), written once per call. */
const NEAR_OPERAND_LANES: usize = memory.data(2 * NEAR_OPERANDS << 4, 16);

/** expNearF32's operand `part` of a hump (0: left, 1: right), for the float32 vector loops (else 0, unused). */
@inline function expOperand<T, V>(used: bool, hump: i32, part: i32): V {
  if (isVector<V>() && sizeof<T>() == 4) {
    if (used && part < NEAR_OPERANDS) return nearOperand(NEAR_OPERAND_LANES, hump, part) as V;
  }
  return splat<T, V>(0);
}

/** expNearF32's constant `index` (nearConstant), for the float32 vector loops (else 0, unused). */
@inline function expConstant<T, V>(used: bool, index: i32): V {
  if (isVector<V>() && sizeof<T>() == 4) {
    if (used) return nearConstant(index) as V;
  }
  return splat<T, V>(0);
}

/** expNearF32's last polynomial coefficient (nearPolyOne), for the float32 vector loops (else `one`, unused). */
@inline function expPolyOne<T, V>(used: bool, one: V): V {
  if (isVector<V>() && sizeof<T>() == 4) {
    if (used) return nearPolyOne(one as v128) as V;
  }
  return one;
}

/**
 * expNearF32 on one vector of a mirrored-structure float32 loop, its lanes taking their hump's
 * operands (right… where `right`, or left… alone when oneSide). The operands and constants come
 * loaded (run), so that the vectors of an iteration share each load.
 */
@inline function nearExp<T, V, M>(
  d: V, dTail: V, hasTail: bool, oneSide: bool, right: M, shortChain: bool,
  left0: V, left1: V, left2: V, left3: V, left4: V, left5: V, left6: V,
  right0: V, right1: V, right2: V, right3: V, right4: V, right5: V, right6: V,
  magic: V, ln2High: V, ln2Low: V, floor: V, c6: V, c5: V, c4: V, c3: V, c2: V, c1: V,
): V {
  if (!isVector<V>()) return unreachable();
  return expNearF32(
    d as v128, dTail as v128, hasTail,
    sided<T, V, M>(oneSide, right, right0, left0) as v128, sided<T, V, M>(oneSide, right, right1, left1) as v128,
    sided<T, V, M>(oneSide, right, right2, left2) as v128, sided<T, V, M>(oneSide, right, right3, left3) as v128,
    sided<T, V, M>(oneSide, right, right4, left4) as v128, sided<T, V, M>(oneSide, right, right5, left5) as v128,
    sided<T, V, M>(oneSide, right, right6, left6) as v128,
    magic as v128, ln2High as v128, ln2Low as v128, floor as v128, c6 as v128, c5 as v128, c4 as v128, c3 as v128, c2 as v128, c1 as v128,
    shortChain,
  ) as V;
}

/**
 * The mirrored loops' exponential of one vector: sharedExp with one hump, float32 vectors by Horner's
 * scheme for every operation (see run), float64 by Estrin's where `shortChain`.
 */
@inline function mirroredExp<T, V, M, W>(
  d: V, shortChain: bool, rate: V, negShift: V, shift64: W,
  operand0: V, operand1: V, operand2: V, operand3: V, operand4: V, operand5: V, operand6: V,
  magic: V, ln2High: V, ln2Low: V, floor: V, c6: V, c5: V, c4: V, c3: V, c2: V, c1: V,
): V {
  return sharedExp<T, V, M, W>(
    d, splat<T, V>(0), false, true, noLanes<M>(), sizeof<T>() == 8 && shortChain, rate, rate, negShift, negShift, shift64, shift64,
    operand0, operand1, operand2, operand3, operand4, operand5, operand6,
    operand0, operand1, operand2, operand3, operand4, operand5, operand6,
    magic, ln2High, ln2Low, floor, c6, c5, c4, c3, c2, c1,
  );
}

/**
 * The shared and sided loops' exponential of one vector, each lane with its hump's constants:
 * expNearF32 (float32 vectors; d + dLow exactly where `scaled`), or in the scalar build's float32
 * expAffineF32, ζ formed in float64 as the scalar general loop's. float64 takes expAffineF64 near
 * (ζ ≥ shift ≥ −43, as in the mirrored loops: one scale factor) on d alone: the low part of s·x moves ζ
 * by ~2^-53 relative, which the general loop's float64 exponential leaves out too.
 */
@inline function sharedExp<T, V, M, W>(
  d: V, dLow: V, scaled: bool, oneSide: bool, right: M, shortChain: bool,
  leftRate: V, rightRate: V, leftNegShift: V, rightNegShift: V, leftShift64: W, rightShift64: W,
  left0: V, left1: V, left2: V, left3: V, left4: V, left5: V, left6: V,
  right0: V, right1: V, right2: V, right3: V, right4: V, right5: V, right6: V,
  magic: V, ln2High: V, ln2Low: V, floor: V, c6: V, c5: V, c4: V, c3: V, c2: V, c1: V,
): V {
  if (sizeof<T>() == 8) {
    return expAffineF64<V>(d, sided<T, V, M>(oneSide, right, rightRate, leftRate), sided<T, V, M>(oneSide, right, rightNegShift, leftNegShift), true, shortChain);
  }
  if (!isVector<V>()) {
    const shift = oneSide ? leftShift64 : shiftLanes<M, W>(right, false, leftShift64, rightShift64);
    return expAffineF32<V, W>(d, dLow, scaled, sided<T, V, M>(oneSide, right, rightRate, leftRate), shift, shift);
  }
  return nearExp<T, V, M>(
    d, dLow, scaled, oneSide, right, shortChain,
    left0, left1, left2, left3, left4, left5, left6,
    right0, right1, right2, right3, right4, right5, right6,
    magic, ln2High, ln2Low, floor, c6, c5, c4, c3, c2, c1,
  );
}

/** The backward's per-call flags (Flag), one i32 each, written with the lane values (storeLaneValues). */
const FLAGS: usize = memory.data(16, 16);
const enum Flag { WantS, WantM, NegativeAb }

/**
 * A per-call flag, read as an integer from FLAGS: V8 would otherwise repeat the float comparison that
 * forms it at every use inside the loop (as it does a splat, see lane), two vector instructions per
 * test (pair backward +1%, bench/ab.mjs). The scalar build forms it in place (its loops gained
 * nothing from the load).
 */
@inline function flag(index: Flag): bool {
  if (!ASC_FEATURE_SIMD) return flagValue(index);
  return load<i32>(FLAGS + (<usize>index << 2)) != 0;
}

@inline function flagValue(index: Flag): bool {
  if (index == Flag.WantS) return slot(slots.WANT_GRAD_S) != 0;
  if (index == Flag.WantM) return slot(slots.WANT_GRAD_M) != 0;
  return slot(slots.SIDE_LEFT + slots.DGDA_C) != 0 || slot(slots.SIDE_RIGHT + slots.DGDA_C) != 0;
}

@inline function keepFlag(index: Flag): void {
  store<i32>(FLAGS + (<usize>index << 2), <i32>flagValue(index));
}

/**
 * Lane value `index` (storeLaneValues), in every lane. Read from memory on purpose: V8 treats a
 * splat (and the arithmetic feeding it) as pure and schedules it inside the loop, once per
 * iteration, where it is used; a load is not moved, so the loop pays a register or a memory operand
 * instead.
 */
@inline function lane<T, V>(index: Lane, used: bool = true): V {
  // A read whose value goes unused stays in the function as a dropped load (a load may trap, so
  // Binaryen keeps it): loops that do not need a lane pass used = false.
  return used ? loadLanes<T, V>(LANES + (<usize>index << 4)) : splat<T, V>(0);
}

@inline function keepLane<T, V>(index: Lane, value: T): void {
  storeLanes<T, V>(LANES + (<usize>index << 4), splat<T, V>(value));
}

/** The side's (slots.SIDE_LEFT or SIDE_RIGHT) configuration slot at `offset`, as lanes (storeLaneValues). */
@inline function sideLane<T, V>(side: i32, offset: i32, used: bool = true): V {
  return lane<T, V>(Lane.Sides + side + offset, used);
}

/**
 * Every lane value of float type T, for the loop function runKernel then calls: a function of its
 * own, shared by T's operations and loops. The scalar build stores and reads scalars the same way.
 * With `nearOperands`, also each hump's expNearF32 operands (NEAR_OPERAND_LANES).
 */
function storeLaneValues<T, V, W>(nearOperands: bool): void {
  const s = <T>slot(slots.INPUT_SCALE);
  const sHigh = highHalf<T, T>(s);
  const slopeRight = <T>slot(slots.SIDE_RIGHT + slots.SLOPE);
  const mHigh = highHalf<T, T>(slopeRight);
  keepLane<T, V>(Lane.NegativeZero, <T>-0.0);
  keepLane<T, V>(Lane.One, 1);
  keepLane<T, V>(Lane.Infinity, <T>Infinity);
  keepLane<T, V>(Lane.S, s);
  keepLane<T, V>(Lane.SHigh, sHigh);
  keepLane<T, V>(Lane.SLow, s - sHigh);
  keepLane<T, V>(Lane.MiddleY, <T>slot(slots.MIDDLE_Y));
  keepLane<T, V>(Lane.Half, <T>slot(slots.HALF));
  keepLane<T, V>(Lane.MHigh, mHigh);
  keepLane<T, V>(Lane.MLow, slopeRight - mHigh);
  keepLane<T, V>(Lane.Biggest, largest<T>());
  keepLane<T, V>(Lane.MiddleFloor, <T>(-1.0 / slot(slots.SIDE_LEFT + slots.RATE)));
  keepLane<T, V>(Lane.SlopeDistanceMax, slopeRight > 0 ? <T>Infinity : <T>0);
  keepSideLanes<T, V, W>(slots.SIDE_LEFT, Lane.LeftMax, Lane.LeftMin, Lane.LeftNear, Lane.LeftFlushedR, Lane.LeftNegShift, Lane.LeftShift64);
  keepSideLanes<T, V, W>(slots.SIDE_RIGHT, Lane.RightMax, Lane.RightMin, Lane.RightNear, Lane.RightFlushedR, Lane.RightNegShift, Lane.RightShift64);
  if (isVector<V>() && sizeof<T>() == 4 && nearOperands) {
    storeNearOperandsF32(slot(slots.SIDE_LEFT + slots.RATE), slot(slots.SIDE_LEFT + slots.SHIFT), NEAR_OPERAND_LANES);
    storeNearOperandsF32(slot(slots.SIDE_RIGHT + slots.RATE), slot(slots.SIDE_RIGHT + slots.SHIFT), NEAR_OPERAND_LANES + (NEAR_OPERANDS << 4));
  }
  if (ASC_FEATURE_SIMD) {
    keepFlag(Flag.WantS);
    keepFlag(Flag.WantM);
    keepFlag(Flag.NegativeAb);
  }
}

/** The side's configuration slot at `offset` as lanes of T (sideLane). */
@inline function keepSlot<T, V>(side: i32, offset: i32): void {
  keepLane<T, V>(Lane.Sides + side + offset, <T>slot(side + offset));
}

/** A side's configuration slots, each as lanes (sideLane; unrolled: no loop in a call's set-up), and the lanes formed from them. */
@inline function keepSideLanes<T, V, W>(side: i32, max: Lane, min: Lane, near: Lane, flushedR: Lane, negShift: Lane, shift64: Lane): void {
  keepSlot<T, V>(side, slots.RATE);
  keepSlot<T, V>(side, slots.A);
  keepSlot<T, V>(side, slots.B);
  keepSlot<T, V>(side, slots.DGDA_G);
  keepSlot<T, V>(side, slots.R);
  keepSlot<T, V>(side, slots.DGDA_C);
  keepSlot<T, V>(side, slots.SHIFT);
  keepSlot<T, V>(side, slots.JOINT_U);
  keepSlot<T, V>(side, slots.JOINT_Y);
  keepSlot<T, V>(side, slots.SIGN);
  keepSlot<T, V>(side, slots.SLOPE);
  keepSlot<T, V>(side, slots.SCALE);
  keepSlot<T, V>(side, slots.LIMIT_Y);
  keepSlot<T, V>(side, slots.LIMIT_DYDU);
  keepSlot<T, V>(side, slots.DGDA_D);
  keepSlot<T, V>(side, slots.ONE_MINUS_R);
  keepLane<T, V>(max, distanceMax<T>(side));
  keepLane<T, V>(min, distanceMin<T>(side));
  // Within rate·d < ε/4 of a joint, Z′ = 1 − O(2·rate·d) rounds to exactly 1 and f to its linear
  // continuation (ZORRO.md: f(x) = x, f′ = 1 at ±0 and subnormals); an approximate exp, fused or
  // not, must not turn that into 1 ± 1 ULP.
  keepLane<T, V>(near, <T>(belowRounding<T>() / slot(side + slots.RATE)));
  keepLane<T, V>(flushedR, denominatorWeight<T>(side, true));
  keepLane<T, V>(negShift, <T>-slot(side + slots.SHIFT));
  keepLane<f64, W>(shift64, slot(side + slots.SHIFT));
}

/** float64 lanes of the side's ζ shift, matched to the lanes of a float32 mask (low or high half). */
@inline function shiftLanes<M, W>(right: M, high: bool, left: W, rightShift: W): W {
  if (isVector<W>()) {
    const mask = high ? i64x2.extend_high_i32x4_s(right as v128) : i64x2.extend_low_i32x4_s(right as v128);
    return v128.bitselect(rightShift as v128, left as v128, mask) as W;
  }
  return select<f64>(rightShift as f64, left as f64, right as bool) as W;
}

/** The right side's lane value, or the left's; a mirrored kernel has one value for both sides. */
@inline function sided<T, V, M>(oneSide: bool, right: M, rightValue: V, leftValue: V): V {
  return oneSide ? leftValue : pick<T, V, M>(right, rightValue, leftValue);
}

// The loop shapes, as types: each shape is compiled as its own loop. With the shape passed as bool
// arguments, Binaryen merged the inlined copies (identical but for two constant locals) into one
// loop that tested both flags at run time, and the float32 mirrored loop paid for the general one.
// A signed integer type is the shape at s = 1 (isSigned), and so is the sided loop's float type: x is
// u itself, with no multiply and no low part.
// Symmetric-, Asymmetric- and Sloped-Zorro have no s, so that is their only loop; it is faster by a
// multiply per vector and the registers s and its split held (bench/ab.mjs: DESIGN, "Session 8").
/** Both humps share their constants and s is a power of two: see isMirrored. */
type MirroredLoop = u8;
/** The mirrored loop at s = 1 with no offset on the middle (y = u there): see runKernel. */
type UnitMirroredLoop = i8;
/** Any shape, s·x as Dekker's exact two-product. */
type ScaledLoop = u16;
/** Any shape with s = 1 (the scalar build only). */
type UnscaledLoop = i16;
/** The mirrored loop with the two-product and a right-hand slope m ≥ 0: see isShared. */
type SharedLoop = u64;
type UnitSharedLoop = i64;
/** The shared loop with each hump's own constants (Asymmetric-Zorro, s = 1): see isSided. */
type SidedLoop = f64;

/** s·v, or v itself in a loop at s = 1 (unit). */
@inline function timesS<T, V>(unit: bool, s: V, v: V): V {
  return unit ? v : mul<T, V>(s, v);
}

/**
 * The mirrored loops' distance beyond the nearer joint, ±∞ clamped to dMax, and no nearer than
 * `floor` (≤ 0) inside the middle: what the exponential takes (see middleFloor in run). The
 * forward and derivative replace the middle by the linear segment whatever its lanes hold; the
 * backward clamps this at 0 for its factored sums.
 */
@inline function mirroredDistance<T, V>(u: V, uLeft: V, uRight: V, dMax: V, floor: V, floored: bool): V {
  // Beyond one joint the other distance is negative (uLeft ≤ uRight): the larger one is the side's.
  const d = pmax<T, V>(sub<T, V>(u, uRight), sub<T, V>(uLeft, u));
  return pmin<T, V>(floored ? pmax<T, V>(d, floor) : d, dMax);
}

/** s·x's rounding error (s·x = uHigh + uLow exactly), 0 where s·x = ±∞ (the shared loops have no infinity fix-up). */
@inline function scaledLow<T, V, M>(s: V, sHigh: V, sLow: V, xv: V, uHigh: V, infinity: V): V {
  return keep<T, V, M>(lt<T, V, M>(abs<T, V>(uHigh), infinity), productLow<T, V>(s, sHigh, sLow, xv, uHigh));
}

/**
 * The distance beyond the joint of the side `right` picks, with s·x's low part (`scaled`; else there
 * is none, and adding a zero would cost two instructions): uRight + tiny is the middle.
 */
@inline function sideDistance<T, V, M>(scaled: bool, right: M, uHigh: V, uLow: V, uLeft: V, uRight: V): V {
  if (!scaled) return pick<T, V, M>(right, sub<T, V>(uHigh, uRight), sub<T, V>(uLeft, uHigh));
  return pick<T, V, M>(right, add<T, V>(sub<T, V>(uHigh, uRight), uLow), sub<T, V>(sub<T, V>(uLeft, uHigh), uLow));
}

/** What sideDistance rounded off: d = dU + dLow exactly (rounding it to T would cost |ζ|·2^-25 in e^(−ζ)). */
@inline function sideDistanceLow<T, V, M>(right: M, uHigh: V, uLow: V, dU: V, uLeft: V, uRight: V): V {
  return sub<T, V>(
    sub<T, V>(pick<T, V, M>(right, sub<T, V>(uHigh, uRight), sub<T, V>(uLeft, uHigh)), dU),
    pick<T, V, M>(right, sub<T, V>(splat<T, V>(0), uLow), uLow),
  );
}

/**
 * The shared and sided loops' forward value or derivative. y = (yJoint + d⁺·m) ± scale·d·g, m on the
 * right only: d⁺ = max(u − uRight, 0) is 0 on the left, −∞ included; at +∞ the slope term is ∞·m (g
 * is 0), or 0 when m = 0 (d⁺ capped at 0). dy/du = m + scale·g·(1 − rate·d·(1 − G)) on the right.
 * `near`, rWeight and rate are the lane's side's (blended by the sided loop).
 */
@inline function sharedResult<T, V, M>(
  op: i32, unit: bool, plain: bool, right: M, u: V, uLow: V, d: V, w: V, s: V, uRight: V, near: V, leftJointY: V, rightJointY: V, yMiddle: V,
  middleOffset: M, negativeZero: V, leftScale: V, leftScaleNegated: V, rightScale: V, rightSlope: V, slopeDistanceMax: V, rWeight: V, rate: V, one: V,
): V {
  const zero = splat<T, V>(0);
  const den = madd<T, V>(rWeight, w, one);
  const linear = lt<T, V, M>(d, near);
  if (op == FORWARD) {
    const g = div<T, V>(w, den);
    // At s = 1 (unit) there is no low part, and no offset on the middle (runKernel): y = u there.
    const dRight = unit ? sub<T, V>(u, uRight) : add<T, V>(sub<T, V>(u, uRight), uLow);
    const jointY = pick<T, V, M>(right, rightJointY, leftJointY);
    // The sided loop's humps (plain) have scale 1 and no slope (runKernel): y = yJoint ± d·g.
    const slopeTerm = mul<T, V>(pmin<T, V>(pmax<T, V>(dRight, zero), slopeDistanceMax), rightSlope);
    // The left hump's sign rides on its scale (leftScaleNegated): a sign flip fewer, the same bits.
    const hump = plain ? negateUnless<T, V, M>(right, mul<T, V>(d, g), negativeZero) : mul<T, V>(pick<T, V, M>(right, rightScale, leftScaleNegated), mul<T, V>(d, g));
    const y = add<T, V>(plain ? jointY : add<T, V>(jointY, slopeTerm), hump);
    // With no offset the middle is y = s·x, which u already holds correctly rounded (and with its
    // sign at ±0), so uLow is replaced by −0 (x + −0 = x for every x); it only matters beside an
    // offset, e.g. S(x) = ½ + s·x near its zero. A select, not a branch: no loop duplication.
    const yLinear = unit ? u : add<T, V>(add<T, V>(yMiddle, u), pick<T, V, M>(middleOffset, uLow, negativeZero));
    return pick<T, V, M>(linear, yLinear, y);
  }
  const dydu = sharedDydu<T, V, M>(plain, right, w, den, d, rate, leftScale, rightScale, rightSlope, one);
  return timesS<T, V>(unit, s, pick<T, V, M>(linear, one, dydu));
}

/** dy/du on the shared and sided loops' humps (the middle's 1 is the caller's). */
@inline function sharedDydu<T, V, M>(plain: bool, right: M, w: V, den: V, d: V, rate: V, leftScale: V, rightScale: V, rightSlope: V, one: V): V {
  const oneMinusG = div<T, V>(one, den);
  const g = div<T, V>(w, den); // w·(1/den) would round once more: f′ at tiny x must be exactly 1
  const bracket = nmadd<T, V>(mul<T, V>(rate, d), oneMinusG, one);
  // + 0 when plain (scale 1, no slope): far out g = 0, and f′ is +0, not 0·(−1)
  if (plain) return madd<T, V>(g, bracket, splat<T, V>(0));
  return madd<T, V>(mul<T, V>(pick<T, V, M>(right, rightScale, leftScale), g), bracket, keep<T, V, M>(right, rightSlope));
}

/** g − 1 = (w·(1 − R) − 1)/(1 + R·w): no cancellation where g rounds to 1. */
@inline function gMinusOneOf<T, V>(w: V, oneMinusR: V, oneMinusG: V, one: V): V {
  return mul<T, V>(sub<T, V>(mul<T, V>(w, oneMinusR), one), oneMinusG);
}

/** The hump term of ∂g/∂a over g: (1 − G)·(D + DGDA_D), D = half·d the Z-space distance. */
@inline function humpOverGOf<T, V>(oneMinusG: V, half: V, d: V, dgdaD: V): V {
  return mul<T, V>(oneMinusG, madd<T, V>(half, d, dgdaD));
}

/**
 * The three-vector loops' backward, in chunks of CHUNK_BYTES (a whole number of blocks, within L1):
 * the chunk's exponentials first, into CHUNK_SCRATCH, then the rest. In one pass its vectors hold more
 * values than there are registers (its pairs spilled ~28 values per iteration); split, each pass
 * has its own: relaxed +13%, SIMD +27% (symmetric, bench/ab.mjs). Each vector's distance follows
 * its exponential, CHUNK_BYTES further on, for the second pass to read (mirrored: SIMD backward +8%,
 * relaxed ±0; shared and sided, session 19: +3–11%, the scaled loop +19–27%).
 */
const CHUNK_BYTES: usize = 3 * 16 * 64;
const CHUNK_SCRATCH: usize = memory.data(<i32>CHUNK_BYTES * 2, 16);

/**
 * Whether the mirrored loop's forward or derivative also runs in two passes, as every backward does
 * (CHUNK_BYTES). Measured per build and type (bench/ab.mjs, 1M, symmetric): the forward gains in
 * the relaxed build (float32 +8%, float64 +5%) and in the SIMD build's float32 (+6%; float64 −2%);
 * the derivative only in the SIMD build's float32 (+7%; relaxed float32 −4%, SIMD float64 −13%).
 */
@inline function splitsMirrored<T>(op: i32): bool {
  if (!ASC_FEATURE_SIMD) return false;
  if (op == FORWARD) return ASC_FEATURE_RELAXED_SIMD || sizeof<T>() == 4;
  return op == DERIVATIVE && !ASC_FEATURE_RELAXED_SIMD && sizeof<T>() == 4;
}

/**
 * Whether the float32 shared or sided loop's forward or derivative runs in two passes, reading back
 * the distances pass 1 formed (as the split mirrored loops do). Measured per loop, operation and
 * build (bench/ab.mjs, 1M float32, session 17): the sided loop (Asymmetric-Zorro) in the SIMD build,
 * forward +11%, derivative +10% (relaxed −1%, −6%); the unit shared loop (Sloped-Zorro, the gelu and
 * silu presets) for the SIMD derivative +9% (forward +1%) and the relaxed forward +9% (derivative
 * −3%); the scaled shared loop (fitted sigmoid and tanh presets), which would form its low part of
 * s·x in both passes, lost 7–8% in both builds' forwards. Their float64 forms (session 17) run in one
 * pass: two were mostly slower (unit shared derivative −7%, sided SIMD −4% and −8%, fitted sigmoid
 * forward −8%; relaxed Asymmetric forward +11% but derivative −13%).
 */
@inline function splitsShared<T>(op: i32, sidedLoop: bool, unit: bool): bool {
  if (sizeof<T>() == 8 || !ASC_FEATURE_SIMD) return false;
  if (sidedLoop) return !ASC_FEATURE_RELAXED_SIMD;
  if (!unit) return false;
  return ASC_FEATURE_RELAXED_SIMD ? op == FORWARD : op == DERIVATIVE;
}

/**
 * Whether the split mirrored forward and derivative read back the distances pass 1 formed (as the
 * backward does) instead of forming them again from x: a store and a load for two subtractions, a
 * maximum and a minimum per vector. float32 forward +4.5–5% (SIMD) and +3–3.5% (relaxed), SIMD
 * derivative +1%; the relaxed float64 forward lost 3–4%, so float64 forms them again (bench/ab.mjs,
 * five runs of 11 rounds). Removing as many bit operations from that pass instead gained nothing.
 */
@inline function keepsDistances<T>(): bool {
  return sizeof<T>() == 4;
}

/**
 * The mirrored loops' forward value or derivative at u = s·x, distance d and w = e^(−ζ): one hump
 * for both sides, no slope, scale 1. y = yJoint ∓ d·g; dy/du = g·(1 − rate·d·(1 − G)).
 */
@inline function mirroredResult<T, V, M>(
  op: i32, unit: bool, u: V, d: V, w: V, s: V, uRight: V, near: V, leftJointY: V, rightJointY: V, yMiddle: V, rWeight: V, rate: V, one: V, negativeZero: V,
): V {
  const den = madd<T, V>(rWeight, w, one);
  const g = div<T, V>(w, den); // w·(1/den) would round once more: f′ at tiny x must be exactly 1
  // The middle, widened to where the hump is linear to the last bit (see nearLeft in run).
  const linear = lt<T, V, M>(d, near);
  if (op == FORWARD) {
    const right = gt<T, V, M>(u, uRight);
    // yJoint ± d·g as one multiply-add: fused (relaxed build), d·g is not rounded on its own, and
    // the sign flip waits on d, not on the division; unfused, it is the same two roundings as before.
    const y = madd<T, V>(negateUnless<T, V, M>(right, d, negativeZero), g, pick<T, V, M>(right, rightJointY, leftJointY));
    // At s = 1 the middle has no offset (runKernel): u is y there, with its sign at ±0.
    return pick<T, V, M>(linear, unit ? u : add<T, V>(yMiddle, u), y);
  }
  const bracket = nmadd<T, V>(mul<T, V>(rate, d), div<T, V>(one, den), one);
  const dydu = madd<T, V>(g, bracket, splat<T, V>(0)); // + 0: far out g = 0, and f′ is +0, not 0·(−1)
  return timesS<T, V>(unit, s, pick<T, V, M>(linear, one, dydu));
}

/**
 * Runs `op` over n elements in the loop of shape L (MirroredLoop, SharedLoop, SidedLoop, ScaledLoop
 * or UnscaledLoop): the common shapes run a loop without the two-product, the per-side blends, the
 * slope terms and the infinity fix-ups. For BACKWARD, out receives dx and the sums go to the GRAD_*
 * slots.
 */
@inline function run<T, V, M, W, L>(op: i32, x: usize, dy: usize, out: usize, n: i32): void {
  // Structure: `mirrored` (no ±∞ fix-ups, expNearF32) and `shared` (two-product, slope term) hold
  // for the sided loop too; `oneSide` (both humps' constants equal) only for the other two.
  const sidedLoop = isFloat<L>();
  const shared = sidedLoop || sizeof<L>() == sizeof<SharedLoop>();
  const mirrored = shared || sizeof<L>() == sizeof<MirroredLoop>();
  const oneSide = mirrored && !sidedLoop;
  const unit = isSigned<L>() || sidedLoop;
  // The unit shared and the sided loop run no member with s (shapeFor): their backward has no
  // per-element branch on wanting ∂/∂s (sided backward +1–2%), nor its lanes.
  const hasS = !(shared && unit);
  // The two-product of s·x (none at s = 1).
  const scaled = !unit && (shared || sizeof<L>() == sizeof<ScaledLoop>());
  const lanes = lanesOf<T, V>();
  const step = <usize>lanes * sizeof<T>();
  // The mirrored loop and the shared and sided ones take three vectors per iteration (the scalar build
  // one element); the rest of the loop body serves the general shapes.
  const mirroredBlocks = mirrored && !shared;
  const blocked = mirrored;
  // Lanes that only some loops read are read there alone (lane's `used`): the general loop's, and
  // the right hump's own where both humps share the left's (oneSide).
  const general = !blocked;
  const twoSided = !oneSide;
  // The relaxed build's exact products are one fused step each (productLow): no split constants.
  const fusedProducts = isVector<V>() && ASC_FEATURE_RELAXED_SIMD;
  // The float32 forward's exponential (expNearF32) and result take no rate.
  const rateUsed = op != FORWARD || general || sizeof<T>() == 8 || !isVector<V>();
  const zero = splat<T, V>(0);
  const one = lane<T, V>(Lane.One);
  const infinity = lane<T, V>(Lane.Infinity, scaled || general);
  const s = lane<T, V>(Lane.S, !unit);
  const sHighLanes = lane<T, V>(Lane.SHigh, scaled && !fusedProducts);
  const sLowLanes = lane<T, V>(Lane.SLow, scaled && !fusedProducts);
  const yMiddle = lane<T, V>(Lane.MiddleY, op == FORWARD && (!unit || general));
  const middleOffset = ne<T, V, M>(yMiddle, zero);
  // Scalar lanes flip signs without it (negateUnless, flipSignBy).
  // The shared loops' forward puts the left hump's sign on its scale (sharedResult).
  const negativeZero = lane<T, V>(Lane.NegativeZero, op == FORWARD ? blocked && isVector<V>() && (mirroredBlocks || sidedLoop) || scaled : blocked && isVector<V>() && op == BACKWARD);
  const nearLeft = lane<T, V>(Lane.LeftNear);
  const nearRight = lane<T, V>(Lane.RightNear, twoSided);
  const half = lane<T, V>(Lane.Half, op == BACKWARD);
  const uLeft = sideLane<T, V>(slots.SIDE_LEFT, slots.JOINT_U);
  const uRight = sideLane<T, V>(slots.SIDE_RIGHT, slots.JOINT_U);
  const maxLeft = lane<T, V>(Lane.LeftMax);
  const maxRight = lane<T, V>(Lane.RightMax, twoSided);
  const minLeft = lane<T, V>(Lane.LeftMin, general);
  const minRight = lane<T, V>(Lane.RightMin, general);
  const biggest = lane<T, V>(Lane.Biggest, op == BACKWARD && hasS);
  // Inside the middle the exponential's result is discarded (forward, derivative) or meets a zero
  // weight (backward), but it is computed all the same. At d = 0, ζ is the shift, −e^(−ab) to first
  // order: for a large a·b, r is tiny there and the polynomial's powers of it underflow, one
  // microcode assist per lane (Sigmoid-Zorro's fitted preset, a·b = 35.5, ran its derivative at half
  // speed with half its inputs in the middle). The backward's distance, which it clamps at 0 for
  // its sums, reaches the exponential floored at −1/rate instead: ζ ≥ shift − 1 ≥ −42 keeps
  // 2^n normal and w finite, and no middle lane sits at the tiny shift. The forward and
  // derivative take no floor (their middle lanes are replaced whatever they hold). Middle lanes
  // take the left hump's constants in every loop, hence its rate.
  const middleFloor = lane<T, V>(Lane.MiddleFloor, blocked && op == BACKWARD);
  // The sided loop runs no member with m (shapeFor): no per-element branch on that flag there.
  const wantS = op == BACKWARD && hasS && flag(Flag.WantS);
  const wantM = op == BACKWARD && (shared && !sidedLoop || general) && flag(Flag.WantM);
  const negativeSlope = general && op == FORWARD && <T>slot(slots.SIDE_RIGHT + slots.SLOPE) < 0;
  const mHighLanes = lane<T, V>(Lane.MHigh, general && op == FORWARD && !fusedProducts);
  const mLowLanes = lane<T, V>(Lane.MLow, general && op == FORWARD && !fusedProducts);
  const leftA = sideLane<T, V>(slots.SIDE_LEFT, slots.A, general && op == BACKWARD);
  const rightA = sideLane<T, V>(slots.SIDE_RIGHT, slots.A, general && op == BACKWARD);
  const leftB = sideLane<T, V>(slots.SIDE_LEFT, slots.B, general && op == BACKWARD);
  const rightB = sideLane<T, V>(slots.SIDE_RIGHT, slots.B, general && op == BACKWARD);
  const leftDgdaC = sideLane<T, V>(slots.SIDE_LEFT, slots.DGDA_C, general && op == BACKWARD);
  const rightDgdaC = sideLane<T, V>(slots.SIDE_RIGHT, slots.DGDA_C, general && op == BACKWARD);
  const leftDgdaD = sideLane<T, V>(slots.SIDE_LEFT, slots.DGDA_D, op == BACKWARD);
  const rightDgdaD = sideLane<T, V>(slots.SIDE_RIGHT, slots.DGDA_D, twoSided && op == BACKWARD);
  const leftDgdaG = sideLane<T, V>(slots.SIDE_LEFT, slots.DGDA_G, general && op == BACKWARD);
  const rightDgdaG = sideLane<T, V>(slots.SIDE_RIGHT, slots.DGDA_G, general && op == BACKWARD);
  const leftJointY = sideLane<T, V>(slots.SIDE_LEFT, slots.JOINT_Y, op == FORWARD);
  const rightJointY = sideLane<T, V>(slots.SIDE_RIGHT, slots.JOINT_Y, op == FORWARD);
  const leftLimitDydu = sideLane<T, V>(slots.SIDE_LEFT, slots.LIMIT_DYDU, general && op != FORWARD);
  const rightLimitDydu = sideLane<T, V>(slots.SIDE_RIGHT, slots.LIMIT_DYDU, general && op != FORWARD);
  const leftLimitY = sideLane<T, V>(slots.SIDE_LEFT, slots.LIMIT_Y, general && op == FORWARD);
  const rightLimitY = sideLane<T, V>(slots.SIDE_RIGHT, slots.LIMIT_Y, general && op == FORWARD);
  const leftOneMinusR = sideLane<T, V>(slots.SIDE_LEFT, slots.ONE_MINUS_R, op == BACKWARD);
  const rightOneMinusR = sideLane<T, V>(slots.SIDE_RIGHT, slots.ONE_MINUS_R, twoSided && op == BACKWARD);
  // The mirrored-structure loops take R flushed (denominatorWeight).
  const leftR = mirrored ? lane<T, V>(Lane.LeftFlushedR) : sideLane<T, V>(slots.SIDE_LEFT, slots.R);
  const rightR = mirrored ? lane<T, V>(Lane.RightFlushedR, twoSided) : sideLane<T, V>(slots.SIDE_RIGHT, slots.R);
  const leftRate = sideLane<T, V>(slots.SIDE_LEFT, slots.RATE, rateUsed);
  const rightRate = sideLane<T, V>(slots.SIDE_RIGHT, slots.RATE, twoSided && rateUsed);
  const leftScale = sideLane<T, V>(slots.SIDE_LEFT, slots.SCALE, general || shared && !sidedLoop);
  const rightScale = sideLane<T, V>(slots.SIDE_RIGHT, slots.SCALE, general || shared && !sidedLoop);
  const leftScaleNegated = sub<T, V>(zero, leftScale);
  const leftNegShift = lane<T, V>(Lane.LeftNegShift, sizeof<T>() == 8);
  const rightNegShift = lane<T, V>(Lane.RightNegShift, (general || twoSided) && sizeof<T>() == 8);
  const leftSign = sideLane<T, V>(slots.SIDE_LEFT, slots.SIGN, general && op != DERIVATIVE);
  const rightSign = sideLane<T, V>(slots.SIDE_RIGHT, slots.SIGN, general && op != DERIVATIVE);
  const leftSlope = sideLane<T, V>(slots.SIDE_LEFT, slots.SLOPE, general);
  const rightSlope = sideLane<T, V>(slots.SIDE_RIGHT, slots.SLOPE, general || shared && !sidedLoop);
  const slopeDistanceMax = lane<T, V>(Lane.SlopeDistanceMax, shared && !sidedLoop && op == FORWARD);
  const leftShift64 = lane<f64, W>(Lane.LeftShift64, (general || !isVector<V>()) && sizeof<T>() == 4);
  const rightShift64 = lane<f64, W>(Lane.RightShift64, (general || !isVector<V>() && twoSided) && sizeof<T>() == 4);
  // The loops that take expNearF32 (the mirrored-structure float32 vector loops; its operands: storeLaneValues).
  const nearLoop = mirrored && sizeof<T>() == 4 && isVector<V>();
  let gradALeft = splat<f64, W>(0);
  let gradBLeft = splat<f64, W>(0);
  let gradARight = splat<f64, W>(0);
  let gradBRight = splat<f64, W>(0);
  let gradS = splat<f64, W>(0);
  // The mirrored-structure loops' factored sums (see the backward pass), per hump in the sided loop.
  let sumGGm1Left = splat<f64, W>(0);
  let sumGGm1Right = splat<f64, W>(0);
  let sumHumpLeft = splat<f64, W>(0);
  let sumHumpRight = splat<f64, W>(0);
  let sumGLeft = splat<f64, W>(0);
  let sumGRight = splat<f64, W>(0);
  const negativeAb = blocked && op == BACKWARD && flag(Flag.NegativeAb);
  let gradM = splat<f64, W>(0);

  // Two passes through one copy of the loop body: the whole blocks in place, then the partial last
  // block through TAIL. The inner loop holds no call (memory.copy is one in V8), so the lane
  // constants stay in registers instead of being spilled and reloaded around it.
  // Blocks of three vectors: faster than two (relaxed build +6% and +8%, SIMD +12% and +16%) and
  // four (which spills). The scalar build's take one element (three: 8 KB more wasm for its mirrored
  // loops, and no faster).
  const blockLanes = blocked && isVector<V>() ? lanes * 3 : lanes;
  const blockBytes = <usize>blockLanes * sizeof<T>();
  const tail = n % blockLanes;
  let xAt = x;
  let dyAt = dy;
  let outAt = out;
  let xEnd = x + <usize>(n - tail) * sizeof<T>();
  let pass = 0;
  while (true) {
  while (xAt < xEnd) {
    // expNearF32's hump operands and constants for the three-vector loops (nearExp), loaded once
    // per chunk (the forward's and derivative's chunk is the whole block run).
    const expLeft0 = expOperand<T, V>(nearLoop, 0, 0);
    const expLeft1 = expOperand<T, V>(nearLoop, 0, 1);
    const expLeft2 = expOperand<T, V>(nearLoop, 0, 2);
    const expLeft3 = expOperand<T, V>(nearLoop, 0, 3);
    const expLeft4 = expOperand<T, V>(nearLoop, 0, 4);
    const expLeft5 = expOperand<T, V>(nearLoop, 0, 5);
    const expLeft6 = expOperand<T, V>(nearLoop, 0, 6);
    const expRight0 = expOperand<T, V>(nearLoop && twoSided, 1, 0);
    const expRight1 = expOperand<T, V>(nearLoop && twoSided, 1, 1);
    const expRight2 = expOperand<T, V>(nearLoop && twoSided, 1, 2);
    const expRight3 = expOperand<T, V>(nearLoop && twoSided, 1, 3);
    const expRight4 = expOperand<T, V>(nearLoop && twoSided, 1, 4);
    const expRight5 = expOperand<T, V>(nearLoop && twoSided, 1, 5);
    const expRight6 = expOperand<T, V>(nearLoop && twoSided, 1, 6);
    const expMagic = expConstant<T, V>(nearLoop, NEAR_MAGIC);
    const expLn2High = expConstant<T, V>(nearLoop && ASC_FEATURE_RELAXED_SIMD, NEAR_LN2_HIGH);
    const expLn2Low = expConstant<T, V>(nearLoop && ASC_FEATURE_RELAXED_SIMD, NEAR_LN2_LOW);
    const expFloor = expConstant<T, V>(nearLoop, NEAR_FLOOR);
    const expC6 = expConstant<T, V>(nearLoop, NEAR_C6);
    const expC5 = expConstant<T, V>(nearLoop, NEAR_C5);
    const expC4 = expConstant<T, V>(nearLoop, NEAR_C4);
    const expC3 = expConstant<T, V>(nearLoop, NEAR_C3);
    const expC2 = expConstant<T, V>(nearLoop, NEAR_C2);
    const expC1 = expPolyOne<T, V>(nearLoop, one);
    if (blocked) {
      // Three vectors per iteration: each lane constant, loaded once, serves them all, and their
      // independent chains overlap. The blocks are whole (the tail pass takes the rest), so each
      // vector is at a constant offset. Split ops run in two passes over chunks of CHUNK_BYTES:
      // this one leaves each vector's exponential in CHUNK_SCRATCH, the second (below) finishes
      // the vectors one at a time; the others finish each block here, from registers.
      const sharedSplit = shared && op != BACKWARD && splitsShared<T>(op, sidedLoop, unit);
      const split = op == BACKWARD || mirroredBlocks && splitsMirrored<T>(op) || sharedSplit;
      // Pass 1 leaves the distances too, CHUNK_BYTES on: for every backward, the mirrored loop's split
      // forward and derivative (keepsDistances), and the split shared and sided ones.
      const keptDistances = op == BACKWARD || mirroredBlocks && split && keepsDistances<T>() || sharedSplit;
      const chunkEnd = split && xEnd - xAt > CHUNK_BYTES ? xAt + CHUNK_BYTES : xEnd;
      let from = xAt;
      let to = split ? CHUNK_SCRATCH : outAt;
      // The scalar build's blocks are one element (blockLanes): vectors 1 and 2 are the vector builds'
      // alone (the shared and sided loops' work on x1 and x2 = 0 is dead code there, and removed).
      const triple = isVector<V>();
      while (from < chunkEnd) {
        if (mirroredBlocks) {
          // The float32 exponential by Horner's scheme for every operation (shortChain false): these
          // loops are no longer bound by its chain (session 16, relaxed build: derivative +3–5%,
          // backward +3%), while the sided loop's derivative still is (−6–9% with Horner).
          const u0 = timesS<T, V>(unit, s, loadLanes<T, V>(from));
          const d0 = mirroredDistance<T, V>(u0, uLeft, uRight, maxLeft, middleFloor, op == BACKWARD);
          const w0 = mirroredExp<T, V, M, W>(
            d0, op != FORWARD, leftRate, leftNegShift, leftShift64,
            expLeft0, expLeft1, expLeft2, expLeft3, expLeft4, expLeft5, expLeft6,
            expMagic, expLn2High, expLn2Low, expFloor, expC6, expC5, expC4, expC3, expC2, expC1,
          );
          const u1 = timesS<T, V>(unit, s, triple ? loadLanes<T, V>(from + step) : zero);
          const d1 = mirroredDistance<T, V>(u1, uLeft, uRight, maxLeft, middleFloor, op == BACKWARD);
          const w1 = mirroredExp<T, V, M, W>(
            d1, op != FORWARD, leftRate, leftNegShift, leftShift64,
            expLeft0, expLeft1, expLeft2, expLeft3, expLeft4, expLeft5, expLeft6,
            expMagic, expLn2High, expLn2Low, expFloor, expC6, expC5, expC4, expC3, expC2, expC1,
          );
          const u2 = timesS<T, V>(unit, s, triple ? loadLanes<T, V>(from + 2 * step) : zero);
          const d2 = mirroredDistance<T, V>(u2, uLeft, uRight, maxLeft, middleFloor, op == BACKWARD);
          const w2 = mirroredExp<T, V, M, W>(
            d2, op != FORWARD, leftRate, leftNegShift, leftShift64,
            expLeft0, expLeft1, expLeft2, expLeft3, expLeft4, expLeft5, expLeft6,
            expMagic, expLn2High, expLn2Low, expFloor, expC6, expC5, expC4, expC3, expC2, expC1,
          );
          if (keptDistances) storeLanes<T, V>(to + CHUNK_BYTES, d0);
          storeLanes<T, V>(to, split ? w0 : mirroredResult<T, V, M>(op, unit, u0, d0, w0, s, uRight, nearLeft, leftJointY, rightJointY, yMiddle, leftR, leftRate, one, negativeZero));
          if (triple) {
            if (keptDistances) storeLanes<T, V>(to + step + CHUNK_BYTES, d1);
            storeLanes<T, V>(to + step, split ? w1 : mirroredResult<T, V, M>(op, unit, u1, d1, w1, s, uRight, nearLeft, leftJointY, rightJointY, yMiddle, leftR, leftRate, one, negativeZero));
            if (keptDistances) storeLanes<T, V>(to + 2 * step + CHUNK_BYTES, d2);
            storeLanes<T, V>(to + 2 * step, split ? w2 : mirroredResult<T, V, M>(op, unit, u2, d2, w2, s, uRight, nearLeft, leftJointY, rightJointY, yMiddle, leftR, leftRate, one, negativeZero));
          }
        } else {
          // The exponential takes the middle's lanes as they are, or floored (backward; see
          // middleFloor). A clamped d needs no low part; at s = 1 none has one (u − uRight and
          // uLeft − u are exact).
          const x0 = loadLanes<T, V>(from);
          const u0 = timesS<T, V>(unit, s, x0);
          const low0 = scaled ? scaledLow<T, V, M>(s, sHighLanes, sLowLanes, x0, u0, infinity) : zero;
          const right0 = gt<T, V, M>(u0, uRight);
          const dU0 = sideDistance<T, V, M>(scaled, right0, u0, low0, uLeft, uRight);
          const d0 = pmin<T, V>(op == BACKWARD ? pmax<T, V>(dU0, middleFloor) : dU0, sided<T, V, M>(oneSide, right0, maxRight, maxLeft));
          const dLow0 = scaled ? keep<T, V, M>(eq<T, V, M>(d0, dU0), sideDistanceLow<T, V, M>(right0, u0, low0, dU0, uLeft, uRight)) : zero;
          const w0 = sharedExp<T, V, M, W>(
            d0, dLow0, scaled, oneSide, right0, op != FORWARD, leftRate, rightRate, leftNegShift, rightNegShift, leftShift64, rightShift64,
            expLeft0, expLeft1, expLeft2, expLeft3, expLeft4, expLeft5, expLeft6,
            expRight0, expRight1, expRight2, expRight3, expRight4, expRight5, expRight6,
            expMagic, expLn2High, expLn2Low, expFloor, expC6, expC5, expC4, expC3, expC2, expC1,
          );
          const x1 = triple ? loadLanes<T, V>(from + step) : zero;
          const u1 = timesS<T, V>(unit, s, x1);
          const low1 = scaled ? scaledLow<T, V, M>(s, sHighLanes, sLowLanes, x1, u1, infinity) : zero;
          const right1 = gt<T, V, M>(u1, uRight);
          const dU1 = sideDistance<T, V, M>(scaled, right1, u1, low1, uLeft, uRight);
          const d1 = pmin<T, V>(op == BACKWARD ? pmax<T, V>(dU1, middleFloor) : dU1, sided<T, V, M>(oneSide, right1, maxRight, maxLeft));
          const dLow1 = scaled ? keep<T, V, M>(eq<T, V, M>(d1, dU1), sideDistanceLow<T, V, M>(right1, u1, low1, dU1, uLeft, uRight)) : zero;
          const w1 = sharedExp<T, V, M, W>(
            d1, dLow1, scaled, oneSide, right1, op != FORWARD, leftRate, rightRate, leftNegShift, rightNegShift, leftShift64, rightShift64,
            expLeft0, expLeft1, expLeft2, expLeft3, expLeft4, expLeft5, expLeft6,
            expRight0, expRight1, expRight2, expRight3, expRight4, expRight5, expRight6,
            expMagic, expLn2High, expLn2Low, expFloor, expC6, expC5, expC4, expC3, expC2, expC1,
          );
          const x2 = triple ? loadLanes<T, V>(from + 2 * step) : zero;
          const u2 = timesS<T, V>(unit, s, x2);
          const low2 = scaled ? scaledLow<T, V, M>(s, sHighLanes, sLowLanes, x2, u2, infinity) : zero;
          const right2 = gt<T, V, M>(u2, uRight);
          const dU2 = sideDistance<T, V, M>(scaled, right2, u2, low2, uLeft, uRight);
          const d2 = pmin<T, V>(op == BACKWARD ? pmax<T, V>(dU2, middleFloor) : dU2, sided<T, V, M>(oneSide, right2, maxRight, maxLeft));
          const dLow2 = scaled ? keep<T, V, M>(eq<T, V, M>(d2, dU2), sideDistanceLow<T, V, M>(right2, u2, low2, dU2, uLeft, uRight)) : zero;
          const w2 = sharedExp<T, V, M, W>(
            d2, dLow2, scaled, oneSide, right2, op != FORWARD, leftRate, rightRate, leftNegShift, rightNegShift, leftShift64, rightShift64,
            expLeft0, expLeft1, expLeft2, expLeft3, expLeft4, expLeft5, expLeft6,
            expRight0, expRight1, expRight2, expRight3, expRight4, expRight5, expRight6,
            expMagic, expLn2High, expLn2Low, expFloor, expC6, expC5, expC4, expC3, expC2, expC1,
          );
          // The sided loop's vectors each take their lanes' hump constants.
          if (keptDistances) storeLanes<T, V>(to + CHUNK_BYTES, d0);
          storeLanes<T, V>(to, split ? w0 : sharedResult<T, V, M>(
            op, unit, sidedLoop, right0, u0, low0, d0, w0, s, uRight, sided<T, V, M>(oneSide, right0, nearRight, nearLeft), leftJointY, rightJointY,
            yMiddle, middleOffset, negativeZero, leftScale, leftScaleNegated, rightScale, rightSlope, slopeDistanceMax,
            sided<T, V, M>(oneSide, right0, rightR, leftR), sided<T, V, M>(oneSide, right0, rightRate, leftRate), one,
          ));
          if (triple) {
            if (keptDistances) storeLanes<T, V>(to + step + CHUNK_BYTES, d1);
            storeLanes<T, V>(to + step, split ? w1 : sharedResult<T, V, M>(
              op, unit, sidedLoop, right1, u1, low1, d1, w1, s, uRight, sided<T, V, M>(oneSide, right1, nearRight, nearLeft), leftJointY, rightJointY,
              yMiddle, middleOffset, negativeZero, leftScale, leftScaleNegated, rightScale, rightSlope, slopeDistanceMax,
              sided<T, V, M>(oneSide, right1, rightR, leftR), sided<T, V, M>(oneSide, right1, rightRate, leftRate), one,
            ));
            if (keptDistances) storeLanes<T, V>(to + 2 * step + CHUNK_BYTES, d2);
            storeLanes<T, V>(to + 2 * step, split ? w2 : sharedResult<T, V, M>(
              op, unit, sidedLoop, right2, u2, low2, d2, w2, s, uRight, sided<T, V, M>(oneSide, right2, nearRight, nearLeft), leftJointY, rightJointY,
              yMiddle, middleOffset, negativeZero, leftScale, leftScaleNegated, rightScale, rightSlope, slopeDistanceMax,
              sided<T, V, M>(oneSide, right2, rightR, leftR), sided<T, V, M>(oneSide, right2, rightRate, leftRate), one,
            ));
          }
        }
        from += blockBytes;
        to += blockBytes;
      }
      if (!split) {
        outAt += chunkEnd - xAt;
        xAt = chunkEnd;
        continue;
      }
      let wAt = CHUNK_SCRATCH;
      if (sharedSplit) {
        // The shared or sided forward or derivative (splitsShared), from the kept distance.
        while (xAt < chunkEnd) {
          const xv = loadLanes<T, V>(xAt);
          const u = timesS<T, V>(unit, s, xv);
          const uLow = scaled ? scaledLow<T, V, M>(s, sHighLanes, sLowLanes, xv, u, infinity) : zero;
          const right = gt<T, V, M>(u, uRight);
          storeLanes<T, V>(outAt, sharedResult<T, V, M>(
            op, unit, sidedLoop, right, u, uLow, loadLanes<T, V>(wAt + CHUNK_BYTES), loadLanes<T, V>(wAt), s, uRight, sided<T, V, M>(oneSide, right, nearRight, nearLeft), leftJointY, rightJointY,
            yMiddle, middleOffset, negativeZero, leftScale, leftScaleNegated, rightScale, rightSlope, slopeDistanceMax,
            sided<T, V, M>(oneSide, right, rightR, leftR), sided<T, V, M>(oneSide, right, rightRate, leftRate), one,
          ));
          xAt += step;
          outAt += step;
          wAt += step;
        }
        continue;
      }
      if (op != BACKWARD) {
        // The mirrored forward or derivative (splitsMirrored).
        while (xAt < chunkEnd) {
          const u = op == FORWARD || !keepsDistances<T>() ? timesS<T, V>(unit, s, loadLanes<T, V>(xAt)) : zero;
          const d = keepsDistances<T>() ? loadLanes<T, V>(wAt + CHUNK_BYTES) : mirroredDistance<T, V>(u, uLeft, uRight, maxLeft, middleFloor, false);
          storeLanes<T, V>(outAt, mirroredResult<T, V, M>(op, unit, u, d, loadLanes<T, V>(wAt), s, uRight, nearLeft, leftJointY, rightJointY, yMiddle, leftR, leftRate, one, negativeZero));
          xAt += step;
          outAt += step;
          wAt += step;
        }
        continue;
      }
      while (xAt < chunkEnd) {
        const xv = loadLanes<T, V>(xAt);
        const u = timesS<T, V>(unit, s, xv);
        const w = loadLanes<T, V>(wAt);
        const dyv = loadLanes<T, V>(dyAt);
        const right = gt<T, V, M>(u, uRight);
        // As pass 1 formed it (read back: shared and sided backward +5–20%, the scaled loop's two-product
        // left out); the sums need the middle at d = 0 (pass 1 floored it).
        const d = pmax<T, V>(loadLanes<T, V>(wAt + CHUNK_BYTES), zero);
        const den = madd<T, V>(sided<T, V, M>(oneSide, right, rightR, leftR), w, one);
        const oneMinusG = div<T, V>(one, den);
        const g = div<T, V>(w, den);
        const rate = sided<T, V, M>(oneSide, right, rightRate, leftRate);
        // The mirrored and sided loops' humps are plain (scale 1, no slope).
        const hump = sharedDydu<T, V, M>(!shared || sidedLoop, right, w, den, d, rate, leftScale, rightScale, rightSlope, one);
        const dydu = pick<T, V, M>(lt<T, V, M>(d, sided<T, V, M>(oneSide, right, nearRight, nearLeft)), one, hump);
        storeLanes<T, V>(outAt, mul<T, V>(dyv, timesS<T, V>(unit, s, dydu)));
        // Every lane adds dy·(its ∂f/∂p), as the reference does: an infinite or NaN dy makes the sums
        // NaN wherever it meets a zero partial. No masks for the middle and ±∞ (clamped to dMax):
        // d = 0 or G = 0, every factor finite. Negated on the left: in the mirrored loop by
        // u − uRight's sign, negative there (two bit operations instead of a compare and a select).
        const distanceDy = mul<T, V>(d, dyv);
        const weight = shared
          ? negateUnless<T, V, M>(right, sidedLoop ? distanceDy : mul<T, V>(pick<T, V, M>(right, rightScale, leftScale), distanceDy), negativeZero)
          : flipSignBy<T, V>(distanceDy, sub<T, V>(u, uRight), negativeZero);
        const weightG = mul<T, V>(weight, g); // Σ weight·G / R
        const withinRight = le<T, V, M>(u, uRight); // false beyond the right joint, and for NaN
        if (oneSide) {
          // One set of sums for both humps, from the factor weight·g·(1 − G) formed once: the terms
          // of gMinusOneOf and humpOverGOf without it, the first negated, 1 − w·(1 − R) (one fused
          // step in the relaxed build), and negated back after the loop.
          const factor = mul<T, V>(weightG, oneMinusG);
          sumGGm1Left = accumulate<T, V, W>(sumGGm1Left, mul<T, V>(factor, nmadd<T, V>(w, leftOneMinusR, one)));
          sumHumpLeft = accumulate<T, V, W>(sumHumpLeft, mul<T, V>(factor, madd<T, V>(half, d, leftDgdaD)));
          if (negativeAb) sumGLeft = accumulate<T, V, W>(sumGLeft, weightG);
        } else {
          // One set of sums per hump. The other hump's sums get the term times 0, not a masked 0:
          // dy·0 is NaN for an infinite dy, as in the reference. NaN inputs count on both sides.
          const gGm1Term = mul<T, V>(weightG, gMinusOneOf<T, V>(w, pick<T, V, M>(right, rightOneMinusR, leftOneMinusR), oneMinusG, one));
          const humpSumTerm = mul<T, V>(weightG, humpOverGOf<T, V>(oneMinusG, half, d, pick<T, V, M>(right, rightDgdaD, leftDgdaD)));
          const onLeft = keepUnless<T, V, M>(right, one);
          const onRight = keepUnless<T, V, M>(withinRight, one);
          sumGGm1Left = accumulate<T, V, W>(sumGGm1Left, mul<T, V>(gGm1Term, onLeft));
          sumGGm1Right = accumulate<T, V, W>(sumGGm1Right, mul<T, V>(gGm1Term, onRight));
          sumHumpLeft = accumulate<T, V, W>(sumHumpLeft, mul<T, V>(humpSumTerm, onLeft));
          sumHumpRight = accumulate<T, V, W>(sumHumpRight, mul<T, V>(humpSumTerm, onRight));
          if (negativeAb) {
            sumGLeft = accumulate<T, V, W>(sumGLeft, mul<T, V>(weightG, onLeft));
            sumGRight = accumulate<T, V, W>(sumGRight, mul<T, V>(weightG, onRight));
          }
        }
        if (wantS) {
          // ∂y/∂s = x·dy/du; x is clamped so that an infinite x meets dy/du = 0 as 0, not NaN.
          const xFinite = pmin<T, V>(pmax<T, V>(xv, sub<T, V>(zero, biggest)), biggest);
          gradS = accumulate<T, V, W>(gradS, mul<T, V>(dyv, mul<T, V>(xFinite, dydu)));
        }
        if (shared && wantM) {
          // ∂y/∂m = x − Z(x) = d·(1 − g) beyond the right joint: of x's size, so dy multiplies in float64.
          // Its distance unclamped, with s·x's low part.
          const uLow = scaled ? scaledLow<T, V, M>(s, sHighLanes, sLowLanes, xv, u, infinity) : zero;
          const dU = sideDistance<T, V, M>(scaled, right, u, uLow, uLeft, uRight);
          gradM = accumulateProduct<T, V, W>(gradM, dyv, keepUnless<T, V, M>(withinRight, mul<T, V>(dU, sub<T, V>(one, g))));
        }
        xAt += step;
        dyAt += step;
        outAt += step;
        wAt += step;
      }
      continue;
    }
    const xv = loadLanes<T, V>(xAt);
    let uHigh = xv;
    let uLow = zero;
    if (scaled) {
      // Dekker's two-product: s·x = uHigh + uLow exactly, so joints and zeros keep every bit.
      uHigh = mul<T, V>(s, xv);
      uLow = productLow<T, V>(s, sHighLanes, sLowLanes, xv, uHigh);
    }
    const right = gt<T, V, M>(uHigh, uRight);
    let dRight = sub<T, V>(uHigh, uRight);
    let dLeft = sub<T, V>(uLeft, uHigh);
    if (scaled) {
      dRight = add<T, V>(dRight, uLow);
      dLeft = sub<T, V>(dLeft, uLow);
    }
    const dU = scaled ? sideDistance<T, V, M>(true, right, uHigh, uLow, uLeft, uRight) : pick<T, V, M>(right, dRight, dLeft);
    let dLow = zero;
    if (scaled) dLow = sideDistanceLow<T, V, M>(right, uHigh, uLow, dU, uLeft, uRight);
    // ±∞ lands on dMax, where e^(−ζ) is exactly 0: the hump term vanishes without ∞·0.
    const dE = pmin<T, V>(pmax<T, V>(dU, zero), pick<T, V, M>(right, maxRight, maxLeft));
    // The exponential, formed in float64, has no polynomial powers to underflow: no floor.
    const dX = pmax<T, V>(dE, pick<T, V, M>(right, minRight, minLeft));
    // The middle segment (dE ≤ 0), widened to where the hump is linear to the last bit (see
    // nearLeft). Only a slope term (dU·m, not clamped) can meet an infinite u: there the side's
    // limit is used.
    const linear = either<M>(lt<T, V, M>(dE, pick<T, V, M>(right, nearRight, nearLeft)), both<M>(ge<T, V, M>(uHigh, uLeft), le<T, V, M>(uHigh, uRight)));
    const infinite = eq<T, V, M>(abs<T, V>(uHigh), infinity);
    if (scaled) dLow = keep<T, V, M>(eq<T, V, M>(dX, dU), dLow); // a clamped d needs no low part
    const rate = pick<T, V, M>(right, rightRate, leftRate);
    const w = sizeof<T>() == 4
      ? expAffineF32<V, W>(dX, dLow, scaled, rate, shiftLanes<M, W>(right, false, leftShift64, rightShift64), shiftLanes<M, W>(right, true, leftShift64, rightShift64))
      : expAffineF64<V>(dX, rate, pick<T, V, M>(right, rightNegShift, leftNegShift), false, true);
    const rWeight = pick<T, V, M>(right, rightR, leftR);
    const den = madd<T, V>(rWeight, w, one);

    // The hump's scale (1 − m on Sloped-Zorro's right side) is blended where it is used: blended
    // once here instead, the scalar build's float32 forward ran at half speed (0.061 -> 0.032
    // Gelem/s; V8 turns a float select into a branch).
    if (op == FORWARD) {
      // The general loop: y = (yJoint + sign·dU·slope) + sign·scale·dE·g; for slope < 0 the two
      // terms cancel where L crosses zero, so dU·slope is then split into an exact high + low pair.
      const g = div<T, V>(w, den);
      const slope = pick<T, V, M>(right, rightSlope, leftSlope);
      const slopeHigh = mul<T, V>(dU, slope);
      let slopeLow = zero;
      if (negativeSlope) {
        // only the right side has a slope
        slopeLow = keep<T, V, M>(right, productLow<T, V>(rightSlope, mHighLanes, mLowLanes, dU, slopeHigh));
      }
      const sign = pick<T, V, M>(right, rightSign, leftSign);
      const rest_ = add<T, V>(slopeLow, mul<T, V>(pick<T, V, M>(right, rightScale, leftScale), mul<T, V>(dE, g)));
      let y = add<T, V>(add<T, V>(pick<T, V, M>(right, rightJointY, leftJointY), mul<T, V>(sign, slopeHigh)), mul<T, V>(sign, rest_));
      // The middle as in sharedResult (uLow replaced by −0 without an offset).
      let yLinear = add<T, V>(yMiddle, uHigh);
      if (scaled) yLinear = add<T, V>(yLinear, pick<T, V, M>(middleOffset, uLow, negativeZero));
      y = pick<T, V, M>(linear, yLinear, y);
      y = pick<T, V, M>(infinite, pick<T, V, M>(right, rightLimitY, leftLimitY), y);
      storeLanes<T, V>(outAt, y);
    } else {
      const oneMinusG = div<T, V>(one, den);
      const g = div<T, V>(w, den); // w·(1/den) would round once more: f′ at tiny x must be exactly 1
      // dy/du = slope + scale·g·(1 − rate·d·(1 − G)), the C¹ continuation of the middle's 1.
      const bracket = nmadd<T, V>(mul<T, V>(rate, dE), oneMinusG, one);
      const slope = pick<T, V, M>(right, rightSlope, leftSlope);
      let dydu = madd<T, V>(mul<T, V>(pick<T, V, M>(right, rightScale, leftScale), g), bracket, slope);
      dydu = pick<T, V, M>(linear, one, dydu);
      dydu = pick<T, V, M>(infinite, pick<T, V, M>(right, rightLimitDydu, leftLimitDydu), dydu);
      const dydx = scaled ? timesS<T, V>(unit, s, dydu) : dydu;
      if (op == DERIVATIVE) {
        storeLanes<T, V>(outAt, dydx);
      } else {
        const dyv = loadLanes<T, V>(dyAt);
        storeLanes<T, V>(outAt, mul<T, V>(dyv, dydx));
        const beyondRight = not<M>(le<T, V, M>(uHigh, uRight)); // NaN included
        // ∂g/∂b = a·(e^(ab)·G − g·(1 − G)) = a·G·(g − 1): this form does not cancel in the tails.
        // ∂g/∂a at the side's Z-space distance D = h·d takes the form that is stable for the sign of ab:
        //   ∂g/∂a = b·G·(DGDA_G·(g − 1) + DGDA_C) − g·(1 − G)·(D + DGDA_D)   (params.ts).
        const gMinusOne = gMinusOneOf<T, V>(w, pick<T, V, M>(right, rightOneMinusR, leftOneMinusR), oneMinusG, one);
        const humpOverG = humpOverGOf<T, V>(oneMinusG, half, dE, pick<T, V, M>(right, rightDgdaD, leftDgdaD)); // humpTerm / g
        // Every lane adds dy·(its ∂f/∂p), 0 off its side, as the reference does: an infinite or NaN dy
        // makes the sums NaN wherever it meets a zero partial. NaN inputs count on both sides.
        const bigG = mul<T, V>(mul<T, V>(rWeight, w), oneMinusG);
        const firstFactor = add<T, V>(mul<T, V>(pick<T, V, M>(right, rightDgdaG, leftDgdaG), gMinusOne), pick<T, V, M>(right, rightDgdaC, leftDgdaC));
        const dgda = sub<T, V>(mul<T, V>(mul<T, V>(pick<T, V, M>(right, rightB, leftB), bigG), firstFactor), mul<T, V>(g, humpOverG));
        const dgdb = mul<T, V>(pick<T, V, M>(right, rightA, leftA), mul<T, V>(bigG, gMinusOne));
        // The two-product leaves NaN in ±∞ lanes, so masks zero them, and dy multiplies after the
        // masks: every lane adds to both sides' sums, dy·0 to the other side's (NaN counts on both).
        const sideWeight = mul<T, V>(pick<T, V, M>(right, rightSign, leftSign), mul<T, V>(pick<T, V, M>(right, rightScale, leftScale), dE));
        const finite = not<M>(infinite);
        const toLeft = both<M>(not<M>(right), finite);
        const toRight = both<M>(beyondRight, finite);
        const contribA = mul<T, V>(sideWeight, dgda);
        const contribB = mul<T, V>(sideWeight, dgdb);
        gradALeft = accumulate<T, V, W>(gradALeft, mul<T, V>(dyv, keep<T, V, M>(toLeft, contribA)));
        gradBLeft = accumulate<T, V, W>(gradBLeft, mul<T, V>(dyv, keep<T, V, M>(toLeft, contribB)));
        gradARight = accumulate<T, V, W>(gradARight, mul<T, V>(dyv, keep<T, V, M>(toRight, contribA)));
        gradBRight = accumulate<T, V, W>(gradBRight, mul<T, V>(dyv, keep<T, V, M>(toRight, contribB)));
        if (wantS) {
          // ∂y/∂s = x·dy/du; x is clamped so that an infinite x meets dy/du = 0 as 0, not NaN.
          const xFinite = pmin<T, V>(pmax<T, V>(xv, sub<T, V>(zero, biggest)), biggest);
          gradS = accumulate<T, V, W>(gradS, mul<T, V>(dyv, mul<T, V>(xFinite, dydu)));
        }
        if (wantM) {
          // ∂y/∂m = x − Z(x) = d·(1 − g) beyond the right joint: of x's size, so dy multiplies in float64.
          // At u = +∞ it is +∞; the two-product leaves NaN in dU there.
          const distance = pick<T, V, M>(infinite, infinity, mul<T, V>(dU, sub<T, V>(one, g)));
          gradM = accumulateProduct<T, V, W>(gradM, dyv, keep<T, V, M>(beyondRight, distance));
        }
      }
    }
    xAt += step;
    dyAt += step;
    outAt += step;
  }
  if (pass != 0 || tail == 0) break;
  pass = 1;
  const bytes = <usize>tail * sizeof<T>();
  memory.fill(TAIL, 0, 3 * TAIL_STREAM);
  memory.copy(TAIL, xAt, bytes);
  if (op == BACKWARD) memory.copy(TAIL + TAIL_STREAM, dyAt, bytes);
  xAt = TAIL;
  dyAt = TAIL + TAIL_STREAM;
  outAt = TAIL + 2 * TAIL_STREAM;
  xEnd = TAIL + blockBytes;
  }
  if (tail != 0) memory.copy(out + <usize>(n - tail) * sizeof<T>(), TAIL + 2 * TAIL_STREAM, <usize>tail * sizeof<T>());
  // The one-set loops summed the first factored term negated.
  if (blocked && oneSide && op == BACKWARD) sumGGm1Left = isVector<W>() ? f64x2.neg(sumGGm1Left as v128) as W : -(sumGGm1Left as f64) as W;
  if (op == BACKWARD) {
    if (mirrored) {
      // The lanes used R as T: so does the finish.
      const leftRT = <f64><T>slot(slots.SIDE_LEFT + slots.R);
      const rightRT = <f64><T>slot(slots.SIDE_RIGHT + slots.R);
      finishFactoredSums(slots.SIDE_LEFT, slots.GRAD_A_LEFT, slots.GRAD_B_LEFT, leftRT * total<W>(sumGGm1Left), leftRT * total<W>(sumGLeft), total<W>(sumHumpLeft));
      finishFactoredSums(slots.SIDE_RIGHT, slots.GRAD_A_RIGHT, slots.GRAD_B_RIGHT, rightRT * total<W>(sumGGm1Right), rightRT * total<W>(sumGRight), total<W>(sumHumpRight));
    } else {
      store<f64>(CONFIG + (<usize>slots.GRAD_A_LEFT << 3), total<W>(gradALeft));
      store<f64>(CONFIG + (<usize>slots.GRAD_B_LEFT << 3), total<W>(gradBLeft));
      store<f64>(CONFIG + (<usize>slots.GRAD_A_RIGHT << 3), total<W>(gradARight));
      store<f64>(CONFIG + (<usize>slots.GRAD_B_RIGHT << 3), total<W>(gradBRight));
    }
    store<f64>(CONFIG + (<usize>slots.GRAD_S << 3), total<W>(gradS));
    store<f64>(CONFIG + (<usize>slots.GRAD_M << 3), total<W>(gradM));
  }
}

/**
 * Σ dy·∂f/∂a and Σ dy·∂f/∂b of one hump (side: its slot base) from the factored sums Σ w·G·(g − 1),
 * Σ w·G and Σ w·humpTerm; a hump with no lanes has all three 0, so its gradients are 0.
 */
function finishFactoredSums(side: i32, gradASlot: i32, gradBSlot: i32, gGm1: f64, bigG: f64, hump: f64): void {
  const gradA = slot(side + slots.B) * (slot(side + slots.DGDA_G) * gGm1 + slot(side + slots.DGDA_C) * bigG) - hump;
  store<f64>(CONFIG + (<usize>gradASlot << 3), gradA);
  store<f64>(CONFIG + (<usize>gradBSlot << 3), slot(side + slots.A) * gGm1);
}

/** The mirrored loops' exponentials need ζ ≥ −43 (expNearF32; float64: 2^(n+960) normal). */
const NEAR_SHIFT_MIN: f64 = -40;

/**
 * The shapes the sided loop covers: a negative hump on the left and a positive one on the right,
 * each with its own constants, both shifts ≥ NEAR_SHIFT_MIN; any s (the two-product) and a
 * right-hand slope m ≥ 0 with its own hump scale. m < 0 needs the general loop's split slope term
 * (L crosses zero there), a·b < −40 the float64-formed exponential.
 */
@inline function isSided(): bool {
  const l = slots.SIDE_LEFT;
  const r = slots.SIDE_RIGHT;
  return slot(l + slots.SLOPE) == 0 && slot(r + slots.SLOPE) >= 0
    && slot(l + slots.SIGN) == -1 && slot(r + slots.SIGN) == 1
    && slot(l + slots.SHIFT) >= NEAR_SHIFT_MIN && slot(r + slots.SHIFT) >= NEAR_SHIFT_MIN;
}

/**
 * Humps of scale 1 with no slope, which the sided loop assumes (Asymmetric-Zorro): y = yJoint ± d·g,
 * three instructions fewer per vector than the shared loop's general hump.
 */
@inline function isPlain(): bool {
  return slot(slots.SIDE_RIGHT + slots.SLOPE) == 0
    && slot(slots.SIDE_LEFT + slots.SCALE) == 1 && slot(slots.SIDE_RIGHT + slots.SCALE) == 1;
}

/**
 * The shapes the shared loop covers: the sided loop's, with one set of constants for both humps
 * (rate, shift, R; a and b for the gradients) and no per-side gradient. Besides the mirrored shapes
 * that is Sloped-Zorro at m ≥ 0 and the fitted presets (gelu, silu: Sloped; sigmoid, tanh, dgelu:
 * s not a power of two).
 */
@inline function isShared<T>(): bool {
  const l = slots.SIDE_LEFT;
  const r = slots.SIDE_RIGHT;
  return isSided() && <T>slot(l + slots.RATE) == <T>slot(r + slots.RATE)
    && slot(l + slots.SHIFT) == slot(r + slots.SHIFT)
    && <T>slot(l + slots.R) == <T>slot(r + slots.R)
    && <T>slot(l + slots.A) == <T>slot(r + slots.A)
    && <T>slot(l + slots.B) == <T>slot(r + slots.B)
    && slot(slots.WANT_GRAD_SIDES) == 0;
}

/**
 * The shapes the mirrored loop covers: the shared loop's, with s a power of two (s·x exact), no
 * slope, hump scale 1 and no slope gradient. That is Symmetric-, Sigmoid- and Tanh-Zorro at their
 * defaults (and the yolov5 and LSTM presets).
 */
@inline function isMirrored<T>(): bool {
  const s = <T>slot(slots.INPUT_SCALE);
  const mantissa = sizeof<T>() == 4 ? (reinterpret<u32>(<f32>s) & 0x7fffff) != 0 : (reinterpret<u64>(<f64>s) & 0xfffffffffffff) != 0;
  return isShared<T>() && !mantissa
    && slot(slots.SIDE_RIGHT + slots.SLOPE) == 0 && slot(slots.WANT_GRAD_M) == 0
    && slot(slots.SIDE_LEFT + slots.SCALE) == 1 && slot(slots.SIDE_RIGHT + slots.SCALE) == 1;
}

/**
 * Per operation and type: the mirrored loop where it applies, then the shared loop, then the sided
 * one, else the general one (its two-product is exact for every s, 1 included). The mirrored and
 * shared loops come in two kinds, at s = 1 and at any other s; the sided loop runs at s = 1 only
 * (Asymmetric-Zorro has no s). float64 vectors take the shared and sided loops since session 17
 * (1.7–2.6x over the general loop), the scalar build every loop since session 18 (backward 1.5–2.8x,
 * forward +16–35%).
 */
@inline export function runKernel<T, V, M, W>(op: i32, x: usize, dy: usize, out: usize, n: i32): void {
  const shape = shapeFor<T, V>();
  // Each test of a shape a build or type lacks folds away at compile time: its loop is never built.
  const vector = isVector<V>();
  const float32Vector = vector && sizeof<T>() == 4;
  let kernel: ShapeKernel;
  if (shape == Shape.UnitMirrored) kernel = shapeKernel<T, V, M, W, UnitMirroredLoop>(op);
  else if (shape == Shape.Mirrored) kernel = shapeKernel<T, V, M, W, MirroredLoop>(op);
  else if (shape == Shape.UnitShared) kernel = shapeKernel<T, V, M, W, UnitSharedLoop>(op);
  else if (shape == Shape.Shared) kernel = shapeKernel<T, V, M, W, SharedLoop>(op);
  else if (shape == Shape.Sided) kernel = shapeKernel<T, V, M, W, SidedLoop>(op);
  else if (!vector && shape == Shape.Unscaled) kernel = shapeKernel<T, V, M, W, UnscaledLoop>(op);
  else kernel = shapeKernel<T, V, M, W, ScaledLoop>(op);
  // Every float32 vector loop but the general one takes expNearF32 (run's nearLoop).
  storeLaneValues<T, V, W>(float32Vector && shape != Shape.Scaled);
  kernel(x, dy, out, n);
}

/** The loop shapes runKernel chooses from (the loop types above). */
const enum Shape { Mirrored, UnitMirrored, Shared, UnitShared, Sided, Scaled, Unscaled }

/**
 * The shape of loop this call's configuration runs: a function of its own per float type, which
 * the operations' exports share (inlined, its tests were 0.9 KB of each float32 export).
 */
function shapeFor<T, V>(): Shape {
  // The unit loops take the middle as y = u, without the offset's add, and no low part of s·x
  // (relaxed forward: mirrored +2.5%, shared +12%, sided +17%): they run where s = 1 and the middle
  // has no offset. Sigmoid-Zorro at s = 1 (y = ½ + u) runs the other loops, exact at s = 1.
  const unitScale = slot(slots.INPUT_SCALE) == 1;
  const unit = unitScale && slot(slots.MIDDLE_Y) == 0;
  if (isMirrored<T>()) return unit ? Shape.UnitMirrored : Shape.Mirrored;
  const wantS = slot(slots.WANT_GRAD_S) != 0;
  if (isShared<T>()) return unit && !wantS ? Shape.UnitShared : Shape.Shared;
  if (isSided() && unit && isPlain() && !wantS && slot(slots.WANT_GRAD_M) == 0) return Shape.Sided;
  // Scalar lanes keep a general loop of their own for s = 1 (the two-product with s = 1 made the
  // derivative 3× slower).
  return !isVector<V>() && unitScale ? Shape.Unscaled : Shape.Scaled;
}

/**
 * One operation's loop of one shape, each its own wasm function, called through the table (an
 * indirect call, which Binaryen does not inline back): engines compile a function when it is first
 * called (V8: lazily, then optimised in the background), so a call compiles only the loop it runs,
 * not every shape of its operation.
 */
type ShapeKernel = (x: usize, dy: usize, out: usize, n: i32) => void;

@inline function shapeKernel<T, V, M, W, L>(op: i32): ShapeKernel {
  if (op == FORWARD) return (x: usize, dy: usize, out: usize, n: i32): void => run<T, V, M, W, L>(FORWARD, x, dy, out, n);
  if (op == DERIVATIVE) return (x: usize, dy: usize, out: usize, n: i32): void => run<T, V, M, W, L>(DERIVATIVE, x, dy, out, n);
  return (x: usize, dy: usize, out: usize, n: i32): void => run<T, V, M, W, L>(BACKWARD, x, dy, out, n);
}
