/** compileMap: a formula in z with its exact derivative; findJump: where such a map is discontinuous. */
import { describe, expect, it } from 'vitest';
import { compileMap, FormulaError } from '../../src/distributions/formula.ts';
import { findJump } from '../../src/distributions/map-jumps.ts';

const sech2 = (z: number) => 1 / Math.cosh(z) ** 2;

describe('compileMap', () => {
  // Derivatives written out by hand, one per rule of the differentiator.
  const cases: readonly (readonly [string, (z: number) => number])[] = [
    ['z^3 - 2*z', (z) => 3 * z * z - 2],
    ['sin(2*z) + 0.3*z', (z) => 2 * Math.cos(2 * z) + 0.3],
    ['tanh(1.5*z - 0.2)', (z) => 1.5 * sech2(1.5 * z - 0.2)],
    ['exp(-z^2/2) * cos(z)', (z) => Math.exp(-z * z / 2) * (-z * Math.cos(z) - Math.sin(z))],
    ['z / (1 + z^2)', (z) => (1 - z * z) / (1 + z * z) ** 2],
    ['log1p(z^2) + log(2 + cos(z))', (z) => (2 * z) / (1 + z * z) - Math.sin(z) / (2 + Math.cos(z))],
    ['erf(z/2)', (z) => Math.exp(-z * z / 4) / Math.sqrt(Math.PI)],
    ['cbrt(z)', (z) => 1 / (3 * Math.cbrt(z) ** 2)],
    ['z^(1/3)', (z) => 1 / (3 * Math.cbrt(z) ** 2)],
    ['atan2(z, 2) + atan(z)', (z) => 2 / (z * z + 4) + 1 / (1 + z * z)],
    ['abs(z - 0.5)', (z) => Math.sign(z - 0.5)],
    ['max(z, 0.5*z, -1)', (z) => (z > 0 ? 1 : z > -2 ? 0.5 : 0)],
    ['min(z^2, 1)', (z) => (z * z < 1 ? 2 * z : 0)],
    ['z > 1 ? z^2 : 2*z - 1', (z) => (z > 1 ? 2 * z : 2)],
    ['2^z', (z) => Math.LN2 * 2 ** z],
    ['pow(2 + sin(z), z)', (z) => (2 + Math.sin(z)) ** z * (Math.log(2 + Math.sin(z)) + (z * Math.cos(z)) / (2 + Math.sin(z)))],
    ['sqrt(1 + z^2) + sinh(z/3) - cosh(z/4)', (z) => z / Math.sqrt(1 + z * z) + Math.cosh(z / 3) / 3 - Math.sinh(z / 4) / 4],
    ['log2(2 + z^2) + log10(3 + z^2) + expm1(z/5)', (z) => (2 * z) / ((2 + z * z) * Math.LN2) + (2 * z) / ((3 + z * z) * Math.LN10) + Math.exp(z / 5) / 5],
    ['asin(z/20) + acos(z/30) + tan(z/10)', (z) => 1 / Math.sqrt(400 - z * z) - 1 / Math.sqrt(900 - z * z) + 1 / (10 * Math.cos(z / 10) ** 2)],
    ['mod(z, 3) + floor(z) + 0.1*round(z) + sign(z)', () => 1],
    ['pi*z + e', () => Math.PI],
  ];
  const points = [-3.7, -2.5, -1.2, -0.3, 0.4, 1.1, 2.6, 3.9];
  it.each(cases)('d/dz %s agrees with the hand-written derivative to 1e-13 (relative)', (formula, expected) => {
    const map = compileMap(formula);
    for (const z of points) {
      const want = expected(z);
      expect(Math.abs(map.derivative(z) - want)).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(want)));
    }
  });

  it('gives the same values as compileFormula would with x for z', () => {
    const map = compileMap('z^3 - 2*z');
    expect(map.value(1.5)).toBe(1.5 ** 3 - 3);
    expect(compileMap('x^3 - 2*x', 'x').value(1.5)).toBe(1.5 ** 3 - 3);
  });

  it('refuses other names and the sandbox escapes with FormulaError', () => {
    expect(() => compileMap('x + 1')).toThrow(/unknown name 'x': a formula may use z, pi and e/);
    expect(() => compileMap('import({}, {})')).toThrow(FormulaError);
    expect(() => compileMap('derivative("z^2", "z")')).toThrow(/the function 'derivative' is not allowed/);
    expect(() => compileMap('z.constructor')).toThrow(/property access/);
    expect(() => compileMap('f(z) = z')).toThrow(/assignments and function definitions/);
  });
});

describe('findJump', () => {
  const jumpOf = (formula: string) => {
    const map = compileMap(formula);
    return findJump(map.value, map.derivative);
  };
  it.each(['z^3 - 2*z', 'sin(50*z)', 'tanh(40*z)', 'abs(z - 1/3)', 'max(z, 0)', 'exp(z^2)', '3', 'z > 1 ? z^2 : 2*z - 1'])('finds none in the continuous map %s', (formula) => {
    expect(jumpOf(formula)).toBeUndefined();
  });
  it.each([
    ['floor(z)', -11, -12, -11],
    ['z > 0.2 ? z : z - 1', 0.2, -0.8, 0.2],
    ['round(z)*0.001 + z', -11.5, -11.512, -11.511],
  ])('finds the first jump of %s at z = %d, from %d to %d', (formula, z, from, to) => {
    const jump = jumpOf(formula)!;
    expect(Math.abs(jump.z - z)).toBeLessThan(1e-12);
    expect(Math.abs(jump.from - from)).toBeLessThan(1e-12);
    expect(Math.abs(jump.to - to)).toBeLessThan(1e-12);
  });
});
