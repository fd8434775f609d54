// The public API: one instance of the wasm module, its memory, and the five functions over
// Float32Array, Float64Array and zero-copy ZorroTensors.
import { Heap } from './heap.js';
import * as slots from './kernel-layout.js';
import {
  type DType, type ParamsOf, type RawGrads, type Variant, callerValue, checkVariant, describeValue, readGrads,
  kernelParams, sameParams, writeConfig,
} from './params.js';
import {
  type BuildName, type ModuleSource, compileFrom, engineHasRelaxedSimd, engineHasSimd, instantiate, ownModule, relaxedMaddIsFused,
} from './wasm.js';

export type FloatArray = Float32Array | Float64Array;
export type Operand = FloatArray | ZorroTensor;

export interface LoadOptions {
  /** The compiled module or where to get it; default: this package's own build. */
  module?: ModuleSource;
  /** Default: detect. false forces the scalar build; true requires SIMD. */
  simd?: boolean;
  /**
   * Default: detect. The relaxed-SIMD build relies on fused multiply-adds (exact products in one
   * instruction), so it runs only where the engine's relaxed_madd is fused (x64 with FMA3, arm64);
   * its last bits differ from the SIMD build's (both within the accuracy bars). false forces plain
   * SIMD; true requires it.
   */
  relaxedSimd?: boolean;
}

export interface Features {
  /** The running build uses WebAssembly fixed-width SIMD. */
  simd: boolean;
  /** The running build uses relaxed SIMD (fused multiply-add, one-instruction blends). */
  relaxedSimd: boolean;
}

interface Exports {
  memory: WebAssembly.Memory;
  configAddress(): number;
  heapBase(): number;
  buildFeatures(): number;
  forwardF32(x: number, out: number, n: number): void;
  forwardF64(x: number, out: number, n: number): void;
  derivativeF32(x: number, out: number, n: number): void;
  derivativeF64(x: number, out: number, n: number): void;
  backwardF32(x: number, dy: number, dx: number, n: number): void;
  backwardF64(x: number, dy: number, dx: number, n: number): void;
}

const BYTES: Record<DType, number> = { f32: 4, f64: 8 };
/** Plain arrays are processed in chunks of this many elements through a fixed scratch area. */
const CHUNK = 8192;

// The internal type name of any genuine typed array, from this realm or another (an iframe, a vm
// context), where `instanceof` would fail; undefined for everything else, including look-alikes
// that set Symbol.toStringTag themselves.
const typedArrayName = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype), Symbol.toStringTag)!
  .get as (this: unknown) => string | undefined;

const dtypeOfArray = (value: unknown): DType | undefined => {
  const name = typedArrayName.call(value);
  return name === 'Float32Array' ? 'f32' : name === 'Float64Array' ? 'f64' : undefined;
};

const arrayName = (dtype: DType) => (dtype === 'f32' ? 'Float32Array' : 'Float64Array');

/** A float array that lives in a Zorro instance's WebAssembly memory: kernels use it without copies. */
export class ZorroTensor {
  readonly length: number;
  readonly dtype: DType;
  #owner: Zorro | undefined;
  #ptr: number;
  #view: FloatArray | undefined;

  /** @internal Created by Zorro#tensor. */
  constructor(owner: Zorro, ptr: number, length: number, dtype: DType) {
    this.#owner = owner;
    this.#ptr = ptr;
    this.length = length;
    this.dtype = dtype;
  }

  /** True for a tensor made by Zorro#tensor; false for objects that only inherit its prototype. */
  static isTensor(value: unknown): value is ZorroTensor {
    return typeof value === 'object' && value !== null && #ptr in value;
  }

