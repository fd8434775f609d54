// Browser app bundled by esbuild or Vite: the inline entry carries the wasm in the JS bundle.
import { loadZorro } from 'zorro-wasm/inline';

const zorro = await loadZorro();
export const y = zorro.forward('symmetric', new Float32Array([-2, -1, 0, 1, 2]));
