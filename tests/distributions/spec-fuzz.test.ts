/**
 * Fuzz test of the spec parser and the numerics behind it: random mutations of valid specs (characters inserted,
 * deleted, duplicated; numbers replaced by extreme ones) either are refused with a SpecError that points inside the
 * text and quotes a short message, or parse to a distribution whose numbers obey the theory: KL ≥ 0 or +∞,
 * JSD in [0, log 2], C(G) = −log 4 + 2·JSD. A bounded budget (a few seconds) keeps it in CI.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SpecError } from '../../src/distributions/distribution.ts';
import { parseDistribution } from '../../src/distributions/spec.ts';
import { divergencePanel } from '../../src/numerics/panel.ts';

const SEEDS = [
  'normal(0, 1)',
  '0.3*normal(-2, 0.5) + 0.7*laplace(1.5, 1)',
  '0.25*cauchy(0, 0.4) + 0.5*logistic(2, 0.8) + 0.25*uniform(-1, 3)',
  '0.5*uniform(-3, 2) + 0.25*laplace(1, 0.3) + 0.25*normal(2.5, 1)',
  'density("exp(-x^2/2) * (1 + sin(3*x)^2)", -6, 6)',
  '0.5*normal(0, 1) + 0.5*density("abs(x)", -1, 1)',
];
const EXTREMES = ['1e308', '-1e308', '1e-320', '0', '-0', '1e20', '1e-300', '5e-324', '1e300', '1e12', '999999999999999999999', '.5', '1e', 'NaN', 'Infinity'];
const PIECES = ['(', ')', ',', '*', '+', '-', '"', 'e', '.', '0', '9', ' ', 'x', 'normal', 'cauchy', 'density', '\uFEFF', '\u00e9', '𝑥', '\n'];

type Mutation = (s: string) => string;
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.tuple(fc.nat(), fc.constantFrom(...PIECES)).map(([i, p]): Mutation => (s) => s.slice(0, i % (s.length + 1)) + p + s.slice(i % (s.length + 1))),
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 6 })).map(([i, n]): Mutation => (s) => s.slice(0, i % (s.length + 1)) + s.slice((i % (s.length + 1)) + n)),
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 12 })).map(([i, n]): Mutation => (s) => {
    const at = i % (s.length + 1);
    return s.slice(0, at + n) + s.slice(at, at + n) + s.slice(at + n);
  }),
  fc.tuple(fc.nat(), fc.constantFrom(...EXTREMES)).map(([k, x]): Mutation => (s) => {
    const numbers = [...s.matchAll(/\d+(?:\.\d*)?(?:e[+-]?\d+)?/g)];
    if (numbers.length === 0) return s;
    const m = numbers[k % numbers.length]!;
    return s.slice(0, m.index) + x + s.slice(m.index! + m[0].length);
  }),
);

const mutated = fc.tuple(fc.constantFrom(...SEEDS), fc.array(mutation, { minLength: 1, maxLength: 4 })).map(([s, ms]) => ms.reduce((t, m) => m(t), s));

describe('the spec parser under random mutations of valid specs', () => {
  it('throws only SpecErrors that point inside the text, or gives numbers that obey the theory', () => {
    let accepted = 0, refused = 0;
    fc.assert(
      fc.property(mutated, (text) => {
        let d;
        try {
          d = parseDistribution(text);
        } catch (e) {
          expect(e, text).toBeInstanceOf(SpecError);
          const { start, end, message } = e as SpecError;
          expect(message.length, text).toBeLessThan(400);
          if (start >= 0) {
            expect(start).toBeLessThanOrEqual(text.length);
            expect(end).toBeGreaterThanOrEqual(start);
            expect(end).toBeLessThanOrEqual(text.length);
          }
          refused++;
          return;
        }
        accepted++;
        // The text writes −0 as 0, the same distribution: compare as JSON, which does too.
        expect(JSON.stringify(parseDistribution(d.toString()).components)).toBe(JSON.stringify(d.components));
        const panel = divergencePanel(d, parseDistribution('0.5*normal(0.3, 1.2) + 0.5*cauchy(-1, 2)'));
        for (const kl of [panel.klDataG, panel.klGData]) {
          expect(Number.isNaN(kl.value), text).toBe(false);
          expect(kl.value, text).toBeGreaterThanOrEqual(-1e-9);
        }
        expect(panel.jsd.value, text).toBeGreaterThanOrEqual(0);
        expect(panel.jsd.value, text).toBeLessThanOrEqual(Math.LN2);
        expect(Math.abs(panel.cOfG.value - panel.cOfGFromJsd), text).toBeLessThan(1e-6);
      }),
      { numRuns: 400, seed: 13, interruptAfterTimeLimit: 5000 },
    );
    // The mutations reach both sides of the parser.
    expect(accepted).toBeGreaterThan(5);
    expect(refused).toBeGreaterThan(5);
  }, 30_000);
});
