import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Distribution, findProblem, SpecError, type ComponentSpec } from '../../src/distributions/distribution.ts';
import type { FamilyName } from '../../src/distributions/family.ts';
import { randomMixture } from '../../src/distributions/random-mixture.ts';
import { formatDistribution, parseComponents, parseDistribution } from '../../src/distributions/spec.ts';
import { createRandom } from '../../src/maths/random.ts';

/** Runs `parse(text)` and returns the SpecError it throws (failing the test when it throws nothing or something else). */
function specErrorOf(text: string, parse: (t: string) => unknown = parseComponents): SpecError {
  try {
    parse(text);
  } catch (e) {
    expect(e).toBeInstanceOf(SpecError);
    return e as SpecError;
  }
  throw new Error(`expected a SpecError for ${JSON.stringify(text)}, but it parsed`);
}

/** The text a SpecError underlines. */
function underlined(text: string, e: SpecError): string {
  expect(e.start).toBeGreaterThanOrEqual(0);
  expect(e.end).toBeGreaterThanOrEqual(e.start);
  expect(e.end).toBeLessThanOrEqual(text.length);
  return text.slice(e.start, e.end);
}

describe('parsing the example specs', () => {
  it('parses a single normal with no weight as weight 1', () => {
    expect(parseComponents('normal(0, 1)')).toEqual([{ family: 'normal', params: [0, 1], weight: 1 }]);
  });

  it('parses a two-component weighted mixture with negative and decimal parameters', () => {
    expect(parseComponents('0.3*normal(-2, 0.5) + 0.7*laplace(1.5, 1)')).toEqual([
      { family: 'normal', params: [-2, 0.5], weight: 0.3 },
      { family: 'laplace', params: [1.5, 1], weight: 0.7 },
    ]);
  });

  it('parses a three-component mixture of cauchy, logistic and uniform', () => {
    expect(parseComponents('0.25*cauchy(0, 0.4) + 0.5*logistic(2, 0.8) + 0.25*uniform(-1, 3)')).toEqual([
      { family: 'cauchy', params: [0, 0.4], weight: 0.25 },
      { family: 'logistic', params: [2, 0.8], weight: 0.5 },
      { family: 'uniform', params: [-1, 3], weight: 0.25 },
    ]);
  });

  it('builds a Distribution whose components are the parsed ones', () => {
    const text = '0.25*cauchy(0, 0.4) + 0.5*logistic(2, 0.8) + 0.25*uniform(-1, 3)';
    const d = parseDistribution(text);
    expect(d).toBeInstanceOf(Distribution);
    expect(d.components).toEqual(parseComponents(text));
  });
});

describe('numbers and whitespace', () => {
  it('reads explicit signs, decimals without leading or trailing digits, and exponents', () => {
    expect(parseComponents('normal(-1.5e-3, +2.5E+2)')).toEqual([{ family: 'normal', params: [-0.0015, 250], weight: 1 }]);
    expect(parseComponents('laplace(.5, 2.)')).toEqual([{ family: 'laplace', params: [0.5, 2], weight: 1 }]);
    expect(parseComponents('uniform(-1e3, 1e-2)')).toEqual([{ family: 'uniform', params: [-1000, 0.01], weight: 1 }]);
    expect(parseComponents('+5e-1*normal(0, 1) + 5E-1*cauchy(-0, 3e0)')).toEqual([
      { family: 'normal', params: [0, 1], weight: 0.5 },
      { family: 'cauchy', params: [-0, 3], weight: 0.5 },
    ]);
  });

  it('parses a weighted mixture with free whitespace (spaces, tabs, newlines, or none at all)', () => {
    const expected = [
      { family: 'normal', params: [-2, 0.5], weight: 0.3 },
      { family: 'laplace', params: [1.5, 1], weight: 0.7 },
    ];
    expect(parseComponents('0.3*normal(-2,0.5)+0.7*laplace(1.5,1)')).toEqual(expected);
    expect(parseComponents('  0.3 *\tnormal ( -2 ,0.5 )\n+ 0.7*  laplace(\n1.5 ,   1 )  ')).toEqual(expected);
  });

  it("treats '+' between components as a separator even without spaces before a weight", () => {
    expect(parseComponents('0.5*normal(0,1)+0.5*normal(2,1)').map((c) => c.weight)).toEqual([0.5, 0.5]);
  });
});

