// Types for accuracy-core.mjs, so the TypeScript tests import it without suppressions.
export declare const BARS: Readonly<{ forwardUlp: number; derivativeUlp: number; derivativeAbs: number; f64Relative: number }>;
export declare const REGIONS: readonly string[];
export declare const REGION_LABELS: Readonly<Record<string, string>>;
export declare function sweepParamSets(variant: string, defaults: object): Record<string, Record<string, number>>;
export declare function fround32<P extends object>(params: P): P;
export declare function regionClassifier(VARIANTS: object, variant: string, params: object): (x: number) => number;
export declare function specExpectation(variant: string, params: object, x: number): { y: number; d: number };
export declare function ulpError32(value: number, ref: number): number;
export declare function ulp32(v: number): number;
export declare function derivativeBar(ref: number): number;
export declare function relError64(value: number, ref: number, floor?: number): number;
export declare function fillPatterns(xBits: Uint32Array, start: number, stride: number, n: number): void;

export interface WorstInput {
  x: number; y: number; refY: number; forwardUlp: number; forwardAbs: number;
  d: number; refD: number; derivativeUlp: number; derivativeAbs: number; derivativeBarRatio: number;
}
export interface RegionSummary {
  count: number;
  forward: { maxUlp: number; maxAbs: number; overBar: number; worst: WorstInput[]; worstAbs: WorstInput[] };
  derivative: { maxUlp: number; maxAbs: number; maxBarRatio: number; overBar: number; worst: WorstInput[]; worstAbs: WorstInput[] };
  specialsChecked: number;
  specialsDiffer: number;
  specialExamples: { x: number; y: number; d: number; specY: number; specD: number }[];
}
export interface Summary { patterns: number; regions: Record<string, RegionSummary> }
export declare class SweepStats {
  constructor(options: { VARIANTS: object; variant: string; params: object; keep?: number; maxChunk?: number });
  patterns: number;
  add(x: Float32Array, y: Float32Array, d: Float32Array, refY: Float64Array, refD: Float64Array, n: number): void;
  addSpecials(x: Float32Array, y: Float32Array, d: Float32Array, n: number): void;
  merge(other: SweepStats): void;
  summary(recheck?: (x: number) => { y: number; d: number; refY: number; refD: number }): Summary;
}
export declare function totals(summary: Summary): {
  forwardMaxUlp: number; forwardMaxAbs: number; forwardOverBar: number; derivativeMaxUlp: number; derivativeMaxAbs: number;
  derivativeMaxBarRatio: number; derivativeOverBar: number; specialsChecked: number; specialsDiffer: number;
};
