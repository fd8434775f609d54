// e^(−ζ) for ζ = rate·d + shift, the one transcendental every Zorro kernel needs.
//
// Range reduction: e^(−ζ) = 2^n · e^r with n = round(−ζ/ln 2) and |r| ≤ ln2/2, then a polynomial
// for e^r (constants from scripts/fit-exp-poly.mjs) and a two-step scaling by 2^n, so that
// float64 results down to the smallest subnormal are formed exactly as rounding allows; float32
// results below 2^FLUSH_BELOW are +0 (no subnormal arithmetic, see FLUSH_BELOW). The float64 mirrored
// loops' path (expTableF64) reduces by ln2/32 instead and takes 2^(j/32) from a table.
//
// Why ζ is formed in float64 even for float32 lanes: rounding the product rate·d to float32 costs
// about |ζ|·2^-24 relative error in e^(−ζ), i.e. more than 4 ULP once ζ passes ~8. A float32
// times a float32 is exact in float64 (24 + 24 bits < 53), so forming ζ and reducing it in
// float64 gives r to ~2^-50 and leaves only the polynomial and the final roundings.
// Callers keep ζ inside [ZETA_MIN, ZETA_MAX] by clamping d (see zorro.ts).
import { add, highHalf, madd, mul, nmadd } from './lanes';

/** 1/ln 2. */
const LOG2E: f64 = 1.4426950408889634;
/** 1.5·2^52: adding it rounds a float64 of magnitude < 2^51 to an integer held in the low mantissa bits. */
const ROUND_MAGIC: f64 = 6755399441055744.0;
/** ln 2 split as in fdlibm's e_exp.c: LN2_HI has 32 significant bits, so n·LN2_HI is exact for |n| < 2^20. */
const LN2_HI: f64 = 6.93147180369123816490e-01;
const LN2_LO: f64 = 1.90821492927058770002e-10;

/** float32 lanes: e^(−ζ) is 0 (it rounds below half the smallest subnormal) once ζ ≥ 104. */
export const ZETA_MAX_F32: f64 = 104.0;
/** float32 lanes: e^86 ≈ 2.2e37 still leaves room for the kernel's P·w (P ≤ 2). */
export const ZETA_MIN_F32: f64 = -86.0;
export const ZETA_MAX_F64: f64 = 746.0;
export const ZETA_MIN_F64: f64 = -700.0;

// e^r ≈ 1 + r + r²·(C2 + r·(C3 + …)) on |r| ≤ ln2/2.
// float32, degree 6: max relative error 2^-26.6.
const F32_C2: f32 = 0.5;
const F32_C3: f32 = 0.16666577756404877;
const F32_C4: f32 = 0.041666556149721146;
const F32_C5: f32 = 0.008363173343241215;
const F32_C6: f32 = 0.0013926175888627768;
// float64, degree 10 (the scalar build's): max relative error 2^-49.4, 2^5 below the float64 kernels' 2^-44 bar.
const F64_C2: f64 = 0.5;
const F64_C3: f64 = 0.16666666666648328;
const F64_C4: f64 = 0.041666666666648054;
const F64_C5: f64 = 0.008333333353712221;
const F64_C6: f64 = 0.0013888888907531473;
const F64_C7: f64 = 0.00019841208773355913;
const F64_C8: f64 = 0.000024801534558635362;
const F64_C9: f64 = 0.000002762508944918297;
const F64_C10: f64 = 2.7614372237984333e-7;

// The vector builds' float64 exponential (expTableF64) is table-driven (Tang, "Table-driven implementation of the
// exponential function in IEEE floating-point arithmetic", ACM TOMS 15(2), 1989): n = round(−ζ·32/ln 2)
// = 32q + j, e^(−ζ) = 2^q · 2^(j/32) · e^r with |r| ≤ ln2/64, where degree 5 suffices.
// Degree 5 on |r| ≤ 1.01·ln2/64: max relative error at float64's rounding level (2^-51 as measured in
// float64), where the degree-10 polynomial over ln2/2 (the scalar build's, above) reaches 2^-49.4,
// with half the steps.
const TABLE_C2: f64 = 0.4999999999975142;
const TABLE_C3: f64 = 0.16666666666629917;
const TABLE_C4: f64 = 0.04166683285513189;
const TABLE_C5: f64 = 0.008333357215158519;
const TABLE_BITS = 5;
const TABLE_SIZE = 1 << TABLE_BITS;
/**
 * 1.5·2^52 + 960·32: adding it rounds −ζ·32/ln 2 to an integer n whose low bits are 32·(q + 960) + j,
 * so that nM's bits shifted left by 52 − 5 put q + 960 in the exponent field (the 960 keeps 2^q normal
 * down to ζ = ZETA_MAX_F64, as 2^(q+960)·2^-960, in the mirrored loops, where ζ ≥ −43).
 */
