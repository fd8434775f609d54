// Named parameter sets: fits of Zorro functions to familiar activations, and the authors' settings.
// Zorro approximates these targets; it does not equal them (it is exactly linear on its middle
// segment, for one). `npm run fit` (scripts/fit.mjs) reproduces every fitted set and its error.
// Fits minimise the max absolute error with a and s kept in [0.05, 20] and |b| ≤ 10: beyond that a
// hump degenerates into a hard clip (the sigmoid and tanh fits sit on a = 20).
import type { ParamsOf, Variant } from './params.js';
import type { TargetName } from './targets.js';

export interface Preset<V extends Variant = Variant> {
  readonly variant: V;
  readonly params: Readonly<ParamsOf[V]>;
  /** The function approximated, see `targets`. */
  readonly target: TargetName;
  /** The input range the error is measured (and, for fitted sets, minimised) on. */
  readonly range: readonly [number, number];
  /** Max |preset − target| on `range` (4001-point grid, float64), rounded up. */
  readonly maxAbsError: number;
  /** True when `params` were fitted by scripts/fit.mjs; false for the authors' own settings. */
  readonly fitted: boolean;
  readonly description: string;
}

const preset = <V extends Variant>(p: Preset<V>): Preset<V> => Object.freeze(p);

export const presets = Object.freeze({
  gelu: preset({
    variant: 'sloped', params: { a: 1.62, b: 1, m: 1 }, target: 'gelu', range: [-6, 6], maxAbsError: 0.17, fitted: true,
    description: 'GELU, x·Φ(x), by Sloped-Zorro',
  }),
  silu: preset({
    variant: 'sloped', params: { a: 4.132, b: 4.34, m: 0.9425 }, target: 'silu', range: [-6, 6], maxAbsError: 0.273, fitted: true,
    description: 'SiLU/Swish, x·σ(x), by Sloped-Zorro',
  }),
  dgelu: preset({
    variant: 'sigmoid', params: { a: 3.032, b: 5.726, s: 0.6879 }, target: 'dgelu', range: [-6, 6], maxAbsError: 0.0277, fitted: true,
    description: "GELU's derivative by Symmetric-Zorro on s·x + ½ (Sigmoid-Zorro): DGELU(0) = ½ needs the offset",
  }),
  sigmoid: preset({
    variant: 'sigmoid', params: { a: 20, b: 1.775, s: 0.173 }, target: 'sigmoid', range: [-8, 8], maxAbsError: 0.0612, fitted: true,
    description: 'the logistic sigmoid by Sigmoid-Zorro',
  }),
  tanh: preset({
    variant: 'tanh', params: { a: 20, b: 1.688, s: 0.6919 }, target: 'tanh', range: [-4, 4], maxAbsError: 0.123, fitted: true,
    description: 'tanh by Tanh-Zorro',
  }),
  yolov5: preset({
    variant: 'symmetric', params: { a: 1.2, b: 1 }, target: 'relu', range: [-6, 1], maxAbsError: 0.361, fitted: false,
    description: "the authors' YOLOv5 setting; equals ReLU on [0, 1] and saturates at 1 above it",
  }),
  lstmGate: preset({
    variant: 'sigmoid', params: { a: 4, b: 2, s: 0.5 }, target: 'sigmoid', range: [-8, 8], maxAbsError: 0.299, fitted: false,
    description: "the authors' LSTM gate setting (Sigmoid-Zorro, s = 0.5)",
  }),
  lstmCell: preset({
    variant: 'tanh', params: { a: 4, b: 2, s: 1 }, target: 'tanh', range: [-4, 4], maxAbsError: 0.304, fitted: false,
    description: "the authors' LSTM cell setting (Tanh-Zorro, s = 1)",
  }),
});

export type PresetName = keyof typeof presets;
