// Lane operations written once for both builds: V is v128 (f32x4 or f64x2) in the SIMD build and
// the element type T itself in the scalar build; M is the matching mask type (v128 or bool).
// Every helper is @inline, so after specialisation each call is a single instruction.

@inline export function lanesOf<T, V>(): i32 {
  return isVector<V>() ? 16 / sizeof<T>() : 1;
}

@inline export function splat<T, V>(value: T): V {
  if (isVector<V>()) {
    if (sizeof<T>() == 4) return f32x4.splat(value as f32) as V;
    return f64x2.splat(value as f64) as V;
  }
  return value as V;
}

@inline export function loadLanes<T, V>(ptr: usize): V {
  if (isVector<V>()) return v128.load(ptr) as V;
  return load<T>(ptr) as V;
}

@inline export function storeLanes<T, V>(ptr: usize, value: V): void {
  if (isVector<V>()) v128.store(ptr, value as v128);
  else store<T>(ptr, value as T);
}

@inline export function add<T, V>(a: V, b: V): V {
  if (isVector<V>()) return v128.add<T>(a as v128, b as v128) as V;
  return ((a as T) + (b as T)) as V;
}

@inline export function sub<T, V>(a: V, b: V): V {
  if (isVector<V>()) return v128.sub<T>(a as v128, b as v128) as V;
  return ((a as T) - (b as T)) as V;
}

@inline export function mul<T, V>(a: V, b: V): V {
  if (isVector<V>()) return v128.mul<T>(a as v128, b as v128) as V;
  return ((a as T) * (b as T)) as V;
}

/** a·b + c: rounded once in the relaxed-SIMD build (the loader runs it only where relaxed_madd is fused), else a·b rounded, then + c. */
@inline export function madd<T, V>(a: V, b: V, c: V): V {
  if (isVector<V>() && ASC_FEATURE_RELAXED_SIMD) return v128.relaxed_madd<T>(a as v128, b as v128, c as v128) as V;
  return add<T, V>(mul<T, V>(a, b), c);
}

/** c − a·b, fused like madd. */
@inline export function nmadd<T, V>(a: V, b: V, c: V): V {
  if (isVector<V>() && ASC_FEATURE_RELAXED_SIMD) return v128.relaxed_nmadd<T>(a as v128, b as v128, c as v128) as V;
  return sub<T, V>(c, mul<T, V>(a, b));
}

@inline export function div<T, V>(a: V, b: V): V {
  if (isVector<V>()) return v128.div<T>(a as v128, b as v128) as V;
  return ((a as T) / (b as T)) as V;
}

@inline export function abs<T, V>(a: V): V {
  if (isVector<V>()) return v128.abs<T>(a as v128) as V;
  return Math.abs(a as T) as V;
}

/** a < b ? b : a: a NaN in `a` is kept, and it is one instruction (max is about ten in V8). */
@inline export function pmax<T, V>(a: V, b: V): V {
  if (isVector<V>()) return v128.pmax<T>(a as v128, b as v128) as V;
  return select<T>(b as T, a as T, (a as T) < (b as T)) as V;
}

/** b < a ? b : a: a NaN in `a` is kept. */
@inline export function pmin<T, V>(a: V, b: V): V {
  if (isVector<V>()) return v128.pmin<T>(a as v128, b as v128) as V;
  return select<T>(b as T, a as T, (b as T) < (a as T)) as V;
}

@inline export function gt<T, V, M>(a: V, b: V): M {
  if (isVector<V>()) return v128.gt<T>(a as v128, b as v128) as M;
  return ((a as T) > (b as T)) as M;
}

@inline export function ge<T, V, M>(a: V, b: V): M {
  if (isVector<V>()) return v128.ge<T>(a as v128, b as v128) as M;
  return ((a as T) >= (b as T)) as M;
}

@inline export function le<T, V, M>(a: V, b: V): M {
  if (isVector<V>()) return v128.le<T>(a as v128, b as v128) as M;
  return ((a as T) <= (b as T)) as M;
}

@inline export function eq<T, V, M>(a: V, b: V): M {
  if (isVector<V>()) return v128.eq<T>(a as v128, b as v128) as M;
  return ((a as T) == (b as T)) as M;
}