const TABLE_MAGIC: f64 = ROUND_MAGIC + 960.0 * <f64>TABLE_SIZE;
/** 32/ln 2, and ln 2/32 split as LN2_HI and LN2_LO (n·TABLE_LN2_HI stays exact for |n| < 2^20; here |n| < 2^15). */
const TABLE_LOG2E: f64 = LOG2E * <f64>TABLE_SIZE;
const TABLE_LN2_HI: f64 = LN2_HI / <f64>TABLE_SIZE;
const TABLE_LN2_LO: f64 = LN2_LO / <f64>TABLE_SIZE;
/**
 * Entry j: the bits of 2^(j/32) (correctly rounded) minus j << 47, so that adding nM's bits shifted
 * left by 47 gives the bits of 2^(q+960)·2^(j/32), j's own bits cancelled (the table of ARM's
 * optimized-routines exp is built the same way). From scripts/fit-exp-poly.mjs 5 f64 32.
 */
const EXP2_TABLE: usize = !ASC_FEATURE_SIMD ? 0 : memory.data<u64>([
  0x3ff0000000000000, 0x3fefd9b0d3158574, 0x3fefb5586cf9890f, 0x3fef9301d0125b51,
  0x3fef72b83c7d517b, 0x3fef54873168b9aa, 0x3fef387a6e756238, 0x3fef1e9df51fdee1,
  0x3fef06fe0a31b715, 0x3feef1a7373aa9cb, 0x3feedea64c123422, 0x3feece086061892d,
  0x3feebfdad5362a27, 0x3feeb42b569d4f82, 0x3feeab07dd485429, 0x3feea47eb03a5585,
  0x3feea09e667f3bcd, 0x3fee9f75e8ec5f74, 0x3feea11473eb0187, 0x3feea589994cce13,
  0x3feeace5422aa0db, 0x3feeb737b0cdc5e5, 0x3feec49182a3f090, 0x3feed503b23e255d,
  0x3feee89f995ad3ad, 0x3feeff76f2fb5e47, 0x3fef199bdd85529c, 0x3fef3720dcef9069,
  0x3fef5818dcfba487, 0x3fef7c97337b9b5f, 0x3fefa4afa2a490da, 0x3fefd0765b6e4540,
], 16);
/**
 * The general path's two-factor scale (expTableF64 with `wide`): 1.5·2^52 + 1023, whose sum with an
 * integer E has the bits of 2^E shifted right by 52, and the same plus 960·32/64, so that adding it to
 * n/64 rounds to E1 = round((n + 960·32)/64) for 2^E1.
 */
const MAGIC_POW2_F64: f64 = ROUND_MAGIC + 1023.0;
const MAGIC_POW2_HALF_960_F64: f64 = MAGIC_POW2_F64 + 960.0 / 2.0;
/** The table index's mask, j = nM & 31, in both 64-bit lanes. */
const TABLE_INDEX_LANES: usize = !ASC_FEATURE_SIMD ? 0 : memory.data<i64>([TABLE_SIZE - 1, TABLE_SIZE - 1], 16);

// The fused expNearF32's range reduction. ln 2 = LN2_HI_F32 + LN2_LO_F32 with LN2_HI_F32 on 15 bits,
// so n·LN2_HI_F32 is exact for |n| < 2^9 (n ≥ −150 here); values as in XNNPACK's rr2 reductions.
const LN2_HI_F32: f32 = 0.693145751953125;
const LN2_LO_F32: f32 = 1.428606765330187e-6;
/**
 * Results below 2^-100 are flushed to +0: such a w is below e^-69 of the hump's size, far under
 * what any output can show (ZORRO.md counts outputs under 2^-16 in absolute error: here at most
 * about 2^-88), while forming it costs a microcode assist per lane wherever a product is subnormal,
 * which XNNPACK's kernels avoid the same way (their denormal cutoff). With R flushed below 2^-26 (run
 * in zorro.ts), R·w ≥ 2^-126 in every lane kept, so the unfused 1 + R·w stays normal too.
 */
const FLUSH_BELOW: f32 = -100.0;
/**
 * The relaxed build's polynomial is POLY_SCALE times e^r (its coefficients times 2^26, exact) and its
 * 2^n comes out as 2^(n − 26): the exponent field is then 0 exactly at n = FLUSH_BELOW − 1, so one
 * lane maximum on n's bits flushes every lane below 2^FLUSH_BELOW to +0, where the SIMD build
 * compares and masks: one instruction fewer per vector (relaxed forward +1.2%, derivative +0.5%,
 * backward ±0; bench/ab.mjs, 21 rounds), outputs bit for bit the same.
 */
const POLY_SCALE: f32 = ASC_FEATURE_RELAXED_SIMD ? 67108864.0 : 1.0;
const POLY_SCALE_LOG2: f32 = ASC_FEATURE_RELAXED_SIMD ? 26.0 : 0.0;
/**
 * 1.5·2^23 + 127 − POLY_SCALE_LOG2: adding it rounds to an integer n whose bits, shifted left by 23,
 * are 2^n / POLY_SCALE.
 */