  /** A live view of the data; re-created whenever memory growth has detached the previous one. */
  get array(): FloatArray {
    const owner = this.#checkAlive('tensor.array');
    const buffer = owner.memoryBuffer;
    if (!this.#view || this.#view.buffer !== buffer) {
      this.#view = this.dtype === 'f32'
        ? new Float32Array(buffer, this.#ptr, this.length)
        : new Float64Array(buffer, this.#ptr, this.length);
    }
    return this.#view;
  }

  get freed(): boolean {
    return this.#owner === undefined;
  }

  /** Returns the memory to the instance. Using the tensor afterwards throws. */
  free(): void {
    const owner = this.#checkAlive('tensor.free()');
    owner.release(this.#ptr);
    this.#owner = undefined;
    this.#view = undefined;
  }

  /** @internal The address, after checking that the tensor is alive and belongs to `owner`. */
  pointerFor(owner: Zorro, argName: string): number {
    const current = this.#checkAlive(argName);
    if (current !== owner) throw new TypeError(`${argName} is a ZorroTensor of another Zorro instance`);
    return this.#ptr;
  }

  #checkAlive(what: string): Zorro {
    if (!this.#owner) throw new TypeError(`${what}: the ZorroTensor was freed`);
    return this.#owner;
  }
}

/** One operand of a kernel call after validation. */
interface Bound {
  length: number;
  tensorPtr?: number;
  array?: FloatArray;
  /** Set when `array` views this instance's own memory: growth detaches such a view mid-call. */
  memoryOffset?: number;
}

export class Zorro {
  readonly features: Features;
  readonly #exports: Exports;
  readonly #heap: Heap;
  readonly #configPtr: number;
  readonly #scratch: number;
  #config!: Float64Array;
  #f32!: Float32Array;
  #f64!: Float64Array;
  /** What the configuration block holds now: writeConfig is skipped while calls repeat it. */
  #configured: { variant: Variant; params: ParamsOf[Variant]; backward: boolean } | undefined;

  /** @internal Use loadZorro(). */
  constructor(instance: WebAssembly.Instance) {
    this.#exports = instance.exports as unknown as Exports;
    const built = this.#exports.buildFeatures();
    this.features = Object.freeze({ simd: (built & 1) !== 0, relaxedSimd: (built & 2) !== 0 });
    this.#configPtr = this.#exports.configAddress();
    this.#heap = new Heap(this.#exports.memory, this.#exports.heapBase());
    this.#scratch = this.#heap.alloc(2 * CHUNK * 8, 'the scratch area');
    this.#refreshViews();
  }

  /** @internal */
  get memoryBuffer(): ArrayBuffer {
    return this.#exports.memory.buffer;
  }

  /** Bytes of WebAssembly memory in use by tensors and the scratch area. */
  get allocatedBytes(): number {
    return this.#heap.usedBytes;
  }

  /** Total size of this instance's WebAssembly memory in bytes. */
  get memoryBytes(): number {
    return this.#exports.memory.buffer.byteLength;
  }

  /** @internal */
  release(ptr: number): void {
    this.#heap.free(ptr);
  }

  /** Allocates a zero-filled tensor of `length` elements in WebAssembly memory. */
  tensor(length: number, dtype: DType = 'f32'): ZorroTensor {
    if (dtype !== 'f32' && dtype !== 'f64') throw new TypeError(`dtype must be 'f32' or 'f64'; got ${describeValue(dtype)}`);
    if (typeof length !== 'number' || !Number.isInteger(length) || length < 0) {
      throw new RangeError(`length must be a non-negative integer; got ${describeValue(length)}`);
    }
    const bytes = length * BYTES[dtype];
    const ptr = this.#heap.alloc(bytes, `tensor(${length}, '${dtype}')`);
    this.#refreshViews();
    new Uint8Array(this.#exports.memory.buffer, ptr, bytes).fill(0);
    return new ZorroTensor(this, ptr, length, dtype);
  }

  /** f(x) elementwise. Returns `out`, or a new array (or tensor, for a tensor x) of x's type. */
  forward<V extends Variant, X extends Operand>(variant: V, x: X, params?: Partial<ParamsOf[V]>, out?: Operand): X {
    return this.#elementwise('forward', variant, x, params, out) as X;
  }

  /** f′(x) elementwise. */
  derivative<V extends Variant, X extends Operand>(variant: V, x: X, params?: Partial<ParamsOf[V]>, out?: Operand): X {
    return this.#elementwise('derivative', variant, x, params, out) as X;
  }

  /** dx = dy·f′(x) elementwise, and Σ dy·∂f/∂p for each parameter p, summed in float64. */
  backward<V extends Variant, X extends Operand>(
    variant: V, x: X, dy: Operand, params?: Partial<ParamsOf[V]>, dx?: Operand,
  ): { dx: X; grads: ParamsOf[V] } {
    const checked = checkVariant(variant) as V;
    const { dtype, x: bx } = this.#bindInput(x, 'x');
    const bdy = this.#bindOperand(dy, 'dy', dtype, bx.length);
    const resolved = kernelParams(checked, params, dtype);
    const bdx = dx === undefined ? undefined : this.#bindOperand(dx, 'dx', dtype, bx.length);
    const result = dx ?? this.#allocLike(x, dtype, bx.length);
    const bout = bdx ?? this.#bindOperand(result, 'dx', dtype, bx.length);
    this.#configure(checked, resolved, true);
    const raw = this.#execute('backward', dtype, bx, bdy, bout);
    return { dx: result as X, grads: readGrads(checked, raw) };
  }

  symmetric<X extends Operand>(x: X, params?: Partial<ParamsOf['symmetric']>, out?: Operand): X {
    return this.forward('symmetric', x, params, out);
  }

  asymmetric<X extends Operand>(x: X, params?: Partial<ParamsOf['asymmetric']>, out?: Operand): X {
    return this.forward('asymmetric', x, params, out);
  }

  sigmoid<X extends Operand>(x: X, params?: Partial<ParamsOf['sigmoid']>, out?: Operand): X {
    return this.forward('sigmoid', x, params, out);
  }

  tanh<X extends Operand>(x: X, params?: Partial<ParamsOf['tanh']>, out?: Operand): X {
    return this.forward('tanh', x, params, out);
  }

  sloped<X extends Operand>(x: X, params?: Partial<ParamsOf['sloped']>, out?: Operand): X {
    return this.forward('sloped', x, params, out);
  }

  #elementwise<V extends Variant>(
    op: 'forward' | 'derivative', variant: V, x: Operand, params: unknown, out: Operand | undefined,
  ): Operand {
    const checked = checkVariant(variant) as V;
    const { dtype, x: bx } = this.#bindInput(x, 'x');
    const resolved = kernelParams(checked, params, dtype);
    const bout = out === undefined ? undefined : this.#bindOperand(out, 'out', dtype, bx.length);
    // Everything is validated: from here on nothing can throw before the result is complete.
    const result = out ?? this.#allocLike(x, dtype, bx.length);
    this.#configure(checked, resolved, false);
    this.#execute(op, dtype, bx, undefined, bout ?? this.#bindOperand(result, 'out', dtype, bx.length));
    return result;
  }

  #bindInput(x: unknown, argName: string): { dtype: DType; x: Bound } {
    if (ZorroTensor.isTensor(x)) {
      return { dtype: x.dtype, x: { length: x.length, tensorPtr: x.pointerFor(this, argName) } };
    }
    const dtype = dtypeOfArray(x);
    if (!dtype) {
      throw new TypeError(`${argName} must be a Float32Array, Float64Array or ZorroTensor; got ${describeValue(x)}`);
    }
    return { dtype, x: this.#bindArray(x as FloatArray, argName) };
  }

  #bindOperand(value: unknown, argName: string, dtype: DType, length: number): Bound {
    if (ZorroTensor.isTensor(value)) {
      const ptr = value.pointerFor(this, argName);
      if (value.dtype !== dtype) {
        throw new TypeError(`${argName} must have dtype '${dtype}' like x; got a '${value.dtype}' ZorroTensor`);
      }
      if (value.length !== length) throw new RangeError(`${argName} must have length ${length} like x; got ${value.length}`);
      return { length, tensorPtr: ptr };
    }
    if (dtypeOfArray(value) !== dtype) {
      throw new TypeError(
        `${argName} must be a ${arrayName(dtype)} or '${dtype}' ZorroTensor like x; got ${describeValue(value)}`,
      );
    }
    const bound = this.#bindArray(value as FloatArray, argName);
    if (bound.length !== length) throw new RangeError(`${argName} must have length ${length} like x; got ${bound.length}`);
    return bound;
  }

  #bindArray(array: FloatArray, argName: string): Bound {
    // A detached view reads as empty: refused, or a stale tensor.array would silently give [].
    if (array.length === 0 && isDetached(array.buffer)) {
      throw new TypeError(
        `${argName} is a ${describeValue(array)} over a detached buffer (transferred, or a tensor.array taken before memory grew)`,
      );
    }
    const inMemory = array.buffer === this.#exports.memory.buffer;
    return { length: array.length, array, memoryOffset: inMemory ? array.byteOffset : undefined };
  }

  /** The bound array, re-created over the current buffer if allocating the result grew memory. */
  #liveArray(bound: Bound | undefined, dtype: DType): FloatArray | undefined {
    if (bound?.memoryOffset === undefined || bound.array!.buffer === this.#exports.memory.buffer) return bound?.array;
    const buffer = this.#exports.memory.buffer;
    return dtype === 'f32'
      ? new Float32Array(buffer, bound.memoryOffset, bound.length)
      : new Float64Array(buffer, bound.memoryOffset, bound.length);
  }

  #allocLike(x: Operand, dtype: DType, length: number): Operand {
    if (x instanceof ZorroTensor) return this.tensor(length, dtype);
    return dtype === 'f32' ? new Float32Array(length) : new Float64Array(length);
  }

