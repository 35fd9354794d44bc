import { cauchy } from './cauchy.ts';
import { densityFamily } from './custom.ts';
import type { Family, FamilyName } from './family.ts';
import { laplace } from './laplace.ts';
import { logistic } from './logistic.ts';
import { normal } from './normal.ts';
import { uniform } from './uniform.ts';

/** The families with two numeric parameters. */
export type ParametricFamilyName = Exclude<FamilyName, 'density'>;

export const FAMILIES: Readonly<Record<ParametricFamilyName, Family>> = { normal, laplace, logistic, cauchy, uniform };
export const FAMILY_NAMES = Object.keys(FAMILIES) as ParametricFamilyName[];

export function isFamilyName(name: string): name is ParametricFamilyName {
  return Object.hasOwn(FAMILIES, name);
}

/**
 * The family object of a component: a parametric family, or for `density` the normalised formula on its range.
 *
 * @throws {FormulaError} for a custom density that cannot be normalised.
 */
export function familyOf(c: { readonly family: FamilyName; readonly params: readonly [number, number]; readonly formula?: string }): Family {
  if (c.family === 'density') return densityFamily(c.formula ?? '', c.params[0], c.params[1]);
  const family = FAMILIES[c.family];
  if (!family) throw new RangeError(`unknown family '${String(c.family)}'`);
  return family;
}
