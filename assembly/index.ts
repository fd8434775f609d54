// The module's exports. The loader (src/) writes the configuration block for a function and its
// parameters, then calls one of these on pointers into this module's memory.
import { BACKWARD, CONFIG, DERIVATIVE, FORWARD, runKernel } from './zorro';

/** Where the float64 configuration block lives (layout: src/kernel-layout.ts). */
export function configAddress(): usize {
  return CONFIG;
}

/** The first byte after static data: the loader's allocator owns memory from here on. */
export function heapBase(): usize {
  return __heap_base;
}

export function forwardF32(x: usize, out: usize, n: i32): void {
  if (ASC_FEATURE_SIMD) runKernel<f32, v128, v128, v128>(FORWARD, x, 0, out, n);
  else runKernel<f32, f32, bool, f64>(FORWARD, x, 0, out, n);
}

export function forwardF64(x: usize, out: usize, n: i32): void {
  if (ASC_FEATURE_SIMD) runKernel<f64, v128, v128, v128>(FORWARD, x, 0, out, n);
  else runKernel<f64, f64, bool, f64>(FORWARD, x, 0, out, n);
}

export function derivativeF32(x: usize, out: usize, n: i32): void {
  if (ASC_FEATURE_SIMD) runKernel<f32, v128, v128, v128>(DERIVATIVE, x, 0, out, n);
  else runKernel<f32, f32, bool, f64>(DERIVATIVE, x, 0, out, n);
}

export function derivativeF64(x: usize, out: usize, n: i32): void {
  if (ASC_FEATURE_SIMD) runKernel<f64, v128, v128, v128>(DERIVATIVE, x, 0, out, n);
  else runKernel<f64, f64, bool, f64>(DERIVATIVE, x, 0, out, n);
}

export function backwardF32(x: usize, dy: usize, dx: usize, n: i32): void {
  if (ASC_FEATURE_SIMD) runKernel<f32, v128, v128, v128>(BACKWARD, x, dy, dx, n);
  else runKernel<f32, f32, bool, f64>(BACKWARD, x, dy, dx, n);
}

export function backwardF64(x: usize, dy: usize, dx: usize, n: i32): void {
  if (ASC_FEATURE_SIMD) runKernel<f64, v128, v128, v128>(BACKWARD, x, dy, dx, n);
  else runKernel<f64, f64, bool, f64>(BACKWARD, x, dy, dx, n);
}

/** Bit 0: this build uses SIMD; bit 1: relaxed SIMD. Lets the loader report the build it runs. */
export function buildFeatures(): i32 {
  return (ASC_FEATURE_SIMD ? 1 : 0) | (ASC_FEATURE_RELAXED_SIMD ? 2 : 0);
}
