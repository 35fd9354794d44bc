export { Distribution, mixtureOf, SpecError, findProblem, WEIGHT_SUM_TOLERANCE } from './distribution.ts';
export type { ComponentSpec, ComponentProblem } from './distribution.ts';
export { parseDistribution, parseComponents, formatDistribution } from './spec.ts';
export { FAMILIES, FAMILY_NAMES, isFamilyName } from './families.ts';
export type { Family, FamilyName, TailKind } from './family.ts';
