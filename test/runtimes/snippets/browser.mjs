// <script type="module"> served next to node_modules, with an import map: no bundler.
// <script type="importmap">{ "imports": { "zorro-wasm": "/node_modules/zorro-wasm/dist/index.js" } }</script>
import { loadZorro } from 'zorro-wasm';

// Fetches zorro.simd.wasm next to the module (streaming compile when served as application/wasm).
const zorro = await loadZorro();
export const y = zorro.forward('symmetric', new Float32Array([-2, -1, 0, 1, 2]));