@inline export function lt<T, V, M>(a: V, b: V): M {
  if (isVector<V>()) return v128.lt<T>(a as v128, b as v128) as M;
  return ((a as T) < (b as T)) as M;
}

@inline export function ne<T, V, M>(a: V, b: V): M {
  if (isVector<V>()) return v128.ne<T>(a as v128, b as v128) as M;
  return ((a as T) != (b as T)) as M;
}

@inline export function both<M>(a: M, b: M): M {
  if (isVector<M>()) return v128.and(a as v128, b as v128) as M;
  return ((a as bool) && (b as bool)) as M;
}

@inline export function either<M>(a: M, b: M): M {
  if (isVector<M>()) return v128.or(a as v128, b as v128) as M;
  return ((a as bool) || (b as bool)) as M;
}

@inline export function not<M>(a: M): M {
  if (isVector<M>()) return v128.not(a as v128) as M;
  return !(a as bool) as M;
}

/** Lane-wise `mask ? ifTrue : ifFalse`, for masks whose lanes are all ones or all zeros. */
@inline export function pick<T, V, M>(mask: M, ifTrue: V, ifFalse: V): V {
  if (isVector<V>()) {
    // With whole-lane masks the relaxed select is exact, and V8 emits one blend for it (bitselect: three).
    if (ASC_FEATURE_RELAXED_SIMD) return i8x16.relaxed_laneselect(ifTrue as v128, ifFalse as v128, mask as v128) as V;
    return v128.bitselect(ifTrue as v128, ifFalse as v128, mask as v128) as V;
  }
  return select<T>(ifTrue as T, ifFalse as T, mask as bool) as V;
}

/** `mask ? value : +0`, for sums that must skip lanes. */
@inline export function keep<T, V, M>(mask: M, value: V): V {
  if (isVector<V>()) return v128.and(value as v128, mask as v128) as V;
  return select<T>(value as T, 0 as T, mask as bool) as V;
}

/** `mask ? +0 : value`: one instruction where keep(not(mask), value) is three (V8 forms not from an all-ones register). */
@inline export function keepUnless<T, V, M>(mask: M, value: V): V {
  if (isVector<V>()) return v128.andnot(value as v128, mask as v128) as V;
  return select<T>(0 as T, value as T, mask as bool) as V;
}

/**
 * `mask ? value : −value`: flips the sign bit of the lanes outside the mask (NaN stays NaN).
 * `negativeZero` is −0 in every lane, the sign bits, passed in because V8 rebuilds a splat constant
 * at every use inside a loop (two instructions for float32, three for float64).
 */
@inline export function negateUnless<T, V, M>(mask: M, value: V, negativeZero: V): V {
  if (isVector<V>()) {
    return v128.xor(value as v128, v128.andnot(negativeZero as v128, mask as v128)) as V;
  }
  return select<T>(value as T, -(value as T), mask as bool) as V;
}

/**
 * `value` with its sign flipped where `signOf` is negative (−0 and NaN with the sign bit included):
 * two bit operations instead of a compare and a select. `negativeZero` as for negateUnless.
 */
@inline export function flipSignBy<T, V>(value: V, signOf: V, negativeZero: V): V {
  if (isVector<V>()) return v128.xor(value as v128, v128.and(signOf as v128, negativeZero as v128)) as V;
  if (sizeof<T>() == 4) return reinterpret<f32>(reinterpret<u32>(value as f32) ^ (reinterpret<u32>(signOf as f32) & 0x80000000)) as V;
  return reinterpret<f64>(reinterpret<u64>(value as f64) ^ (reinterpret<u64>(signOf as f64) & 0x8000000000000000)) as V;
}

/** Clears the low half of the significand: hi·hi, hi·lo and lo·hi products are then exact. */
@inline export function highHalf<T, V>(v: V): V {
  if (sizeof<T>() == 4) {
    if (isVector<V>()) return v128.and(v as v128, i32x4.splat(0xfffff000)) as V;
    return reinterpret<f32>(reinterpret<u32>(v as f32) & 0xfffff000) as V;
  }
  if (isVector<V>()) return v128.and(v as v128, i64x2.splat(0xfffffffff8000000)) as V;
  return reinterpret<f64>(reinterpret<u64>(v as f64) & 0xfffffffff8000000) as V;
}
