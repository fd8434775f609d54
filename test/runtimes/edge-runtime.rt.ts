// Vercel's edge-runtime (npm): the README Edge Function bundled by esbuild, run in the EdgeRuntime
// sandbox with wasm code generation off, as on Vercel; the wasm builds arrive as compiled modules,
// the way Vercel's build turns `import … from '….wasm?module'` into a module binding.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EdgeRuntime } from 'edge-runtime';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleEdge, expectComplete, prepareConsumer } from './harness.js';

describe('Vercel edge-runtime', () => {
  let runtime: EdgeRuntime;
  beforeAll(async () => {
    const dir = prepareConsumer('edge-runtime', ['vercel-edge.mjs']);
    const bundle = await bundleEdge(dir, 'vercel-edge.mjs', 'iife', (build) => ({ path: build, namespace: 'wasm-binding' }));
    const bindings = Object.fromEntries(['simd', 'scalar'].map((build) => [
      build, new WebAssembly.Module(readFileSync(join(dir, `node_modules/zorro-wasm/build/zorro.${build}.wasm`))),
    ]));
    runtime = new EdgeRuntime({
      codeGeneration: { strings: false, wasm: false },
      extend: (context) => Object.assign(context, { zorroWasmBindings: bindings }),
    });
    runtime.evaluate(readFileSync(bundle, 'utf8'));
  });

  const request = async (path: string) =>
    JSON.parse(await runtime.evaluate(`zorroEdge.default.fetch(new Request('http://localhost${path}')).then((r) => r.text())`));

  it('the README Edge Function answers and the suite passes over both module bindings', async () => {
    expect(expectComplete(await request('/'), 2)).toBe('');
  });

  it('refuses to compile wasm from bytes, which is why Edge Functions need the ?module import', async () => {
    const answer = await request('/inline');
    console.log(`edge-runtime, zorro-wasm/inline: ${JSON.stringify(answer)}`);
    expect(answer.loaded).toBe(false);
    expect(answer.error).toMatch(/CompileError: .*disallowed by embedder/);
  });
});
