import { loadZorro } from 'zorro-wasm';

// Bun reads the wasm from node_modules like Node.
const zorro = await loadZorro();
export const y = zorro.forward('symmetric', new Float32Array([-2, -1, 0, 1, 2]));
