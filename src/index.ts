// zorro-wasm: the Zorro activation functions (Roodschild et al., 2024) as WebAssembly SIMD kernels.
export { loadZorro, Zorro, ZorroTensor } from './zorro.js';
export type { Features, FloatArray, LoadOptions, Operand } from './zorro.js';
export type { ModuleSource } from './wasm.js';
export { reference } from './reference.js';
export type { Reference } from './reference.js';
export { defaults, VARIANT_NAMES as variants, VARIANTS } from './params.js';
export type {
  AsymmetricParams, DType, Domain, ParamSpec, ParamsOf, SigmoidParams, SlopedParams, SymmetricParams, TanhParams,
  Variant,
} from './params.js';
export { presets } from './presets.js';
export type { Preset, PresetName } from './presets.js';
export { erf, targets } from './targets.js';
export type { TargetName } from './targets.js';
