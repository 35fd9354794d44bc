import { Distribution } from './distribution.ts';

/**
 * The distribution of centre + factor·(X − centre): every component's centre moved and width multiplied by factor.
 * Custom density(…) components are refused (their formula would need rewriting in (x − centre)/factor).
 *
 * @example
 * stretched(parseDistribution('normal(1, 2)'), 1.5, 1).toString(); // 'normal(1, 3)'
 * @throws {RangeError} for a factor that is not positive and finite, a centre that is not finite, or a custom density.
 */
export function stretched(d: Distribution, factor: number, centre: number): Distribution {
  if (!(factor > 0) || !Number.isFinite(factor)) throw new RangeError(`invalid stretch factor: ${factor}`);
  if (!Number.isFinite(centre)) throw new RangeError(`invalid stretch centre: ${centre}`);
  const move = (x: number) => centre + factor * (x - centre);
  return new Distribution(
    d.components.map((c) => {
      if (c.family === 'density') throw new RangeError('a custom density(…) component cannot be stretched');
      if (c.family === 'uniform') return { ...c, params: [move(c.params[0]), move(c.params[1])] as const };
      return { ...c, params: [move(c.params[0]), factor * c.params[1]] as const };
    }),
  );
}
