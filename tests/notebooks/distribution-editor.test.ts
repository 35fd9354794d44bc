/** What each edit in the distribution editor does to its list of components (the pure part, no browser). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Distribution, WEIGHT_SUM_TOLERANCE, type ComponentSpec } from '../../src/distributions/distribution.ts';
import {
  centreOf,
  DEFAULT_FORMULA,
  dragged,
  moved,
  nudged,
  renormalise,
  widthOf,
  withAddedComponent,
  withFamily,
  withFormula,
  withoutComponent,
  withParam,
  withWeight,
  type ComponentList,
} from '../../notebooks/components/distribution-editor/component-list.ts';
import { mixture } from '../arbitraries.ts';

/** A deeply frozen list, so any edit that mutated its input would throw. */
function frozen(list: ComponentSpec[]): ComponentList {
  return Object.freeze(list.map((c) => Object.freeze({ ...c, params: Object.freeze([c.params[0], c.params[1]] as const) })));
}

const normal = (mean: number, sd: number, weight = 1): ComponentSpec => ({ family: 'normal', params: [mean, sd], weight });
const uniform = (lo: number, hi: number, weight = 1): ComponentSpec => ({ family: 'uniform', params: [lo, hi], weight });
const sum = (list: ComponentList) => list.reduce((s, c) => s + c.weight, 0);
const THREE = frozen([normal(-2, 0.5, 0.2), uniform(0, 2, 0.3), { family: 'laplace', params: [3, 1], weight: 0.5 }]);

describe('renormalise', () => {
  it('keeps component i at w and shares 1 − w among the others in their old proportions, summing to exactly 1', () => {
    const w = renormalise([0.2, 0.3, 0.5], 0, 0.6);
    expect(w[0]).toBe(0.6);
    expect(w[1]! / w[2]!).toBeCloseTo(0.3 / 0.5, 3);
    expect(Math.abs(w.reduce((s, x) => s + x, 0) - 1)).toBeLessThan(1e-12);
  });

  it('clamps w into [0.001, 1 − 0.001·(n − 1)], gives a single component weight 1, and splits evenly when the others had none', () => {
    expect(renormalise([0.5, 0.5], 1, 0)[1]).toBe(0.001);
    expect(renormalise([0.5, 0.5], 1, 1)[1]).toBe(0.999);
    expect(renormalise([0.7], 0, 0.2)).toEqual([1]);
    expect(renormalise([1, 0, 0], 0, 0.4)).toEqual([0.4, 0.3, 0.3]);
  });
});

describe('moving a component', () => {
  it('moves a normal’s mean to x and keeps its sd; a uniform or custom range keeps its width', () => {
    expect(moved(normal(0, 2), 1.25)).toEqual(normal(1.25, 2));
    expect(moved(uniform(-1, 3), 0)).toEqual(uniform(-2, 2));
    const density: ComponentSpec = { family: 'density', params: [-4, 4], weight: 1, formula: DEFAULT_FORMULA };
    expect(moved(density, 1).params).toEqual([-3, 5]);
    expect(centreOf(uniform(-1, 3))).toBe(1);
    expect(widthOf(uniform(-1, 3))).toBe(2);
    expect(widthOf(density)).toBe(1);
  });

  it('drags a handle to x, held inside the plotted domain, leaving the other components and the input alone', () => {
    const next = dragged(THREE, 1, 2.5, [-5, 5]);
    expect(next[1]).toEqual(uniform(1.5, 3.5, 0.3));
    expect(next[0]).toBe(THREE[0]);
    expect(next[2]).toBe(THREE[2]);
    expect(dragged(THREE, 0, 40, [-5, 5])[0]!.params).toEqual([5, 0.5]);
    expect(dragged(THREE, 0, -40, [-5, 5])[0]!.params).toEqual([-5, 0.5]);
    expect(THREE[1]!.params).toEqual([0, 2]);
  });
});

describe('a key press on a handle', () => {
  it('moves the centre a tenth of the width with an arrow key, a whole width with Shift, left and down to lower x', () => {
    const list = frozen([normal(1, 2)]);
    expect(nudged(list, 0, 'ArrowRight', false)![0]!.params[0]).toBeCloseTo(1.2, 12);
    expect(nudged(list, 0, 'ArrowUp', false)![0]!.params[0]).toBeCloseTo(1.2, 12);
    expect(nudged(list, 0, 'ArrowLeft', false)![0]!.params[0]).toBeCloseTo(0.8, 12);
    expect(nudged(list, 0, 'ArrowDown', true)![0]!.params[0]).toBe(-1);
    expect(nudged(list, 0, 'ArrowRight', true)![0]!.params[0]).toBe(3);
  });

  it('steps at least 0.005 (a tenth of 0.05) however narrow the component, and moves a uniform by its half-width', () => {
    expect(nudged(frozen([normal(0, 0.001)]), 0, 'ArrowRight', false)![0]!.params[0]).toBe(0.005);
    expect(nudged(frozen([uniform(0, 4)]), 0, 'ArrowRight', true)![0]!.params).toEqual([2, 6]);
  });

  it('does nothing for any other key (undefined, so the key keeps its default action)', () => {
    for (const key of ['Enter', ' ', 'Tab', 'a', 'Home']) expect(nudged(THREE, 0, key, false)).toBeUndefined();
  });
});

