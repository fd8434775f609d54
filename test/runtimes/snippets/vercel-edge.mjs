// Vercel Edge Functions import wasm with the ?module suffix; compiling bytes at run time is refused.
import { loadZorro } from 'zorro-wasm';
import simd from 'zorro-wasm/simd.wasm?module';

export const config = { runtime: 'edge' };

export default async function handler(request) {
  const zorro = await loadZorro({ module: simd });
  const x = new Float32Array(await request.arrayBuffer());
  return new Response(zorro.forward('symmetric', x));
}