describe('errors name the problem and underline it', () => {
  it('rejects an unknown family and underlines its name', () => {
    const text = '0.5*normal(0, 1) + 0.5*gaussian(0, 1)';
    const e = specErrorOf(text);
    expect(e.message).toMatch(/unknown family 'gaussian'/);
    expect(underlined(text, e)).toBe('gaussian');
  });

  it('treats family names as case-sensitive and ignores inherited object keys', () => {
    expect(specErrorOf('Normal(0, 1)').message).toMatch(/unknown family 'Normal'/);
    expect(specErrorOf('constructor(0, 1)').message).toMatch(/unknown family 'constructor'/);
    expect(specErrorOf('__proto__(0, 1)').message).toMatch(/unknown family '__proto__'/);
  });

  it('rejects too few and too many arguments and underlines the argument list', () => {
    const one = 'normal(0)';
    const e1 = specErrorOf(one);
    expect(e1.message).toMatch(/normal takes 2 arguments/);
    expect(e1.message).toMatch(/got 1/);
    expect(underlined(one, e1)).toBe('(0)');

    const three = '0.5*laplace(0, 1) + 0.5*cauchy(0, 1, 2)';
    const e3 = specErrorOf(three);
    expect(e3.message).toMatch(/cauchy takes 2 arguments/);
    expect(e3.message).toMatch(/got 3/);
    expect(underlined(three, e3)).toBe('(0, 1, 2)');

    const none = 'logistic()';
    const e0 = specErrorOf(none);
    expect(e0.message).toMatch(/got 0/);
    expect(underlined(none, e0)).toBe('()');
  });

  it('rejects a zero or negative scale, naming the parameter and underlining the argument list that holds it', () => {
    const zero = 'normal(0, 0)';
    const e0 = specErrorOf(zero);
    expect(e0.message).toMatch(/sd must be positive/);
    expect(underlined(zero, e0)).toBe('(0, 0)');

    const negative = '0.4*normal(0, 1) + 0.6*laplace(2, -0.5)';
    const en = specErrorOf(negative);
    expect(en.message).toMatch(/scale must be positive/);
    expect(en.message).toMatch(/-0\.5/);
    expect(underlined(negative, en)).toBe('(2, -0.5)');
  });

  it('rejects a non-finite parameter such as an overflowing exponent', () => {
    const text = 'cauchy(0, 1e400)';
    const e = specErrorOf(text);
    expect(e.message).toMatch(/scale must be a finite number/);
    expect(underlined(text, e)).toBe('(0, 1e400)');
  });

  it('rejects a uniform whose high is not above its low', () => {
    for (const args of ['(3, 1)', '(2, 2)']) {
      const text = `uniform${args}`;
      const e = specErrorOf(text);
      expect(e.message).toMatch(/high must be greater than low/);
      expect(underlined(text, e)).toBe(args);
    }
  });

  it('rejects a zero or negative weight and underlines the weight', () => {
    const zero = '0*normal(0, 1) + 1*laplace(0, 1)';
    const e0 = specErrorOf(zero);
    expect(e0.message).toMatch(/weight 0 of component 1 must be positive/);
    expect(underlined(zero, e0)).toBe('0');

    const negative = '1.2*normal(0, 1) + -0.2*laplace(0, 1)';
    const en = specErrorOf(negative);
    expect(en.message).toMatch(/weight -0\.2 of component 2 must be positive/);
    expect(underlined(negative, en)).toBe('-0.2');
  });

  it('rejects weights summing to 0.97, saying so, and underlines the whole spec', () => {
    const text = '0.5*normal(0, 1) + 0.47*cauchy(0, 1)';
    const e = specErrorOf(text);
    expect(e.message).toContain('0.97');
    expect(e.message).toMatch(/weights sum to 0\.97, not 1/);
    expect(underlined(text, e)).toBe(text);
  });

  it('rejects a lone component whose weight is not 1', () => {
    const e = specErrorOf('0.5*normal(0, 1)');
    expect(e.message).toMatch(/weights sum to 0\.5/);
  });

  it('rejects trailing garbage and underlines it', () => {
    const word = 'normal(0, 1) extra';
    const ew = specErrorOf(word);
    expect(ew.message).toMatch(/unexpected 'extra'/);
    expect(underlined(word, ew)).toBe('extra');

    const paren = 'normal(0, 1))';
    const ep = specErrorOf(paren);
    expect(ep.message).toMatch(/unexpected '\)'/);
    expect(underlined(paren, ep)).toBe(')');

    const number = 'normal(0, 1) 5';
    const en = specErrorOf(number);
    expect(underlined(number, en)).toBe('5');
  });

  it('rejects a dangling plus, pointing at the end of the text', () => {
    const text = 'normal(0, 1) +';
    const e = specErrorOf(text);
    expect(e.message).toMatch(/the end of the text/);
    expect(e.start).toBe(text.length);
  });

  it('rejects the empty string and whitespace-only text as empty', () => {
    const e = specErrorOf('');
    expect(e.message).toMatch(/empty/);
    expect([e.start, e.end]).toEqual([0, 0]);
    const blank = '  \t ';
    const eb = specErrorOf(blank);
    expect(eb.message).toMatch(/empty/);
    expect(underlined(blank, eb)).toBe(blank);
  });

  it('rejects a mixture component without a weight and underlines that component', () => {
    const first = 'normal(0, 1) + 0.5*laplace(0, 1)';
    const e1 = specErrorOf(first);
    expect(e1.message).toMatch(/component 1 \(normal\) has no weight/);
    expect(underlined(first, e1)).toBe('normal(0, 1)');

    const second = '0.5*normal(0, 1) + laplace(0, 1)';
    const e2 = specErrorOf(second);
    expect(e2.message).toMatch(/component 2 \(laplace\) has no weight/);
    expect(underlined(second, e2)).toBe('laplace(0, 1)');
  });

  it("rejects a weight not followed by '*'", () => {
    const text = '0.5 normal(0, 1)';
    const e = specErrorOf(text);
    expect(e.message).toMatch(/expected '\*' after the weight/);
    expect(underlined(text, e)).toBe('normal');
  });

  it('rejects an unexpected character and underlines exactly that character', () => {
    const text = 'normal(0; 1)';
    const e = specErrorOf(text);
    expect(e.message).toMatch(/unexpected character ';' at position 9/);
    expect([e.start, e.end]).toEqual([8, 9]);
    expect(underlined(text, e)).toBe(';');

    const minus = '0.5*normal(0, 1) - 0.5*normal(1, 1)';
    const em = specErrorOf(minus);
    expect(em.message).toMatch(/unexpected character '-'/);
    expect(underlined(minus, em)).toBe('-');
  });

  it('throws the same SpecError from parseDistribution', () => {
    const text = 'normal(0, 1) extra';
    const e = specErrorOf(text, parseDistribution);
    expect(underlined(text, e)).toBe('extra');
  });

  it('rejects non-string input with a SpecError', () => {
    expect(() => parseComponents(42 as unknown as string)).toThrow(SpecError);
  });
});