const MAGIC_POW2: f32 = 12582912.0 + 127.0 - POLY_SCALE_LOG2;
/**
 * The relaxed build: n + MAGIC_POW2 at n = FLUSH_BELOW − 1, whose bits shifted give +0, the lane
 * maximum's floor. The SIMD build: n ≥ FLUSH_BELOW exactly when n + MAGIC_POW2 exceeds this.
 */
const NORMAL_FLOOR: f32 = MAGIC_POW2 + FLUSH_BELOW - 1.0;

// The vector path reads its constants from memory: V8 rebuilds a v128.const inside the loop at
// every use (two to four instructions), while a load is one.
const F32_LANES: usize = memory.data<f32>([
  F32_C6, F32_C6, F32_C6, F32_C6, F32_C5, F32_C5, F32_C5, F32_C5, F32_C4, F32_C4, F32_C4, F32_C4,
  F32_C3, F32_C3, F32_C3, F32_C3, F32_C2, F32_C2, F32_C2, F32_C2, 1, 1, 1, 1,
  // expNearF32's, from NEAR_MAGIC on.
  MAGIC_POW2, MAGIC_POW2, MAGIC_POW2, MAGIC_POW2, -LN2_HI_F32, -LN2_HI_F32, -LN2_HI_F32, -LN2_HI_F32,
  -LN2_LO_F32, -LN2_LO_F32, -LN2_LO_F32, -LN2_LO_F32, NORMAL_FLOOR, NORMAL_FLOOR, NORMAL_FLOOR, NORMAL_FLOOR,
], 16);
/** expNearF32's polynomial, NEAR_C6 … NEAR_ONE: times POLY_SCALE in the relaxed build, else F32_LANES' own. */
const NEAR_POLY_LANES: usize = !ASC_FEATURE_RELAXED_SIMD ? F32_LANES : memory.data<f32>([
  F32_C6 * POLY_SCALE, F32_C6 * POLY_SCALE, F32_C6 * POLY_SCALE, F32_C6 * POLY_SCALE,
  F32_C5 * POLY_SCALE, F32_C5 * POLY_SCALE, F32_C5 * POLY_SCALE, F32_C5 * POLY_SCALE,
  F32_C4 * POLY_SCALE, F32_C4 * POLY_SCALE, F32_C4 * POLY_SCALE, F32_C4 * POLY_SCALE,
  F32_C3 * POLY_SCALE, F32_C3 * POLY_SCALE, F32_C3 * POLY_SCALE, F32_C3 * POLY_SCALE,
  F32_C2 * POLY_SCALE, F32_C2 * POLY_SCALE, F32_C2 * POLY_SCALE, F32_C2 * POLY_SCALE,
  POLY_SCALE, POLY_SCALE, POLY_SCALE, POLY_SCALE,
], 16);
const TWO_TO_MINUS_960: f64 = 1.0261342003245941e-289;
/** The float32 exponent bias, then FLUSH_BELOW − 1 (expAffineF32's flush: n above it is kept). */
const I32_LANES: usize = memory.data<i32>([127, 127, 127, 127, <i32>FLUSH_BELOW - 1, <i32>FLUSH_BELOW - 1, <i32>FLUSH_BELOW - 1, <i32>FLUSH_BELOW - 1], 16);

/** The float32 constant at `index` of F32_LANES, never scaled (value: the same number, for scalar lanes). */
@inline function c32<V>(index: i32, value: f32): V {
  if (isVector<V>()) return v128.load(F32_LANES + (<usize>index << 4)) as V;
  return value as V;
}

@inline function polyF32<V>(r: V): V {
  return polyStepsF32<V>(
    r, c32<V>(NEAR_C6, F32_C6), c32<V>(NEAR_C5, F32_C5), c32<V>(NEAR_C4, F32_C4), c32<V>(NEAR_C3, F32_C3), c32<V>(NEAR_C2, F32_C2), c32<V>(NEAR_ONE, 1),
  );
}

/** 1 + r + r²·(c2 + r·(c3 + …)): the coefficients are arguments, so that a pair of vectors loads them once. */
@inline function polyStepsF32<V>(r: V, c6: V, c5: V, c4: V, c3: V, c2: V, one: V): V {
  let p = madd<f32, V>(c6, r, c5);
  p = madd<f32, V>(p, r, c4);
  p = madd<f32, V>(p, r, c3);
  p = madd<f32, V>(p, r, c2);
  p = mul<f32, V>(mul<f32, V>(p, r), r);
  return add<f32, V>(add<f32, V>(p, r), one);
}

/**
 * The polynomial in fused steps (relaxed build): Horner, or with `shortChain` Estrin's scheme, two
 * multiplies more and a dependency chain of three steps instead of six. The shared and sided loops'
 * derivative and backward hold more instructions per iteration, so fewer iterations in flight, and are
 * bound by that chain (session 6: backward +8–13%; session 16: the sided derivative −6–9% with Horner's);
 * the forwards, and since session 16 every operation of the mirrored loops, are bound by the instruction
 * count and take Horner's. Both round the same terms, in a different order.
 */
