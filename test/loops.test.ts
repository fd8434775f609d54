// The kernel's loop shapes (assembly/zorro.ts: MirroredLoop and UnitMirroredLoop, SharedLoop and
// UnitSharedLoop, SidedLoop, ScaledLoop, UnscaledLoop)
// must each be compiled as a loop of their own. Passed as bool arguments, wasm-opt once folded the
// float32 copies into a single loop that tested the flags at run time, which cost the mirrored
// loop 12–28% and went unnoticed for a session: outputs were right, only slower. This reads the
// built modules' text (Binaryen's wasm-dis) and counts the loop nests in each export.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const binaryen = dirname(require.resolve('binaryen/package.json'));
const wasmDis = join(binaryen, JSON.parse(readFileSync(join(binaryen, 'package.json'), 'utf8')).bin['wasm-dis']);

/** Loop nests per exported function: a nest is a `loop` with no `loop` around it. */
function loopNests(file: string): Record<string, number> {
  const wat = execFileSync(process.execPath, [wasmDis, file], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const exports = new Map<string, string>();
  for (const m of wat.matchAll(/\(export "(\w+)" \(func \$(\w+)\)\)/g)) exports.set(m[2], m[1]);
  const nests: Record<string, number> = {};
  let current: string | undefined;
  // wasm-dis prints one form per line; the parenthesis depth at which each open loop began.
  let depth = 0;
  const openLoops: number[] = [];
  for (const line of wat.split('\n')) {
    const func = /^ \(func \$(\w+)/.exec(line);
    if (func) current = exports.get(func[1]);
    if (/^\s*\(loop /.test(line)) {
      if (openLoops.length === 0 && current) nests[current] = (nests[current] ?? 0) + 1;
      openLoops.push(depth);
    }
    for (const c of line) depth += c === '(' ? 1 : c === ')' ? -1 : 0;
    while (openLoops.length > 0 && depth <= openLoops[openLoops.length - 1]) openLoops.pop();
  }
  return nests;
}

// Which shapes each export can run (runKernel): vector builds have the mirrored loop, at s = 1 and
// at other powers of two, and the general loop for both types, the shared loop (both kinds) and
// the sided loop (s = 1) for float32; the scalar build has the s = 1 and general loops.
const VECTOR_SHAPES = {
  f32: ['mirrored', 'unit mirrored', 'shared', 'unit shared', 'sided', 'general'],
  f64: ['mirrored', 'unit mirrored', 'general'],
};
const SHAPES: Record<string, { f32: string[]; f64: string[] }> = {
  simd: VECTOR_SHAPES,
  relaxed: VECTOR_SHAPES,
  scalar: { f32: ['unscaled', 'general'], f64: ['unscaled', 'general'] },
};

describe('every loop shape is its own loop', () => {
  for (const [build, shapes] of Object.entries(SHAPES)) {
    const file = join(root, `build/zorro.${build}.wasm`);
    it.skipIf(!existsSync(file))(`${build} build`, () => {
      const nests = loopNests(file);
      for (const op of ['forward', 'derivative', 'backward']) {
        expect(nests[`${op}F32`], `${op}F32`).toBe(shapes.f32.length);
        expect(nests[`${op}F64`], `${op}F64`).toBe(shapes.f64.length);
      }
    });
  }
});