describe('round trip through the spec text', () => {
  const FAMILIES: FamilyName[] = ['normal', 'laplace', 'logistic', 'cauchy', 'uniform'];
  // Any finite double, with −0 folded into +0 (the text "0" cannot carry the sign of zero).
  const finiteDouble = fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => (x === 0 ? 0 : x));
  // Scales below ~1e-308 are refused (their densities overflow), so the property draws from representable ones.
  const positiveDouble = fc.double({ min: 1e-300, noNaN: true, noDefaultInfinity: true });

  // Components outside what double precision can compute with (centres beyond ±1e300, widths below 2^-42 of the
  // centre) are refused by design; the property is about the ones accepted.
  const component = (weight: number): fc.Arbitrary<ComponentSpec> =>
    anyComponent(weight).filter((c) => findProblem([{ ...c, weight: 1 }]) === undefined);
  const anyComponent = (weight: number): fc.Arbitrary<ComponentSpec> =>
    fc.constantFrom(...FAMILIES).chain((family): fc.Arbitrary<ComponentSpec> => {
      if (family === 'uniform') {
        return fc
          .tuple(finiteDouble, finiteDouble)
          .filter(([a, b]) => a !== b && Number.isFinite(Math.abs(a - b)) && Number.isFinite(1 / Math.abs(a - b)))
          .map(([a, b]) => ({ family, params: [Math.min(a, b), Math.max(a, b)] as [number, number], weight }));
      }
      return fc.tuple(finiteDouble, positiveDouble).map(([a, b]) => ({ family, params: [a, b] as [number, number], weight }));
    });

  // Positive integer shares normalised to weights; their float sum is 1 within a few ulps, far inside the 1e-9 tolerance.
  const components: fc.Arbitrary<ComponentSpec[]> = fc
    .array(fc.integer({ min: 1, max: 1_000_000_000 }), { minLength: 1, maxLength: 6 })
    .chain((shares) => {
      const total = shares.reduce((a, b) => a + b, 0);
      return fc.tuple(...shares.map((s) => component(shares.length === 1 ? 1 : s / total)));
    });

  it('gives back identical components for random component lists (property)', () => {
    fc.assert(
      fc.property(components, (list) => {
        const d = new Distribution(list);
        const text = formatDistribution(d);
        expect(parseComponents(text)).toEqual(list);
        expect(parseDistribution(text).components).toEqual(d.components);
      }),
      { numRuns: 500 },
    );
  });

  it('gives back identical components for randomMixture outputs (property over seeds)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 8 }), (seed, maxComponents) => {
        const d = randomMixture(createRandom(seed), { maxComponents });
        expect(parseDistribution(formatDistribution(d)).components).toEqual(d.components);
      }),
      { numRuns: 500 },
    );
  });

  it('gives back identical components for the first 300 seeds of randomMixture, including those with 5 components', () => {
    for (let seed = 0; seed < 300; seed++) {
      const d = randomMixture(createRandom(seed), { maxComponents: 5 });
      expect(parseDistribution(formatDistribution(d)).components).toEqual(d.components);
    }
  });

  it('reads −0 as a location of 0, the same distribution', () => {
    const d = parseDistribution('normal(-0, 1)');
    expect(formatDistribution(d)).toBe('normal(0, 1)');
    for (const x of [-3, 0, 0.5, 4]) expect(d.pdf(x)).toBe(parseDistribution('normal(0, 1)').pdf(x));
  });

  it('randomMixture never produces a −0 parameter (the text could not carry its sign)', () => {
    for (let seed = 0; seed < 3000; seed++) {
      for (const c of randomMixture(createRandom(seed)).components) for (const v of c.params) expect(Object.is(v, -0)).toBe(false);
    }
  });

  it('formats a single component without a weight and a mixture with one weight per component', () => {
    expect(formatDistribution(parseDistribution('normal(0, 1)'))).toBe('normal(0, 1)');
    expect(formatDistribution(parseDistribution('0.3*normal(-2,0.5)+0.7*laplace(1.5,1)'))).toBe('0.3*normal(-2, 0.5) + 0.7*laplace(1.5, 1)');
  });
});