@inline function polyFusedF32(r: v128, c6: v128, c5: v128, c4: v128, c3: v128, c2: v128, c1: v128, shortChain: bool): v128 {
  if (shortChain) {
    const r2 = f32x4.mul(r, r);
    const low = madd<f32, v128>(madd<f32, v128>(c3, r, c2), r2, madd<f32, v128>(c1, r, c1));
    const high = madd<f32, v128>(c6, r2, madd<f32, v128>(c5, r, c4));
    return madd<f32, v128>(high, f32x4.mul(r2, r2), low);
  }
  let p = madd<f32, v128>(c6, r, c5);
  p = madd<f32, v128>(p, r, c4);
  p = madd<f32, v128>(p, r, c3);
  p = madd<f32, v128>(p, r, c2);
  p = madd<f32, v128>(p, r, c1);
  return madd<f32, v128>(p, r, c1);
}

/** expNearF32's polynomial: in fused steps (polyFusedF32) in the relaxed build, else polyStepsF32. */
@inline function polyNearF32(r: v128, c6: v128, c5: v128, c4: v128, c3: v128, c2: v128, c1: v128, shortChain: bool): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return polyFusedF32(r, c6, c5, c4, c3, c2, c1, shortChain);
  return polyStepsF32<v128>(r, c6, c5, c4, c3, c2, c1);
}

/** The scalar build's float64 polynomial (Horner's scheme); the vector builds' is expTableF64's. */
@inline function polyF64(r: f64): f64 {
  let p = F64_C10;
  p = madd<f64, f64>(p, r, F64_C9);
  p = madd<f64, f64>(p, r, F64_C8);
  p = madd<f64, f64>(p, r, F64_C7);
  p = madd<f64, f64>(p, r, F64_C6);
  p = madd<f64, f64>(p, r, F64_C5);
  p = madd<f64, f64>(p, r, F64_C4);
  p = madd<f64, f64>(p, r, F64_C3);
  p = madd<f64, f64>(p, r, F64_C2);
  p = p * r * r;
  return p + r + 1;
}

/**
 * expTableF64's polynomial times 2^-960 (relaxed build), which then needs one multiply by
 * 2^(q+960)·2^(j/32) instead of two (mirrored loops). Exact: every coefficient times a power of two,
 * and with fused steps no product of a scaled coefficient is rounded on its own, so none is subnormal
 * (every rounded result is about 2^-965 or more, normal). Unfused (SIMD build) the products would be
 * (session 7: −28%).
 */
const TABLE_POLY_SCALE: f64 = ASC_FEATURE_RELAXED_SIMD ? TWO_TO_MINUS_960 : 1;

/**
 * The vector paths' float64 constants as lanes in memory, as F32_LANES for float32: in a function of
 * one loop Binaryen leaves them as v128.const, which V8 rebuilds at every use (a 64-bit move, a move
 * to a vector register and a shuffle). expAffineF32's, then expTableF64's from F64_TABLE_ONE on.
 */
const F64_EXP_LANES: usize = !ASC_FEATURE_SIMD ? 0 : memory.data<f64>([
  LOG2E, LOG2E, ROUND_MAGIC, ROUND_MAGIC, Math.LN2, Math.LN2, TWO_TO_MINUS_960, TWO_TO_MINUS_960,
  TABLE_POLY_SCALE, TABLE_POLY_SCALE,
  TABLE_C2 * TABLE_POLY_SCALE, TABLE_C2 * TABLE_POLY_SCALE, TABLE_C3 * TABLE_POLY_SCALE, TABLE_C3 * TABLE_POLY_SCALE,
  TABLE_C4 * TABLE_POLY_SCALE, TABLE_C4 * TABLE_POLY_SCALE, TABLE_C5 * TABLE_POLY_SCALE, TABLE_C5 * TABLE_POLY_SCALE,
  TABLE_LOG2E, TABLE_LOG2E, TABLE_MAGIC, TABLE_MAGIC, TABLE_LN2_HI, TABLE_LN2_HI, TABLE_LN2_LO, TABLE_LN2_LO,
  1.0 / (2.0 * <f64>TABLE_SIZE), 1.0 / (2.0 * <f64>TABLE_SIZE), MAGIC_POW2_F64, MAGIC_POW2_F64,
  MAGIC_POW2_HALF_960_F64, MAGIC_POW2_HALF_960_F64, <f64>TABLE_SIZE, <f64>TABLE_SIZE,
], 16);
const F64_LOG2E = 0;
const F64_ROUND_MAGIC = 1;
const F64_LN2 = 2;
const F64_TWO_TO_MINUS_960 = 3;
const F64_TABLE_ONE = 4;
const F64_TABLE_C2 = 5;
const F64_TABLE_C3 = 6;
const F64_TABLE_C4 = 7;
const F64_TABLE_C5 = 8;
const F64_TABLE_LOG2E = 9;
const F64_TABLE_MAGIC = 10;
const F64_TABLE_LN2_HI = 11;
const F64_TABLE_LN2_LO = 12;
const F64_WIDE_HALF_STEP = 13;
const F64_WIDE_MAGIC_POW2 = 14;
const F64_WIDE_MAGIC_HALF = 15;
const F64_WIDE_STEP = 16;

