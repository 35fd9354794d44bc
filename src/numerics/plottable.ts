/**
 * What a theory page needs of a distribution beyond being valid: a finite plot range that 512 distinct grid points
 * can cover, finite densities on that grid, and no more components than a spec may have (an editor can add rows
 * one by one). Checked once, where a distribution enters a page (a link, the editor), so a value the cells cannot
 * draw is refused with a message there instead of failing in some cell later.
 */
import type { Density } from '../distributions/density.ts';
import { coded, type Coded } from '../distributions/coded.ts';
import { SpecError } from '../distributions/distribution.ts';
import { MAX_COMPONENTS } from '../distributions/spec.ts';
import { plotRange } from './panel.ts';

/** Points on the pages' x grid (see `gridCell`). */
export const GRID_POINTS = 512;

/** Why the pages cannot show this distribution, or undefined when they can. */
export function plotProblem(d: Density & { readonly components?: readonly unknown[] }): Coded | undefined {
  if (d.components && d.components.length > MAX_COMPONENTS) {
    return coded('plot.tooManyComponents', { max: MAX_COMPONENTS, count: d.components.length }, `a mixture may have at most ${MAX_COMPONENTS} components, this one has ${d.components.length}`);
  }
  let lo: number, hi: number;
  try {
    [lo, hi] = plotRange(d);
  } catch (e) {
    return coded('plot.noRange', { detail: (e as Error).message.slice(0, 80) }, `its plot range cannot be found (${(e as Error).message.slice(0, 80)})`);
  }
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || !(hi > lo)) return coded('plot.notFinite', { lo, hi }, `its plot range [${lo}, ${hi}] is not a finite interval`);
  // Neighbouring grid points must be distinct doubles.
  const step = (hi - lo) / (GRID_POINTS - 1);
  if (!(lo + step > lo) || !(hi - step < hi) || !Number.isFinite(step)) return coded('plot.tooNarrow', { lo, hi, points: GRID_POINTS }, `its plot range [${lo}, ${hi}] is too narrow for its position to hold ${GRID_POINTS} distinct points`);
  for (let i = 0; i < GRID_POINTS; i++) {
    const y = d.pdf(lo + step * i);
    if (!Number.isFinite(y) || y < 0) return coded('plot.density', { y, x: lo + step * i }, `its density is ${y} at x = ${lo + step * i}`);
  }
  return undefined;
}

/**
 * The distribution itself when the pages can show it.
 *
 * @throws {SpecError} naming what the pages cannot do with it.
 */
export function checkPlottable<D extends Density>(d: D): D {
  const problem = plotProblem(d);
  if (problem) throw new SpecError(coded('plot.cannotShow', { problem }, `this distribution cannot be shown: ${problem.message}`));
  return d;
}
