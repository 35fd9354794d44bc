/**
 * What each edit does to the editor's list of components: pure functions from a list (and the edit) to a new
 * list, with no DOM, so each can be tested alone. The parts of the editor turn events into these calls.
 */
import type { ComponentSpec } from '../../../src/distributions/distribution.ts';
import type { FamilyName } from '../../../src/distributions/family.ts';

export type ComponentList = readonly ComponentSpec[];

/** The formula a new custom-density component starts with. */
export const DEFAULT_FORMULA = 'exp(-x^2/2) * (1 + sin(3*x)^2)';

/** x rounded to `digits` decimals (and −0 to 0), so edits write short specs. */
export const round = (x: number, digits = 4): number => Math.round(x * 10 ** digits) / 10 ** digits + 0;

/** Weights that keep component i at w and share 1 − w among the others in their old proportions. */
export function renormalise(weights: readonly number[], i: number, w: number): number[] {
  const n = weights.length;
  if (n === 1) return [1];
  const wi = Math.min(1 - 1e-3 * (n - 1), Math.max(1e-3, w));
  const rest = weights.reduce((s, x, j) => (j === i ? s : s + x), 0);
  const out = weights.map((x, j) => (j === i ? wi : rest > 0 ? ((1 - wi) * x) / rest : (1 - wi) / (n - 1)));
  const rounded = out.map((x) => Math.max(1e-4, round(x)));
  // The last of the others takes the remainder, so the weights sum to exactly 1.
  const last = i === n - 1 ? n - 2 : n - 1;
  rounded[last] = round(1 - rounded.reduce((s, x, j) => (j === last ? s : s + x), 0));
  return rounded;
}

/** A sensible new component in the family's own parameters, centred at c with width s. */
export function componentFor(family: FamilyName, c: number, s: number, weight: number, formula?: string): ComponentSpec {
  if (family === 'uniform') return { family, params: [round(c - s, 3), round(c + s, 3)], weight };
  if (family === 'density') return { family, params: [round(c - 4 * s, 3), round(c + 4 * s, 3)], weight, formula: formula ?? DEFAULT_FORMULA };
  return { family, params: [round(c, 3), round(s, 3)], weight };
}

/** Where a component's handle sits: its location, or the middle of its range. */
export function centreOf(c: ComponentSpec): number {
  return c.family === 'uniform' || c.family === 'density' ? 0.5 * (c.params[0] + c.params[1]) : c.params[0];
}

/** A component's width in its own terms: scale, half the range (uniform), an eighth of the range (custom). */
export function widthOf(c: ComponentSpec): number {
  return c.family === 'uniform' ? 0.5 * (c.params[1] - c.params[0]) : c.family === 'density' ? 0.125 * (c.params[1] - c.params[0]) : c.params[1];
}

/** The component moved so that its centre is at x (a uniform or custom range keeps its width). */
export function moved(c: ComponentSpec, x: number): ComponentSpec {
  const shift = x - centreOf(c);
  if (c.family === 'uniform' || c.family === 'density') return { ...c, params: [round(c.params[0] + shift, 3), round(c.params[1] + shift, 3)] };
  return { ...c, params: [round(x, 3), c.params[1]] };
}

const replaced = (list: ComponentList, i: number, c: ComponentSpec): ComponentSpec[] => list.map((x, j) => (j === i ? c : x));

/** Dragging component i's handle to x: its centre follows, held inside the plotted domain. */
export function dragged(list: ComponentList, i: number, x: number, domain: readonly [number, number]): ComponentSpec[] {
  return replaced(list, i, moved(list[i]!, Math.min(domain[1], Math.max(domain[0], x))));
}

/**
 * A key press on component i's handle: the arrow keys move its centre by a tenth of its width (a whole width
 * with Shift; never less than 0.05 of either), left/down to lower x. Undefined for any other key.
 */
export function nudged(list: ComponentList, i: number, key: string, shift: boolean): ComponentSpec[] | undefined {
  const c = list[i]!;
  const step = (shift ? 1 : 0.1) * Math.max(0.05, widthOf(c));
  const delta = key === 'ArrowLeft' || key === 'ArrowDown' ? -step : key === 'ArrowRight' || key === 'ArrowUp' ? step : 0;
  return delta ? replaced(list, i, moved(c, centreOf(c) + delta)) : undefined;
}

/** Component i turned into another family, keeping its centre, its width (at least 0.1) and its weight. */
export function withFamily(list: ComponentList, i: number, family: FamilyName): ComponentSpec[] {
  const c = list[i]!;
  return replaced(list, i, componentFor(family, centreOf(c), Math.max(0.1, widthOf(c)), c.weight));
}

/** Component i with its parameter k (0 or 1) set to x. */
export function withParam(list: ComponentList, i: number, k: 0 | 1, x: number): ComponentSpec[] {
  const c = list[i]!;
  const params: [number, number] = [c.params[0], c.params[1]];
  params[k] = x;
  return replaced(list, i, { ...c, params });
}

/** Custom-density component i with a new formula (checked when the list becomes a Distribution). */
export function withFormula(list: ComponentList, i: number, formula: string): ComponentSpec[] {
  return replaced(list, i, { ...list[i]!, formula });
}

/** Component i's weight set to w, the others sharing the rest in their old proportions (see `renormalise`). */
export function withWeight(list: ComponentList, i: number, w: number): ComponentSpec[] {
  const weights = renormalise(list.map((x) => x.weight), i, w);
  return list.map((x, j) => ({ ...x, weight: weights[j]! }));
}

/** The list without component i, the remaining weights scaled back up to sum to 1. */
export function withoutComponent(list: ComponentList, i: number): ComponentSpec[] {
  const rest = list.filter((_, j) => j !== i);
  const total = rest.reduce((s, x) => s + x.weight, 0);
  const weights = renormalise(rest.map((x) => x.weight / total), 0, rest[0]!.weight / total);
  return rest.map((x, j) => ({ ...x, weight: weights[j]! }));
}

/**
 * The list with a new normal component: weight 1/(n + 1) (the others scaled down to make room), placed three
 * quarters of the way across the plotted range [lo, hi], a tenth of the range wide.
 */
export function withAddedComponent(list: ComponentList, range: readonly [number, number]): ComponentSpec[] {
  const [lo, hi] = range;
  const n = list.length;
  const share = round(1 / (n + 1));
  const weights = renormalise([...list.map((c) => c.weight * (1 - share)), share], n, share);
  return [...list.map((c, j) => ({ ...c, weight: weights[j]! })), componentFor('normal', round(hi - 0.25 * (hi - lo), 2), round(0.1 * (hi - lo), 2), weights[n]!)];
}