/** Lane constant `index` of F64_EXP_LANES (vector lanes only). */
@inline function lanes64(index: i32): v128 {
  return v128.load(F64_EXP_LANES + (<usize>index << 4));
}

/**
 * 2^(q+960)·2^(j/32) from nM (expTableF64; or 2^E2·2^(j/32) from its m2): the table entry at
 * j = nM & 31 plus nM's bits shifted left by 47 (EXP2_TABLE). The index is masked, so no lane, NaN or
 * not, reads outside the table.
 */
@inline function tableScaleF64(nM: v128): v128 {
  const index = v128.and(nM, v128.load(TABLE_INDEX_LANES));
  const at0 = EXP2_TABLE + (<usize>i32x4.extract_lane(index, 0) << 3);
  const at1 = EXP2_TABLE + (<usize>i32x4.extract_lane(index, 2) << 3);
  const entries = v128.load64_lane(at1, v128.load64_zero(at0), 1);
  return i64x2.add(entries, i64x2.shl(nM, 52 - TABLE_BITS));
}

/**
 * e^(−(rate·(d + dTail) + shift)) for float32 lanes d, dTail and rate (float32 values, so each
 * product is exact in float64); shift is float64, given as the lanes matching d's low and high pair.
 * Results below 2^FLUSH_BELOW are +0, as expNearF32's, so that no product downstream is subnormal: a
 * microcode assist each on x64 (session 19: the general loop at a = 20 ran at 0.4–0.5× its speed at
 * the defaults, the scalar build's mirrored-structure loops at 0.6×).
 */
@inline export function expAffineF32<V, W>(d: V, dTail: V, hasTail: bool, rate: V, shiftLow: W, shiftHigh: W): V {
  if (isVector<V>()) {
    const dLow = f64x2.promote_low_f32x4(d as v128);
    const dHigh = f64x2.promote_low_f32x4(v128.shuffle<i32>(d as v128, d as v128, 2, 3, 0, 1));
    const rateLow = f64x2.promote_low_f32x4(rate as v128);
    const rateHigh = f64x2.promote_low_f32x4(v128.shuffle<i32>(rate as v128, rate as v128, 2, 3, 0, 1));
    let offsetLow = shiftLow as v128;
    let offsetHigh = shiftHigh as v128;
    if (hasTail) {
      // d is dHead + dTail exactly: the tail's share of ζ is added in float64 too.
      offsetLow = madd<f64, v128>(rateLow, f64x2.promote_low_f32x4(dTail as v128), offsetLow);
      const tailHigh = v128.shuffle<i32>(dTail as v128, dTail as v128, 2, 3, 0, 1);
      offsetHigh = madd<f64, v128>(rateHigh, f64x2.promote_low_f32x4(tailHigh), offsetHigh);
    }
    const zLow = f64x2.neg(madd<f64, v128>(rateLow, dLow, offsetLow));
    const zHigh = f64x2.neg(madd<f64, v128>(rateHigh, dHigh, offsetHigh));
    const nLowM = madd<f64, v128>(zLow, lanes64(F64_LOG2E), lanes64(F64_ROUND_MAGIC));
    const nHighM = madd<f64, v128>(zHigh, lanes64(F64_LOG2E), lanes64(F64_ROUND_MAGIC));
    const rLow = nmadd<f64, v128>(f64x2.sub(nLowM, lanes64(F64_ROUND_MAGIC)), lanes64(F64_LN2), zLow);
    const rHigh = nmadd<f64, v128>(f64x2.sub(nHighM, lanes64(F64_ROUND_MAGIC)), lanes64(F64_LN2), zHigh);
    const r = v128.shuffle<i32>(f32x4.demote_f64x2_zero(rLow), f32x4.demote_f64x2_zero(rHigh), 0, 1, 4, 5);
    // The low 32 bits of n + ROUND_MAGIC are n itself, in two's complement.
    const n = v128.shuffle<i32>(nLowM, nHighM, 0, 2, 4, 6);
    const p = polyF32<v128>(r);
    const n1 = i32x4.shr_s(n, 1);
    const n2 = i32x4.sub(n, n1);
    const bias = v128.load(I32_LANES);
    const scale1 = i32x4.shl(i32x4.add(n1, bias), 23);
    // 2^(n − n1), or +0 where n < FLUSH_BELOW; p·2^n1 ≥ 2^-76 before it, normal.
    const scale2 = v128.and(i32x4.shl(i32x4.add(n2, bias), 23), i32x4.gt_s(n, v128.load(I32_LANES + 16)));
    return f32x4.mul(f32x4.mul(p, scale1), scale2) as V;
  } else {
    let z = -(<f64>(rate as f32) * <f64>(d as f32)) - (shiftLow as f64);
    if (hasTail) z -= <f64>(rate as f32) * <f64>(dTail as f32);
    const nM = z * LOG2E + ROUND_MAGIC;
    const r = <f32>(z - (nM - ROUND_MAGIC) * Math.LN2);
    const n = <i32>(reinterpret<i64>(nM) - reinterpret<i64>(ROUND_MAGIC));
    const p = polyF32<f32>(r);
    const n1 = n >> 1;
    const scale1 = reinterpret<f32>((n1 + 127) << 23);
    // 2^(n − n1), or +0 where n < FLUSH_BELOW: an integer select (a conditional move; V8 makes a
    // float select a branch), and p·2^n1 ≥ 2^-76 before it, normal.
    const scale2 = reinterpret<f32>(select<i32>((n - n1 + 127) << 23, 0, n >= <i32>FLUSH_BELOW));
    return (p * scale1 * scale2) as V;
  }
}