describe('the row controls', () => {
  it('turn a component into another family at the same centre and width, with the same weight', () => {
    expect(withFamily(THREE, 0, 'uniform')[0]).toEqual(uniform(-2.5, -1.5, 0.2));
    expect(withFamily(THREE, 1, 'cauchy')[1]).toEqual({ family: 'cauchy', params: [1, 1], weight: 0.3 });
    const density = withFamily(THREE, 2, 'density')[2]!;
    expect(density).toEqual({ family: 'density', params: [-1, 7], weight: 0.5, formula: DEFAULT_FORMULA });
    // A width under 0.1 is widened to 0.1.
    expect(withFamily(frozen([normal(0, 0.01)]), 0, 'laplace')[0]!.params).toEqual([0, 0.1]);
  });

  it('set one parameter or a formula and leave the rest', () => {
    expect(withParam(THREE, 0, 1, 0.75)[0]).toEqual(normal(-2, 0.75, 0.2));
    expect(withParam(THREE, 1, 0, -1)[1]).toEqual(uniform(-1, 2, 0.3));
    const d = frozen([{ family: 'density', params: [-6, 6], weight: 1, formula: DEFAULT_FORMULA }]);
    expect(withFormula(d, 0, 'exp(-abs(x))')[0]).toEqual({ family: 'density', params: [-6, 6], weight: 1, formula: 'exp(-abs(x))' });
  });

  it('move one weight with the others following in proportion, to a valid mixture', () => {
    const next = withWeight(THREE, 2, 0.8);
    expect(next[2]!.weight).toBe(0.8);
    expect(next[0]!.weight / next[1]!.weight).toBeCloseTo(0.2 / 0.3, 3);
    expect(Math.abs(sum(next) - 1)).toBeLessThan(1e-12);
    expect(() => new Distribution(next)).not.toThrow();
  });

  it('remove a component and scale the remaining weights back up to 1', () => {
    const next = withoutComponent(THREE, 1);
    expect(next.map((c) => c.family)).toEqual(['normal', 'laplace']);
    expect(next[0]!.weight / next[1]!.weight).toBeCloseTo(0.2 / 0.5, 3);
    expect(Math.abs(sum(next) - 1)).toBeLessThan(1e-12);
  });

  it('add a normal three quarters across the plotted range, a tenth of it wide, with weight 1/(n + 1)', () => {
    const next = withAddedComponent(THREE, [-4, 6]);
    expect(next).toHaveLength(4);
    expect(next[3]).toEqual(normal(3.5, 1, 0.25));
    expect(next[0]!.weight / next[2]!.weight).toBeCloseTo(0.2 / 0.5, 3);
    expect(Math.abs(sum(next) - 1)).toBeLessThan(1e-12);
  });
});

describe('any sequence of edits', () => {
  it('keeps the components a valid distribution whose weights sum to 1 within the spec’s tolerance', () => {
    const edit = fc.oneof(
      fc.record({ kind: fc.constant('drag' as const), x: fc.double({ min: -20, max: 20, noNaN: true }) }),
      fc.record({ kind: fc.constant('key' as const), key: fc.constantFrom('ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown'), shift: fc.boolean() }),
      fc.record({ kind: fc.constant('family' as const), family: fc.constantFrom('normal', 'laplace', 'logistic', 'cauchy', 'uniform') }),
      fc.record({ kind: fc.constant('weight' as const), w: fc.double({ min: 0, max: 1, noNaN: true }) }),
      fc.constant({ kind: 'add' as const }),
      fc.constant({ kind: 'remove' as const }),
    );
    fc.assert(
      fc.property(mixture, fc.array(fc.tuple(edit, fc.nat()), { maxLength: 12 }), (start, edits) => {
        let list: ComponentList = frozen(start.components.map((c) => ({ ...c })));
        for (const [e, at] of edits) {
          const i = at % list.length;
          if (e.kind === 'drag') list = dragged(list, i, e.x, [-10, 10]);
          else if (e.kind === 'key') list = nudged(list, i, e.key, e.shift)!;
          else if (e.kind === 'family') list = withFamily(list, i, e.family);
          else if (e.kind === 'weight' && list.length > 1) list = withWeight(list, i, e.w);
          else if (e.kind === 'add' && list.length < 6) list = withAddedComponent(list, [-10, 10]);
          else if (e.kind === 'remove' && list.length > 1) list = withoutComponent(list, i);
          list = frozen([...list]);
          expect(Math.abs(sum(list) - 1)).toBeLessThanOrEqual(WEIGHT_SUM_TOLERANCE);
          expect(() => new Distribution(list)).not.toThrow();
        }
      }),
      { numRuns: 200, seed: 4 },
    );
  });
});