  /**
   * Writes the configuration block unless the previous call left the same one there: deriving it
   * costs 2 µs, twenty 1-element calls, and the kernels themselves only ever write the GRAD_*
   * outputs. Values are compared, not strings built from them (a third of a small call's cost).
   */
  #configure<V extends Variant>(variant: V, params: ParamsOf[V], backward: boolean): void {
    const last = this.#configured;
    if (last && last.variant === variant && last.backward === backward && sameParams(variant, last.params as ParamsOf[V], params)) {
      return;
    }
    writeConfig(this.#config, variant, params, backward);
    this.#configured = { variant, params, backward };
  }

  #refreshViews(): void {
    // Growing memory detaches the old buffer, and a view of a detached buffer has length 0.
    if (this.#f32 !== undefined && this.#f32.length !== 0) return;
    const buffer = this.#exports.memory.buffer;
    this.#f32 = new Float32Array(buffer);
    this.#f64 = new Float64Array(buffer);
    this.#config = new Float64Array(buffer, this.#configPtr, slots.CONFIG_SLOTS);
  }

  /** Adds the sums the last backward kernel call left in the configuration block. */
  #addGradSums(grads: RawGrads): RawGrads {
    const c = this.#config;
    grads.aLeft += c[slots.GRAD_A_LEFT];
    grads.bLeft += c[slots.GRAD_B_LEFT];
    grads.aRight += c[slots.GRAD_A_RIGHT];
    grads.bRight += c[slots.GRAD_B_RIGHT];
    grads.s += c[slots.GRAD_S];
    grads.m += c[slots.GRAD_M];
    return grads;
  }

  /** Runs a kernel over validated operands; returns the backward pass's float64 sums. */
  #execute(op: 'forward' | 'derivative' | 'backward', dtype: DType, x: Bound, dy: Bound | undefined, out: Bound): RawGrads {
    this.#refreshViews();
    const e = this.#exports;
    const kernel = dtype === 'f32'
      ? (op === 'forward' ? e.forwardF32 : op === 'derivative' ? e.derivativeF32 : e.backwardF32)
      : (op === 'forward' ? e.forwardF64 : op === 'derivative' ? e.derivativeF64 : e.backwardF64);
    const length = x.length;
    if (x.tensorPtr !== undefined && out.tensorPtr !== undefined && (!dy || dy.tensorPtr !== undefined)) {
      // Zero-copy operands: one call over the whole length, and nothing to copy back.
      if (op !== 'backward') {
        if (length > 0) (kernel as Exports['forwardF32'])(x.tensorPtr, out.tensorPtr, length);
        return NO_GRADS;
      }
      if (length === 0) return NO_GRADS;
      (kernel as Exports['backwardF32'])(x.tensorPtr, dy!.tensorPtr!, out.tensorPtr, length);
      return this.#addGradSums({ ...NO_GRADS });
    }
    const grads: RawGrads = { ...NO_GRADS };
    const heap = dtype === 'f32' ? this.#f32 : this.#f64;
    const size = BYTES[dtype];
    const shift = size === 4 ? 2 : 3;
    const slotX = this.#scratch;
    const slotDy = this.#scratch + CHUNK * 8;
    // An output that overlaps an input without being the same elements would be read after it
    // was written: give the kernel a private copy of that input instead.
    const xLive = this.#liveArray(x, dtype);
    const dyLive = this.#liveArray(dy, dtype);
    const outLive = this.#liveArray(out, dtype);
    const xArray = xLive && outLive && overlapsShifted(xLive, outLive) ? xLive.slice() : xLive;
    const dyArray = dyLive && outLive && overlapsShifted(dyLive, outLive) ? dyLive.slice() : dyLive;
    for (let start = 0; start < length; start += CHUNK) {
      const n = Math.min(CHUNK, length - start);
      let xPtr = slotX;
      if (x.tensorPtr !== undefined) xPtr = x.tensorPtr + start * size;
      else heap.set(xArray!.subarray(start, start + n), slotX >> shift);
      let dyPtr = 0;
      if (dy?.tensorPtr !== undefined) dyPtr = dy.tensorPtr + start * size;
      else if (dy) {
        dyPtr = slotDy;
        heap.set(dyArray!.subarray(start, start + n), slotDy >> shift);
      }
      // An array result is computed into x's scratch slot (in place when x was copied there).
      const outPtr = out.tensorPtr !== undefined ? out.tensorPtr + start * size : slotX;
      if (op === 'backward') {
        (kernel as Exports['backwardF32'])(xPtr, dyPtr, outPtr, n);
        this.#addGradSums(grads);
      } else {
        (kernel as Exports['forwardF32'])(xPtr, outPtr, n);
      }
      if (outLive) outLive.set(heap.subarray(slotX >> shift, (slotX >> shift) + n), start);
    }
    return grads;
  }
}