/** p·2^n / POLY_SCALE from nM = n + MAGIC_POW2, or +0 where n < FLUSH_BELOW (NORMAL_FLOOR). */
@inline function scaleNormal(p: v128, nM: v128, floor: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.mul(p, i32x4.shl(f32x4.pmax(nM, floor), 23));
  return f32x4.mul(p, v128.and(i32x4.shl(nM, 23), f32x4.gt(nM, floor)));
}

/** expNearF32's per-hump operands: what each is depends on the build (storeNearOperandsF32). */
export const NEAR_OPERANDS = ASC_FEATURE_RELAXED_SIMD ? 5 : 7;

/**
 * Stores expNearF32's NEAR_OPERANDS operand lanes for a hump with ζ = rate·d + shift at `at` (rate
 * as float32; −40 ≤ shift ≤ 0: shift = min(ab, 0) − ln(1 + e^−|ab|), params.ts, and NEAR_SHIFT_MIN).
 * Both builds: −rate, and −rate/ln 2, −shift/ln 2 for n.
 * Fused (relaxed build): −shift on the 2^-16 grid, which keeps n·ln 2_hi + it exact; the rest of −shift.
 * SIMD build, which reduces in d-space: with c = ln 2/rate and σ = shift/rate, −ζ = n·ln 2 + r is
 * r = −rate·(d + σ + n·c). c_hi is c on 12 bits and σ_grid is σ on c_hi's last bit, so
 * n·c_hi + σ_grid is exact (|n| < 2^8, and its size in those units < 2^24), and d plus it rounds
 * only at the size of r/rate. Operands: c_hi, σ_grid, σ − σ_grid, c − c_hi.
 */
export function storeNearOperandsF32(rateWide: f64, shift: f64, at: usize): void {
  const negRate = <f32>-rateWide;
  storeOperand(at, 0, negRate);
  storeOperand(at, 1, <f32>(<f64>negRate * LOG2E));
  storeOperand(at, 2, <f32>(-shift * LOG2E));
  if (ASC_FEATURE_RELAXED_SIMD) {
    const negShiftHigh = nearest(-shift * 65536.0) / 65536.0;
    storeOperand(at, 3, <f32>negShiftHigh);
    storeOperand(at, 4, <f32>(-shift - negShiftHigh));
    return;
  }
  const rate = -<f64>negRate;
  const c = Math.LN2 / rate;
  const cHigh = <f64>highHalf<f32, f32>(<f32>c); // 12 significant bits: times an integer below 2^12 is exact
  // c_hi's last bit: c_hi < 2^12 of it.
  const grid = reinterpret<f64>(reinterpret<u64>(cHigh) & 0x7ff0000000000000) / 2048.0;
  const sigma = shift / rate;
  const sigmaGrid = nearest(sigma / grid) * grid;
  storeOperand(at, 3, <f32>cHigh);
  storeOperand(at, 4, <f32>sigmaGrid);
  storeOperand(at, 5, <f32>(sigma - sigmaGrid));
  storeOperand(at, 6, <f32>(c - cHigh));
}

@inline function storeOperand(at: usize, part: i32, value: f32): void {
  v128.store(at + (<usize>part << 4), f32x4.splat(value));
}

/** Operand `part` of a hump (left: 0, right: 1) at `operands`, in every lane. */
@inline export function nearOperand(operands: usize, hump: i32, part: i32): v128 {
  return v128.load(operands + (<usize>(hump * NEAR_OPERANDS + part) << 4));
}

/**
 * expNearF32's constants (indices in F32_LANES; the polynomial's, up to NEAR_ONE, read from
 * NEAR_POLY_LANES by nearConstant), shared by the vectors of a loop: its caller
 * loads each once (nearConstant) and hands it to every call, as it does the hump operands, because
 * V8 repeats a load from memory at every use, and with a value in hand several vectors share one
 * load or register.
 */
