import { Distribution } from './distribution.ts';
import { shiftFormula } from './formula.ts';

/** The distribution of X + delta: every component moved right by delta (custom formulas are rewritten in x − delta). */
export function shifted(d: Distribution, delta: number): Distribution {
  if (!Number.isFinite(delta)) throw new RangeError(`invalid shift: ${delta}`);
  return new Distribution(
    d.components.map((c) => {
      if (c.family === 'uniform') return { ...c, params: [c.params[0] + delta, c.params[1] + delta] as const };
      if (c.family === 'density') return { ...c, params: [c.params[0] + delta, c.params[1] + delta] as const, formula: shiftFormula(c.formula ?? '', delta) };
      return { ...c, params: [c.params[0] + delta, c.params[1]] as const };
    }),
  );
}
