// Types for `import simd from 'zorro-wasm/simd.wasm'` (and scalar.wasm): runtimes and bundlers that
// import wasm as modules (Cloudflare Workers, Vercel Edge with ?module) hand over a compiled module.
declare const module: WebAssembly.Module;
export default module;
