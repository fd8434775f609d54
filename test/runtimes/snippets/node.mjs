import { loadZorro } from 'zorro-wasm';

// Reads node_modules/zorro-wasm/build/zorro.simd.wasm (or the scalar build on engines without SIMD).
const zorro = await loadZorro();
export const y = zorro.forward('symmetric', new Float32Array([-2, -1, 0, 1, 2]));
