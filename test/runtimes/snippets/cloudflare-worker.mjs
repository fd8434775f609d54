// Cloudflare Workers compile no wasm from bytes at run time: import the module, as wrangler/esbuild do.
import { loadZorro } from 'zorro-wasm';
import simd from 'zorro-wasm/simd.wasm';

export default {
  async fetch(request) {
    const zorro = await loadZorro({ module: simd });
    const x = new Float32Array(await request.arrayBuffer());
    return new Response(zorro.forward('symmetric', x));
  },
};