export const NEAR_C6 = 0;
export const NEAR_C5 = 1;
export const NEAR_C4 = 2;
export const NEAR_C3 = 3;
export const NEAR_C2 = 4;
const NEAR_ONE = 5;
export const NEAR_MAGIC = 6;
export const NEAR_LN2_HIGH = 7;
export const NEAR_LN2_LOW = 8;
export const NEAR_FLOOR = 9;

/**
 * The near polynomial's last coefficient, given the kernel's lanes of 1 (`one`): POLY_SCALE, loaded
 * (the relaxed build), or `one` itself, which then serves both (session 10: +1.2%).
 */
@inline export function nearPolyOne(one: v128): v128 {
  return ASC_FEATURE_RELAXED_SIMD ? nearConstant(NEAR_ONE) : one;
}

@inline export function nearConstant(index: i32): v128 {
  return v128.load((index < NEAR_MAGIC ? NEAR_POLY_LANES : F32_LANES) + (<usize>index << 4));
}

/**
 * e^(−(rate·d + shift)) for float32 lanes, without leaving float32: the mirrored-structure loops'
 * version (about half the instructions of expAffineF32). rate·d is never rounded as a whole: the
 * reduction −ζ = n·ln 2 + r takes n·ln 2 off exactly first (see storeNearOperandsF32), so what rounds is
 * of the size of r, like expAffineF32's float64 result rounded to float32. Needs −43 ≤ ζ ≤ 104 and
 * shift ≥ −43 (lanes the caller discards may hold any d); results below 2^-100 come out as +0
 * (NORMAL_FLOOR), so 2^n is always a normal number. The lane's hump operands (negRate …
 * operand6: storeNearOperandsF32's parts 0–6, of which the relaxed build has five) and the
 * constants (nearConstant; c1 is nearPolyOne) come loaded; with hasTail, d is d + dTail exactly (the
 * two-product's low part). `shortChain`: the fused polynomial by Estrin's scheme (polyFusedF32;
 * the shared and sided loops' derivative and backward).
 */
@inline export function expNearF32(
  d: v128, dTail: v128, hasTail: bool,
  negRate: v128, negRateLog2e: v128, negShiftLog2e: v128, operand3: v128, operand4: v128, operand5: v128, operand6: v128,
  magic: v128, ln2High: v128, ln2Low: v128, floor: v128, c6: v128, c5: v128, c4: v128, c3: v128, c2: v128, c1: v128,
  shortChain: bool,
): v128 {
  const nM = nearIndex(d, negRateLog2e, negShiftLog2e, magic);
  const r = nearReduced(d, dTail, hasTail, nM, magic, negRate, operand3, operand4, operand5, operand6, ln2High, ln2Low);
  return scaleNormal(polyNearF32(r, c6, c5, c4, c3, c2, c1, shortChain), nM, floor);
}

/**
 * expNearF32's n + MAGIC_POW2. n only needs to be near round(−ζ/ln 2): the exact part of the
 * reduction absorbs its error into r. Formed in d-space, one (fused) multiply-add and the rounding
 * add, not from a rounded ζ: a step shorter.
 */
@inline function nearIndex(d: v128, negRateLog2e: v128, negShiftLog2e: v128, magic: v128): v128 {
  return f32x4.add(madd<f32, v128>(d, negRateLog2e, negShiftLog2e), magic);
}

/** expNearF32's reduced argument r = −ζ − n·ln 2: one fused form, or d-space without FMA. */
@inline function nearReduced(
  d: v128, dTail: v128, hasTail: bool, nM: v128, magic: v128,
  negRate: v128, operand3: v128, operand4: v128, operand5: v128, operand6: v128, ln2High: v128, ln2Low: v128,
): v128 {
  const n = f32x4.sub(nM, magic);
  if (ASC_FEATURE_RELAXED_SIMD) {
    // n·ln 2_hi and −shift's head (operand3) are multiples of 2^-16 below 2^8 in size, so their sum
    // is exact; one fused −rate·d + that sum then rounds only at the size of r (2^-26), which
    // Dekker's split reaches with eight more instructions. operand4: the rest of −shift.
    const head = madd<f32, v128>(negRate, d, madd<f32, v128>(n, ln2High, operand3));
    let tail = madd<f32, v128>(n, ln2Low, operand4);
    if (hasTail) tail = madd<f32, v128>(negRate, dTail, tail);
    return f32x4.add(head, tail);
  }
  // operand3..6: c_hi, σ_grid, σ − σ_grid, c − c_hi.
  const exact = madd<f32, v128>(n, operand3, operand4);
  let tail = madd<f32, v128>(n, operand6, operand5);
  if (hasTail) tail = f32x4.add(tail, dTail);
  return f32x4.mul(f32x4.add(f32x4.add(d, exact), tail), negRate);
}

