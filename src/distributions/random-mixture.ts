import type { Random } from '../maths/random.ts';
import { Distribution, type ComponentSpec } from './distribution.ts';
import { FAMILY_NAMES } from './families.ts';
import type { ParametricFamilyName } from './families.ts';

export interface RandomMixtureOptions {
  /** Most components (default 3). */
  readonly maxComponents?: number;
  /** Families to draw from (default all five). */
  readonly families?: readonly ParametricFamilyName[];
  /** Centres are drawn from [−spread, spread] (default 4). */
  readonly spread?: number;
}

/**
 * A random mixture for identity checks: 1 to `maxComponents` components with centres in [−spread, spread],
 * scales in [0.2, 2.5] (uniform widths in [0.4, 5]) and weights from a flat Dirichlet, rounded to 4 decimals so
 * the spec stays readable (the last weight takes the remainder, so they sum to exactly 1).
 */
export function randomMixture(random: Random, options: RandomMixtureOptions = {}): Distribution {
  const maxComponents = options.maxComponents ?? 3;
  const families = options.families ?? FAMILY_NAMES;
  const spread = options.spread ?? 4;
  const n = 1 + random.integer(maxComponents);
  const raw = Array.from({ length: n }, () => -Math.log(random.uniform()));
  const total = raw.reduce((a, b) => a + b, 0);
  const weights = raw.map((w) => Math.max(0.05, Math.round((w / total) * 1e4) / 1e4));
  const head = weights.slice(0, -1).reduce((a, b) => a + b, 0);
  if (n > 1 && head >= 0.95) weights.fill(Math.round(1e4 / n) / 1e4, 0, n - 1);
  weights[n - 1] = +(1 - weights.slice(0, -1).reduce((a, b) => a + b, 0)).toFixed(4);
  const round = (x: number) => Math.round(x * 1000) / 1000 + 0; // + 0 turns −0 into 0
  const components: ComponentSpec[] = weights.map((weight) => {
    const family = families[random.integer(families.length)]!;
    const centre = round(spread * (2 * random.uniform() - 1));
    const scale = round(0.2 + 2.3 * random.uniform());
    const params: [number, number] = family === 'uniform' ? [round(centre - scale), round(centre + scale)] : [centre, scale];
    return { family, params, weight };
  });
  return new Distribution(components);
}
