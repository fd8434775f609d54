// The smoke-and-accuracy suite every runtime runs (Node, browsers, Deno, Bun, workerd, edge-runtime).
// It takes a loader per build, so each runtime loads the wasm its own way (file, fetch, module
// binding, base64), and checks all five functions against the float64 reference with the project's bars.
import { type Variant, type Zorro, defaults, reference, variants } from '../../src/index.js';
import { relError64, ulp32, ulpError32 } from '../helpers.js';

export type BuildName = 'relaxed' | 'simd' | 'scalar';
export type Load = (build: BuildName) => Promise<Zorro>;

export interface SuiteResult {
  passed: number;
  failed: number;
  skipped: number;
  lines: string[];
}

const F32_FORWARD_ULP = 4;
const F32_DERIVATIVE_ULP = 16;
const F32_DERIVATIVE_ABS = 2 ** -22;
const F64_RELATIVE = 2 ** -44;

/** Both joints' neighbourhoods, the humps, the tails, signed zeros, NaN and ±∞. */
function inputs(): number[] {
  const xs: number[] = [];
  for (let i = -30 * 64; i <= 30 * 64; i++) xs.push(i / 64);
  for (let e = -30; e <= 127; e += 3) xs.push(Math.fround(2 ** e), -Math.fround(2 ** e));
  xs.push(-0, 3e38, -3e38, 1e-40, NaN, Infinity, -Infinity);
  return xs;
}

const f32Defaults = (variant: Variant) =>
  Object.fromEntries(Object.entries(defaults[variant]).map(([k, v]) => [k, Math.fround(v as number)])) as never;

/** Deterministic dy in [-2, 2), exactly representable in float32. */
const dyAt = (i: number) => Math.fround(((i * 2654435761) % 4096) / 1024 - 2);

/** The first element that misses its bar, or '' when every element is within it. */
function firstMiss(variant: Variant, dtype: 'f32' | 'f64', x: ArrayLike<number>, y: ArrayLike<number>, dydx: ArrayLike<number>): string {
  // The float32 kernels see the defaults rounded to float32: the reference must use the same parameters.
  const params = dtype === 'f32' ? f32Defaults(variant) : defaults[variant];
  for (let i = 0; i < x.length; i++) {
    const fRef = reference.forward(variant, x[i], params);
    const dRef = reference.derivative(variant, x[i], params);
    if (dtype === 'f32') {
      const e = ulpError32(y[i], fRef);
      if (!(e <= F32_FORWARD_ULP)) return `forward x=${x[i]}: ${y[i]} vs ${fRef} (${e} ULP)`;
      const bar = F32_DERIVATIVE_ULP * ulp32(dRef) + F32_DERIVATIVE_ABS;
      if (!(Math.abs(dydx[i] - dRef) <= bar || ulpError32(dydx[i], dRef) === 0)) return `derivative x=${x[i]}: ${dydx[i]} vs ${dRef}`;
    } else {
      const e = relError64(y[i], fRef);
      if (!(e <= F64_RELATIVE)) return `forward x=${x[i]}: ${y[i]} vs ${fRef} (rel ${e})`;
      // The derivative changes sign at each hump's peak, where only an absolute bar is meaningful.
      const eD = relError64(dydx[i], dRef, 1);
      if (!(eD <= F64_RELATIVE)) return `derivative x=${x[i]}: ${dydx[i]} vs ${dRef} (rel ${eD})`;
    }
  }
  return '';
}

function backwardMiss(variant: Variant, dtype: 'f32' | 'f64', z: Zorro): string {
  const xs = inputs().filter((v) => Number.isFinite(v) && Math.abs(v) < 1e6);
  const x = dtype === 'f32' ? new Float32Array(xs) : new Float64Array(xs);
  const dy = x.map((_, i) => dyAt(i));
  const { dx, grads } = z.backward(variant, x, dy);
  const params = dtype === 'f32' ? f32Defaults(variant) : defaults[variant];
  const ref = reference.backward(variant, x, dy, params);
  for (let i = 0; i < x.length; i++) {
    const bar = dtype === 'f32'
      ? Math.abs(dy[i]) * (F32_DERIVATIVE_ULP * ulp32(ref.dx[i] / (dy[i] || 1)) + F32_DERIVATIVE_ABS) + ulp32(ref.dx[i])
      : F64_RELATIVE * Math.max(Math.abs(ref.dx[i]), Math.abs(dy[i]));
    if (!(Math.abs(dx[i] - ref.dx[i]) <= bar)) return `dx x=${x[i]}: ${dx[i]} vs ${ref.dx[i]}`;
  }
  const magnitude: Record<string, number> = {};
  for (let i = 0; i < x.length; i++) {
    const partials = reference.grads(variant, x[i], params) as unknown as Record<string, number>;
    for (const k in partials) magnitude[k] = (magnitude[k] ?? 0) + Math.abs(dy[i] * partials[k]);
  }
  const tolerance = dtype === 'f32' ? 2 ** -19 : 2 ** -40;
  for (const [name, value] of Object.entries(grads as unknown as Record<string, number>)) {
    const expected = (ref.grads as unknown as Record<string, number>)[name];
    if (!(Math.abs(value - expected) <= tolerance * magnitude[name] + 1e-30)) return `grad ${name}: ${value} vs ${expected}`;
  }
  return '';
}

