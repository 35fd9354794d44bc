import { cauchy } from './cauchy.ts';
import type { Family, FamilyName } from './family.ts';
import { laplace } from './laplace.ts';
import { logistic } from './logistic.ts';
import { normal } from './normal.ts';
import { uniform } from './uniform.ts';

export const FAMILIES: Readonly<Record<FamilyName, Family>> = { normal, laplace, logistic, cauchy, uniform };
export const FAMILY_NAMES = Object.keys(FAMILIES) as FamilyName[];

export function isFamilyName(name: string): name is FamilyName {
  return Object.hasOwn(FAMILIES, name);
}