/** What a forward pass, or a backward pass over no elements, sums. */
const NO_GRADS: Readonly<RawGrads> = Object.freeze({ aLeft: 0, bLeft: 0, aRight: 0, bRight: 0, s: 0, m: 0 });

function isDetached(buffer: ArrayBufferLike): boolean {
  if (buffer.byteLength > 0) return false;
  try {
    new Uint8Array(buffer);
    return false;
  } catch {
    return true;
  }
}

/** True when a and b share memory but their elements are not aligned one-to-one. */
function overlapsShifted(a: FloatArray, b: FloatArray): boolean {
  if (a.buffer !== b.buffer || a.byteOffset === b.byteOffset) return false;
  const aEnd = a.byteOffset + a.byteLength;
  const bEnd = b.byteOffset + b.byteLength;
  return a.byteOffset < bEnd && b.byteOffset < aEnd;
}

/** Loads and instantiates the Zorro module: SIMD where the engine has it, else the scalar build. */
export async function loadZorro(options: LoadOptions = {}): Promise<Zorro> {
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`options must be an object or undefined; got ${describeValue(options)}`);
  }
  const simd = callerValue(options, 'simd') as boolean | undefined;
  const relaxedSimd = callerValue(options, 'relaxedSimd') as boolean | undefined;
  const module = callerValue(options, 'module') as ModuleSource | undefined;
  for (const [name, value] of [['simd', simd], ['relaxedSimd', relaxedSimd]] as const) {
    if (value !== undefined && typeof value !== 'boolean') {
      throw new TypeError(`options.${name} must be a boolean or undefined; got ${describeValue(value)}`);
    }
  }
  const build = chooseBuild(simd, relaxedSimd, detectEngine);
  const compiled = module === undefined ? await ownModule(build) : await compileFrom(module);
  const instance = await instantiate(compiled);
  const zorro = new Zorro(instance);
  if (zorro.features.relaxedSimd && !relaxedMaddIsFused()) {
    // A caller's own copy of the relaxed build: its exact products would silently lose bits.
    throw new RangeError(`options.module is the relaxed-SIMD build, but ${NOT_FUSED}; load the SIMD build`);
  }
  return zorro;
}

