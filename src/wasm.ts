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

// A module exporting madd(a, b, c) = lane 0 of f32x4.relaxed_madd on splats of a, b and c: it
// validates only where the engine has relaxed SIMD (Node 20: behind --experimental-wasm-relaxed-simd).
const RELAXED_MADD_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
  0x01, 0x08, 0x01, 0x60, 0x03, 0x7d, 0x7d, 0x7d, 0x01, 0x7d, // type: (f32, f32, f32) -> f32
  0x03, 0x02, 0x01, 0x00, // one function of that type
  0x07, 0x08, 0x01, 0x04, 0x6d, 0x61, 0x64, 0x64, 0x00, 0x00, // export "madd"
  0x0a, 0x16, 0x01, 0x14, 0x00, // code: one body of 20 bytes, no locals
  0x20, 0x00, 0xfd, 0x13, 0x20, 0x01, 0xfd, 0x13, 0x20, 0x02, 0xfd, 0x13, // three f32x4.splat
  0xfd, 0x85, 0x02, 0xfd, 0x1f, 0x00, 0x0b, // f32x4.relaxed_madd; f32x4.extract_lane 0
]);

export function engineHasRelaxedSimd(): boolean {
  try {
    return WebAssembly.validate(RELAXED_MADD_PROBE);
  } catch {
    return false;
  }
}

let fusedMaddCache: boolean | undefined;

/**
 * Whether the engine's relaxed_madd rounds once (a fused multiply-add: V8 on x64 with FMA3 and on
 * arm64; Bun 1.x's JavaScriptCore rounds the product first), which the relaxed build's exact
 * products rely on. (1 + 2^-12)² − (1 + 2^-11) is 2^-24 exactly; a
 * product rounded first loses that 2^-24 (a tie, to even) and gives 0.
 */
export function relaxedMaddIsFused(): boolean {
  if (fusedMaddCache === undefined) {
    try {
      const probe = new WebAssembly.Instance(new WebAssembly.Module(RELAXED_MADD_PROBE)).exports as {
        madd(a: number, b: number, c: number): number;
      };
      const a = Math.fround(1 + 2 ** -12);
      fusedMaddCache = probe.madd(a, a, -Math.fround(1 + 2 ** -11)) === 2 ** -24;
    } catch {
      fusedMaddCache = false;
    }
  }
  return fusedMaddCache;
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
  // process.getBuiltinModule (Node 20.16+, Deno, Bun) hands over node:fs without an import: the
  // synchronous read then costs about half of the dynamic import and asynchronous read (1.6 ms).
  const host = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  if (typeof host?.getBuiltinModule === 'function') {
    const fs = host.getBuiltinModule('node:fs') as typeof import('node:fs') | undefined;
    if (fs) return fs.readFileSync(url) as Uint8Array<ArrayBuffer>;
  }
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

/**
 * Instantiates synchronously where the engine allows it: in Node the asynchronous
 * WebAssembly.instantiate() waits a turn of the event loop, about 2.5 ms of a cold loadZorro() on a
 * 2-core machine (6.1 ms against 3.6). Browsers may refuse large modules on the main thread (a
 * RangeError); those take the asynchronous path.
 */
export async function instantiate(module: WebAssembly.Module): Promise<WebAssembly.Instance> {
  try {
    return new WebAssembly.Instance(module, {});
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return WebAssembly.instantiate(module, {});
  }
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
    // A local file (Node, Deno, Bun: no main-thread limit there) compiles synchronously: for our
    // builds 0.9 ms instead of the asynchronous compile's 1.5-2 ms on a 2-core machine, most of
    // loadZorro()'s cold time after the file read.
    if (url.protocol === 'file:') return new WebAssembly.Module(await readLocalFile(url));
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
