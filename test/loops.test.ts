// The kernel's loop shapes (assembly/zorro.ts: MirroredLoop and UnitMirroredLoop, SharedLoop and
// UnitSharedLoop, SidedLoop, ScaledLoop, UnscaledLoop)
// must each be compiled as a loop of their own. Passed as bool arguments, wasm-opt once folded the
// float32 copies into a single loop that tested the flags at run time, which cost the mirrored
// loop 12–28% and went unnoticed for a session: outputs were right, only slower. Each operation's
// loop of each shape is also its own function, which the exports call through the table (so that
// an engine compiles only the loop a call runs). This reads the built modules' text (Binaryen's
// wasm-dis) and counts the loop nests in each function.
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

/** The module's text, as Binaryen's wasm-dis prints it. */
function disassemble(file: string): string {
  return execFileSync(process.execPath, [wasmDis, file], { encoding: 'utf8', maxBuffer: 1 << 28 });
}

/** Loop nests per function (a nest is a `loop` with no `loop` around it), and which functions are exports. */
function loopNests(file: string): { nests: Map<string, number>; exported: Set<string> } {
  const wat = disassemble(file);
  const exported = new Set([...wat.matchAll(/\(export "\w+" \(func \$(\w+)\)\)/g)].map((m) => m[1]));
  const nests = new Map<string, number>();
  let current = '';
  // wasm-dis prints one form per line; the parenthesis depth at which each open loop began.
  let depth = 0;
  const openLoops: number[] = [];
  for (const line of wat.split('\n')) {
    const func = /^ \(func \$(\w+)/.exec(line);
    if (func) {
      current = func[1];
      nests.set(current, 0);
    }
    if (/^\s*\(loop /.test(line)) {
      if (openLoops.length === 0) nests.set(current, (nests.get(current) ?? 0) + 1);
      openLoops.push(depth);
    }
    for (const c of line) depth += c === '(' ? 1 : c === ')' ? -1 : 0;
    while (openLoops.length > 0 && depth <= openLoops[openLoops.length - 1]) openLoops.pop();
  }
  return { nests, exported };
}

// Which shapes each export can run (runKernel): every build has, for both types, the mirrored loop at
// s = 1 and at other powers of two, the shared loop (both kinds), the sided loop (s = 1) and the general
// loop; the scalar build also a general loop of its own for s = 1.
const VECTOR_LOOPS = ['mirrored', 'unit mirrored', 'shared', 'unit shared', 'sided', 'general'];
const SCALAR_LOOPS = [...VECTOR_LOOPS, 'unscaled'];
const SHAPES: Record<string, { f32: string[]; f64: string[] }> = {
  simd: { f32: VECTOR_LOOPS, f64: VECTOR_LOOPS },
  relaxed: { f32: VECTOR_LOOPS, f64: VECTOR_LOOPS },
  scalar: { f32: SCALAR_LOOPS, f64: SCALAR_LOOPS },
};

describe('every loop shape is its own loop', () => {
  for (const [build, shapes] of Object.entries(SHAPES)) {
    const file = join(root, `build/zorro.${build}.wasm`);
    it.skipIf(!existsSync(file))(`${build} build`, () => {
      const { nests, exported } = loopNests(file);
      // The exports only choose; every operation × type × shape is one function holding one loop nest.
      for (const name of exported) expect(nests.get(name), `export $${name}`).toBe(0);
      const withLoops = [...nests].filter(([, count]) => count > 0);
      expect(withLoops.every(([, count]) => count === 1), `nests per function: ${withLoops.map(([, c]) => c)}`).toBe(true);
      expect(withLoops.length).toBe(3 * (shapes.f32.length + shapes.f64.length));
    });
  }
});

// Each loop reads the per-call lane values its shape and operation use (assembly/zorro.ts, `lane`'s
// `used`). A read whose value goes unused is not removed: Binaryen keeps a load that may trap, as a
// dropped load, in every loop function that has it (unflagged, they were ~8 KB of a vector build).
describe('no loop loads a value it does not use', () => {
  for (const build of Object.keys(SHAPES)) {
    const file = join(root, `build/zorro.${build}.wasm`);
    it.skipIf(!existsSync(file))(`${build} build`, () => {
      const dropped = disassemble(file).match(/\(drop\s+\((?:v128|f32|f64|i32|i64)\.load/g) ?? [];
      expect(dropped.length).toBe(0);
    });
  }
});