/**
 * e^(−(rate·d + shift)) for float64 lanes: expTableF64 in vector lanes, its polynomial by Estrin's
 * scheme where `shortChain` (the derivative and backward loops; relaxed derivative +2–4%) or unfused
 * (the SIMD build, where Horner's unfused steps are a chain twice as long; forward and derivative
 * +5–7%, bench/ab.mjs), its scale in one factor where `near` (ζ ≥ −43: the mirrored, shared and
 * sided loops), else two.
 * The scalar build reduces by ln 2 and applies 2^n as 2^(n−n/2)·2^(n/2).
 */
@inline export function expAffineF64<V>(d: V, rate: V, negShift: V, near: bool, shortChain: bool): V {
  // −rate·d − shift in one step (fused in the relaxed build: one rounding fewer); n·LN2_HI is exact either way.
  const z = nmadd<f64, V>(rate, d, negShift);
  if (isVector<V>()) return expTableF64(z as v128, shortChain || !ASC_FEATURE_RELAXED_SIMD, !near) as V;
  const nM = madd<f64, f64>(z as f64, LOG2E, ROUND_MAGIC);
  const nf = nM - ROUND_MAGIC;
  const r = nmadd<f64, f64>(nf, LN2_LO, nmadd<f64, f64>(nf, LN2_HI, z as f64));
  const p = polyF64(r);
  const n = reinterpret<i64>(nM) - reinterpret<i64>(ROUND_MAGIC);
  const n1 = n >> 1;
  const scale1 = reinterpret<f64>((n1 + 1023) << 52);
  const scale2 = reinterpret<f64>((n - n1 + 1023) << 52);
  return (p * scale1 * scale2) as V;
}

/**
 * e^z for float64 lanes, −746 ≤ z ≤ 700 (or ≤ 43 where not `wide`): Tang's table-driven method
 * (EXP2_TABLE), a degree-5 polynomial in r = z − n·ln 2/32, by Horner's scheme or (`shortChain`)
 * Estrin's, then the scale. Not `wide`: one multiply by 2^(q+960)·2^(j/32), then by 2^-960 unless the
 * polynomial carries it (TABLE_POLY_SCALE). `wide`: with E = q + 960, 2^E1·(2^E2·2^(j/32)) for
 * E1 = round(E/2) and E2 = E − E1, both in the normal range for every z, the polynomial times 2^-960
 * first; no arithmetic shift of 64-bit lanes (several instructions on x64). Results down to the
 * smallest subnormal round once (in the SIMD build's near path, after one rounding at normal size).
 */
@inline function expTableF64(z: v128, shortChain: bool, wide: bool): v128 {
  const magic = lanes64(F64_TABLE_MAGIC);
  const nM = madd<f64, v128>(z, lanes64(F64_TABLE_LOG2E), magic);
  const nf = f64x2.sub(nM, magic);
  const r = nmadd<f64, v128>(nf, lanes64(F64_TABLE_LN2_LO), nmadd<f64, v128>(nf, lanes64(F64_TABLE_LN2_HI), z));
  const one = lanes64(F64_TABLE_ONE);
  const c5 = lanes64(F64_TABLE_C5);
  const c4 = lanes64(F64_TABLE_C4);
  const c3 = lanes64(F64_TABLE_C3);
  const c2 = lanes64(F64_TABLE_C2);
  let p: v128;
  if (shortChain) {
    const r2 = f64x2.mul(r, r);
    p = madd<f64, v128>(madd<f64, v128>(madd<f64, v128>(c5, r, c4), r2, madd<f64, v128>(c3, r, c2)), r2, madd<f64, v128>(r, one, one));
  } else {
    p = madd<f64, v128>(c5, r, c4);
    p = madd<f64, v128>(p, r, c3);
    p = madd<f64, v128>(p, r, c2);
    p = madd<f64, v128>(p, r, one);
    p = madd<f64, v128>(p, r, one);
  }
  if (!wide) {
    const scaled = f64x2.mul(p, tableScaleF64(nM));
    return TABLE_POLY_SCALE == 1 ? f64x2.mul(scaled, lanes64(F64_TWO_TO_MINUS_960)) : scaled;
  }
  const pScaled = TABLE_POLY_SCALE == 1 ? f64x2.mul(p, lanes64(F64_TWO_TO_MINUS_960)) : p;
  // nf/64 + 960/2 + MAGIC_POW2_F64 rounds to E1 + MAGIC_POW2_F64; nM − 32·E1 is 32·E2 + j + ROUND_MAGIC, exactly.
  const e1M = madd<f64, v128>(nf, lanes64(F64_WIDE_HALF_STEP), lanes64(F64_WIDE_MAGIC_HALF));
  const e1 = f64x2.sub(e1M, lanes64(F64_WIDE_MAGIC_POW2));
  const m2 = nmadd<f64, v128>(e1, lanes64(F64_WIDE_STEP), nM);
  return f64x2.mul(f64x2.mul(pScaled, tableScaleF64(m2)), i64x2.shl(e1M, 52));
}