/** The input every README snippet feeds to symmetric-Zorro; its output is checked here. */
export const SNIPPET_INPUT = [-2, -1, 0, 1, 2];

/** The check that a relaxed build the default did not pick is refused when asked for. */
export const REFUSED_RELAXED = 'relaxed is refused where the default does not pick it';

/** The builds the default entry can load on an engine with these features, best first. */
export function buildsFor(features: { simd: boolean; relaxedSimd: boolean }): BuildName[] {
  return [...(features.relaxedSimd ? ['relaxed' as const] : []), ...(features.simd ? ['simd' as const] : []), 'scalar'];
}

/** loadZorro options that select one build of the default entry. */
export const optionsFor = (build: BuildName) => ({ simd: build !== 'scalar', relaxedSimd: build === 'relaxed' });

/**
 * Runs every check. Builds left out of `builds` are reported as skipped (an engine without SIMD);
 * `snippetOutput` is what the runtime's README snippet computed for SNIPPET_INPUT. With
 * `loadsByOptions`, a relaxed build the default did not pick must be refused when asked for.
 */
export async function runSuite(
  load: Load, snippetOutput: ArrayLike<number>, builds: readonly BuildName[] = ['simd', 'scalar'], loadsByOptions = false,
): Promise<SuiteResult> {
  const result: SuiteResult = { passed: 0, failed: 0, skipped: 0, lines: [] };
  const check = (name: string, miss: string) => {
    if (miss) result.failed++;
    else result.passed++;
    result.lines.push(miss ? `not ok ${name}: ${miss}` : `ok ${name}`);
  };
  check('README snippet output', firstMiss('symmetric', 'f32', SNIPPET_INPUT, snippetOutput, SNIPPET_INPUT.map((v) => reference.derivative('symmetric', v))));
  for (const build of ['relaxed', 'simd', 'scalar'] as const) {
    if (!builds.includes(build)) {
      result.skipped++;
      result.lines.push(`skip ${build}: not available on this engine or through this entry`);
      // Where the default did not pick the relaxed build (no relaxed SIMD, a relaxed_madd that is
      // not fused, an entry without it), asking for it must be refused, not served by another build.
      if (build === 'relaxed' && loadsByOptions) {
        let miss: string;
        try {
          miss = `loaded, features ${JSON.stringify((await load(build)).features)}`;
        } catch (error) {
          miss = error instanceof RangeError && /relaxed/.test(error.message) ? '' : String(error);
        }
        check(REFUSED_RELAXED, miss);
      }
      continue;
    }
    let z: Zorro;
    try {
      z = await load(build);
    } catch (error) {
      check(`${build} loads`, String(error));
      continue;
    }
    const expected = { simd: build !== 'scalar', relaxedSimd: build === 'relaxed' };
    check(`${build} loads`, z.features.simd === expected.simd && z.features.relaxedSimd === expected.relaxedSimd ? '' : `features are ${JSON.stringify(z.features)}`);
    check(`${build} has all five functions`, variants.length === 5 && variants.every((v) => typeof z.forward === 'function' && z.forward(v, new Float64Array([0.5])).length === 1) ? '' : `variants: ${variants.join(', ')}`);
    for (const variant of variants) {
      for (const dtype of ['f32', 'f64'] as const) {
        const x = dtype === 'f32' ? new Float32Array(inputs()) : new Float64Array(inputs());
        const y = z.forward(variant, x);
        const dydx = z.derivative(variant, x);
        check(`${build} ${variant} ${dtype} forward and derivative`, firstMiss(variant, dtype, x, y, dydx));
        check(`${build} ${variant} ${dtype} backward`, backwardMiss(variant, dtype, z));
      }
    }
  }
  result.lines.push(`${result.passed} passed, ${result.failed} failed, ${result.skipped} skipped`);
  return result;
}
