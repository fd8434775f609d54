// Finding and compiling the wasm: from disk in Node, Deno and Bun; by fetch next to this module in
// browsers (streaming when the server sends application/wasm); or from whatever the caller hands in.

/** Anything loadZorro({ module }) accepts. */
export type ModuleSource =
  | WebAssembly.Module
  | BufferSource
  | URL
  | string
  | Response
  | PromiseLike<WebAssembly.Module | BufferSource | URL | string | Response>;

export type BuildName = 'relaxed' | 'simd' | 'scalar';

// A module that returns an i8x16.splat: it validates only where the engine has fixed-width SIMD.
const SIMD_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, // type: () -> v128
  0x03, 0x02, 0x01, 0x00, // one function of that type
  0x0a, 0x0a, 0x01, 0x08, 0x00, 0x41, 0x00, 0xfd, 0x0f, 0xfd, 0x62, 0x0b, // i32.const 0; i8x16.splat; i8x16.popcnt
]);

export function engineHasSimd(): boolean {
  try {
    return WebAssembly.validate(SIMD_PROBE);
  } catch {
    return false;
  }
}

// A module that returns an i8x16.relaxed_swizzle: it validates only where the engine has relaxed
// SIMD (Node 20: behind --experimental-wasm-relaxed-simd).
const RELAXED_SIMD_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, // type: () -> v128
  0x03, 0x02, 0x01, 0x00, // one function of that type
  0x0a, 0x0f, 0x01, 0x0d, 0x00, // code: one body of 13 bytes, no locals
  0x41, 0x00, 0xfd, 0x0f, 0x41, 0x00, 0xfd, 0x0f, 0xfd, 0x80, 0x02, 0x0b, // two i8x16.splat; i8x16.relaxed_swizzle
]);

export function engineHasRelaxedSimd(): boolean {
  try {
    return WebAssembly.validate(RELAXED_SIMD_PROBE);
  } catch {
    return false;
  }
}

/** Where this package's own build lives, next to this module. */
export function builtModuleUrl(build: BuildName): URL {
  // Literal URLs, one per build: bundlers (Vite, webpack 5, Parcel) copy a wasm file only when they
  // see `new URL('<literal>', import.meta.url)`.
  if (build === 'relaxed') return new URL('../build/zorro.relaxed.wasm', import.meta.url);
  return build === 'simd'
    ? new URL('../build/zorro.simd.wasm', import.meta.url)
    : new URL('../build/zorro.scalar.wasm', import.meta.url);
}

const compiled = new Map<string, Promise<WebAssembly.Module>>();

/** The package's own module, compiled once per build and shared by every loadZorro() call. */
export function ownModule(build: BuildName): Promise<WebAssembly.Module> {
  const url = builtModuleUrl(build);
  let module = compiled.get(url.href);
  if (!module) {
    module = compileFrom(url);
    compiled.set(url.href, module);
    module.catch(() => compiled.delete(url.href));
  }
  return module;
}

const isResponse = (value: unknown): value is Response =>
  typeof Response !== 'undefined' && value instanceof Response;

async function readLocalFile(url: URL): Promise<Uint8Array<ArrayBuffer>> {
  // Kept behind a variable so that bundlers targeting browsers do not try to resolve it.
  const fsModule = 'node:fs/promises';
  const fs = (await import(/* @vite-ignore */ fsModule)) as typeof import('node:fs/promises');
  return new Uint8Array(await fs.readFile(url));
}

async function compileResponse(response: Response): Promise<WebAssembly.Module> {
  if (!response.ok) throw new TypeError(`options.module: fetching ${response.url} failed with HTTP ${response.status}`);
  const type = response.headers.get('content-type') ?? '';
  if (typeof WebAssembly.compileStreaming === 'function' && type.split(';')[0].trim() === 'application/wasm') {
    return WebAssembly.compileStreaming(response);
  }
  // Servers that send another MIME type make compileStreaming throw: compile from the bytes.
  return WebAssembly.compile(await response.arrayBuffer());
}

const isWasmModule = (value: unknown): boolean =>
  Object.prototype.toString.call(value) === '[object WebAssembly.Module]';

/** Compiles a module from any ModuleSource. */
export async function compileFrom(source: ModuleSource): Promise<WebAssembly.Module> {
  const value = await source;
  // By tag, not instanceof: a module compiled in another realm (an edge sandbox's host, an iframe) is just as good.
  if (isWasmModule(value)) return value as WebAssembly.Module;
  if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) return WebAssembly.compile(value as BufferSource);
  if (typeof value === 'string' || value instanceof URL) {
    const url = new URL(String(value), typeof location !== 'undefined' ? location.href : import.meta.url);
    if (url.protocol === 'file:') return WebAssembly.compile(await readLocalFile(url));
    return compileResponse(await fetch(url));
  }
  // Checked last: in Node the first touch of the Response global loads its fetch implementation
  // (about 15 ms), which loading from a file or from bytes never needs.
  if (isResponse(value)) return compileResponse(value);
  throw new TypeError(
    `options.module must be a WebAssembly.Module, BufferSource, URL, string, Response or a Promise of one; got ${
      value === null ? 'null' : typeof value
    }`,
  );
}
