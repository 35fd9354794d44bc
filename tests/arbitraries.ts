/** fast-check generators of random mixtures for property tests. */
import fc from 'fast-check';
import { Distribution, type ComponentSpec } from '../src/distributions/distribution.ts';
import type { FamilyName } from '../src/distributions/family.ts';

const round = (x: number) => Math.round(x * 1000) / 1000;

const component: fc.Arbitrary<Omit<ComponentSpec, 'weight'>> = fc
  .record({
    family: fc.constantFrom<FamilyName>('normal', 'laplace', 'logistic', 'cauchy', 'uniform'),
    centre: fc.double({ min: -4, max: 4, noNaN: true }),
    scale: fc.double({ min: 0.15, max: 2.5, noNaN: true }),
  })
  .map(({ family, centre, scale }) => ({
    family,
    params: family === 'uniform' ? ([round(centre - scale), round(centre + scale)] as const) : ([round(centre), round(scale)] as const),
  }));

/** A mixture of 1–3 components with weights ≥ 0.05 that sum to 1. */
export const mixture: fc.Arbitrary<Distribution> = fc
  .array(fc.tuple(component, fc.integer({ min: 1, max: 20 })), { minLength: 1, maxLength: 3 })
  .map((parts) => {
    const total = parts.reduce((s, [, w]) => s + w, 0);
    return new Distribution(parts.map(([c, w]) => ({ ...c, weight: w / total })));
  });

export const pair = fc.tuple(mixture, mixture);
