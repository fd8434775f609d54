// zorro-wasm/inline: the same API with both builds embedded as base64 (generated from build/*.wasm by
// scripts/build.mjs), for bundlers and runtimes that cannot fetch or read a .wasm file of their own.
import { type LoadOptions, type Zorro, loadZorro as loadWith } from './zorro.js';
import { engineHasSimd } from './wasm.js';
import { embeddedWasm } from './wasm-embedded.js';

export * from './index.js';

type EmbeddedBuild = keyof typeof embeddedWasm;
const compiled = new Map<EmbeddedBuild, Promise<WebAssembly.Module>>();

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The embedded build, decoded and compiled once and shared by every loadZorro() call. */
function embeddedModule(build: EmbeddedBuild): Promise<WebAssembly.Module> {
  let module = compiled.get(build);
  if (!module) {
    module = WebAssembly.compile(decodeBase64(embeddedWasm[build]));
    compiled.set(build, module);
    module.catch(() => compiled.delete(build));
  }
  return module;
}

/** loadZorro() from the embedded wasm; `options.module`, when given, still wins. */
export async function loadZorro(options: LoadOptions = {}): Promise<Zorro> {
  // Anything but a plain options object (or an explicit module) goes straight to the checks in loadWith.
  if (options === null || typeof options !== 'object' || options.module !== undefined) return loadWith(options);
  if (options.relaxedSimd === true) {
    throw new RangeError('options.relaxedSimd is true but zorro-wasm/inline embeds only the SIMD and scalar builds; use zorro-wasm');
  }
  const simd = typeof options.simd === 'boolean' ? options.simd : engineHasSimd();
  // simd: true without engine SIMD gets loadWith's RangeError before the module is ever awaited.
  if (simd && !engineHasSimd()) return loadWith(options);
  return loadWith({ ...options, module: embeddedModule(simd ? 'simd' : 'scalar') });
}
