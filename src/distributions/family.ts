import type { Random } from '../maths/random.ts';
import { coded, type Coded } from './coded.ts';

/** The families a component may come from, as named in the spec language. */
export type FamilyName = 'normal' | 'laplace' | 'logistic' | 'cauchy' | 'uniform' | 'density';

/**
 * How fast a density falls off on one side; KL(P‖Q) is infinite exactly when P's tail is polynomial and Q's is
 * not (and when P has mass outside Q's support). Ordered from lightest to heaviest.
 */
export type TailKind = 'bounded' | 'gaussian' | 'exponential' | 'polynomial';
export const TAIL_ORDER: readonly TailKind[] = ['bounded', 'gaussian', 'exponential', 'polynomial'];

/**
 * A two-parameter family of 1-D densities. The functions take the two parameters positionally so a mixture's
 * hot loop can call them without allocating.
 */
export interface Family {
  readonly name: FamilyName;
  /** Parameter names in spec order, e.g. ["mean", "sd"]. */
  readonly parameters: readonly [string, string];
  /** A message naming the bad parameter, or undefined when (a, b) is valid. */
  check(a: number, b: number): Coded | undefined;
  logPdf(x: number, a: number, b: number): number;
  pdf(x: number, a: number, b: number): number;
  cdf(x: number, a: number, b: number): number;
  /**
   * 1 − cdf(x), computed directly so the upper tail keeps its relative precision (1 − cdf loses it once cdf
   * rounds to 1). Optional: where absent (custom densities), a mixture uses 1 − cdf.
   */
  survival?(x: number, a: number, b: number): number;
  /**
   * The closed-form inverse of cdf for 0 < p < 1, accurate in relative terms (the survival side for p > ½), where
   * the family has one. Optional: where absent, a distribution inverts its cdf by bisection.
   */
  quantile?(p: number, a: number, b: number): number;
  sample(random: Random, a: number, b: number): number;
  /** The support as sorted disjoint closed intervals; [[−∞, ∞]] for unbounded families. */
  support(a: number, b: number): readonly (readonly [number, number])[];
  /** Undefined where the moment does not exist (Cauchy). */
  mean(a: number, b: number): number | undefined;
  variance(a: number, b: number): number | undefined;
  /** Where the density peaks or is centred, and a width: used to place quadrature breakpoints and plot ranges. */
  centre(a: number, b: number): number;
  scale(a: number, b: number): number;
  /** Points where the density is not smooth (a Laplace cusp, uniform edges). */
  kinks(a: number, b: number): readonly number[];
  readonly tail: TailKind;
}

/** The parameters' names as messages quote them (a page shows them in its language). */
export const PARAMETER_NAMES: Readonly<Record<string, Coded>> = {
  mean: coded('parameter.mean', {}, 'mean'),
  sd: coded('parameter.sd', {}, 'sd'),
  location: coded('parameter.location', {}, 'location'),
  scale: coded('parameter.scale', {}, 'scale'),
  low: coded('parameter.low', {}, 'low'),
  high: coded('parameter.high', {}, 'high'),
  formula: coded('parameter.formula', {}, 'formula'),
};

/** A parameter's name as a coded message (plain text for a name the list lacks). */
export function parameterName(name: string): Coded {
  return PARAMETER_NAMES[name] ?? coded('parameter.other', { name }, name);
}

export function positive(name: string, value: number): Coded | undefined {
  if (!Number.isFinite(value)) return coded('parameter.notFinite', { name: parameterName(name), value }, `${name} must be a finite number, got ${value}`);
  if (!(value > 0)) return coded('parameter.notPositive', { name: parameterName(name), value }, `${name} must be positive, got ${value}`);
  // A subnormal scale would make the density's peak overflow to ∞.
  return Number.isFinite(1 / value) ? undefined : coded('parameter.tooSmall', { name: parameterName(name), value }, `${name} is too small to represent, got ${value}`);
}

export function finite(name: string, value: number): Coded | undefined {
  return Number.isFinite(value) ? undefined : coded('parameter.notFinite', { name: parameterName(name), value }, `${name} must be a finite number, got ${value}`);
}
