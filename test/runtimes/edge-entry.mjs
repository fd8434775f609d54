// The Worker / Edge Function the workerd and edge-runtime tests bundle with esbuild: the README
// snippet (aliased as 'snippet') answers a request, then the suite runs over both wasm module bindings.
// /inline reports what happens to zorro-wasm/inline, which compiles wasm from bytes at run time.
import snippet from 'snippet';
import { loadZorro } from 'zorro-wasm';
import { loadZorro as loadInline } from 'zorro-wasm/inline';
import scalar from 'zorro-wasm/scalar.wasm';
import simd from 'zorro-wasm/simd.wasm';
import { SNIPPET_INPUT, runSuite } from './suite.js';

const handle = typeof snippet === 'function' ? snippet : (request) => snippet.fetch(request);

export default {
  async fetch(request) {
    if (new URL(request.url).pathname === '/inline') {
      try {
        const zorro = await loadInline();
        return Response.json({ loaded: true, simd: zorro.features.simd });
      } catch (error) {
        return Response.json({ loaded: false, error: `${error.name}: ${error.message}` });
      }
    }
    const answer = await handle(new Request('http://localhost/', { method: 'POST', body: new Float32Array(SNIPPET_INPUT) }));
    const y = new Float32Array(await answer.arrayBuffer());
    return Response.json(await runSuite((build) => loadZorro({ module: build === 'simd' ? simd : scalar }), y));
  },
};
