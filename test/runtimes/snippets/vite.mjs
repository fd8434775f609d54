// Vite (also webpack 5, Parcel): zorro-wasm's `new URL('…wasm', import.meta.url)` makes the bundler emit the wasm as an asset.
import { loadZorro } from 'zorro-wasm';

const zorro = await loadZorro();
export const y = zorro.forward('symmetric', new Float32Array([-2, -1, 0, 1, 2]));