/** What the engine offers; detectEngine() asks it, tests pass their own. */
export interface EngineFeatures {
  simd: boolean;
  relaxedSimd: boolean;
  /** relaxed_madd rounds once (V8 on x64 with FMA3 or arm64; not Bun's JavaScriptCore): the relaxed build depends on it. */
  fusedMultiplyAdd: boolean;
}

export function detectEngine(): EngineFeatures {
  const simd = engineHasSimd();
  const relaxedSimd = simd && engineHasRelaxedSimd();
  return { simd, relaxedSimd, fusedMultiplyAdd: relaxedSimd && relaxedMaddIsFused() };
}

const NOT_FUSED = "this engine's relaxed multiply-add rounds the product first (not fused)";

/**
 * The build loadZorro() runs for options.simd and options.relaxedSimd: the relaxed build where the
 * engine has relaxed SIMD with a fused multiply-add, else SIMD, else scalar; a forced choice the
 * engine cannot run is a RangeError. The engine is asked only as far as the choice needs.
 */
export function chooseBuild(simd: boolean | undefined, relaxedSimd: boolean | undefined, engine: () => EngineFeatures): BuildName {
  if (relaxedSimd === true && simd === false) {
    throw new RangeError('options.relaxedSimd is true but options.simd is false: relaxed SIMD needs SIMD');
  }
  const has = engine();
  if (simd === true && !has.simd) throw new RangeError('options.simd is true but this engine has no WebAssembly SIMD');
  if (relaxedSimd === true && !has.relaxedSimd) {
    throw new RangeError('options.relaxedSimd is true but this engine has no WebAssembly relaxed SIMD');
  }
  if (relaxedSimd === true && !has.fusedMultiplyAdd) throw new RangeError(`options.relaxedSimd is true but ${NOT_FUSED}`);
  if (!(simd ?? has.simd)) return 'scalar';
  return relaxedSimd ?? has.fusedMultiplyAdd ? 'relaxed' : 'simd';
}
