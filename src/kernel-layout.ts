// The configuration block the loader writes and every kernel reads: one table of float64 slots.
// This file is compiled both by asc (assembly/) and by tsc (src/), so it uses only the syntax
// the two languages share. Slot numbers are float64 indices from the block's start.
//
// Every Zorro function is evaluated in u-space, u = s·x, as a linear middle segment
// y = yMiddle + u on [uLeft, uRight] and one hump per side:
//   y = yJoint + sign·(dU·slope + scale·dU·g(dU)),  dU = distance of u beyond the side's joint,
//   g(dU) = w / (1 + R·w),  w = e^(−ζ),  ζ = rate·dU + shift   (see assembly/zorro.ts)

export const SIDE_LEFT = 0;
export const SIDE_RIGHT = 16;

// Offsets inside a side's block.
export const RATE = 0; // a·h: the exponential's rate per unit of u
export const A = 1; // the side's own a (for ∂/∂b)
export const B = 2; // the side's own b (for ∂/∂a)
export const DGDA_G = 3; // ∂g/∂a = b·G·(DGDA_G·g + DGDA_C) − g·(1 − G)·(D + DGDA_D): see params.ts
export const R = 4; // g's denominator weight, so that G = R·w/(1 + R·w)
export const DGDA_C = 5;
export const SHIFT = 6; // ζ's constant term
export const JOINT_U = 7; // u at the joint
export const JOINT_Y = 8; // y at the joint
export const SIGN = 9; // −1 left, +1 right
export const SLOPE = 10; // asymptotic slope dy/du far out (Sloped-Zorro's m, else 0)
export const SCALE = 11; // the hump's weight (Sloped-Zorro: 1 − m, else 1)
export const LIMIT_Y = 12; // y at this side's infinity
export const LIMIT_DYDU = 13; // dy/du at this side's infinity
export const DGDA_D = 14;
export const ONE_MINUS_R = 15; // g − 1 = (w·(1 − R) − 1)/(1 + R·w), with 1 − R exact from float64

export const INPUT_SCALE = 32; // s
export const MIDDLE_Y = 33; // y = MIDDLE_Y + u on the middle segment (−0 keeps f(−0) = −0)
export const HALF = 34; // h: Z-space distance per unit of u (1, or ½ for Tanh-Zorro)
export const WANT_GRAD_S = 35; // nonzero: a backward pass also sums ∂y/∂s
export const WANT_GRAD_M = 36; // nonzero: a backward pass also sums ∂y/∂m (set for every operation)
export const WANT_GRAD_SIDES = 37; // nonzero: a and b are summed per side, else all in *_LEFT (every op)

// Outputs of a backward pass: Σ dy·∂y/∂p, accumulated in float64.
export const GRAD_A_LEFT = 40;
export const GRAD_B_LEFT = 41;
export const GRAD_A_RIGHT = 42;
export const GRAD_B_RIGHT = 43;
export const GRAD_S = 44;
export const GRAD_M = 45;

export const CONFIG_SLOTS = 48;
