/** The kl-asymmetry page's checks fail for swapped fits, and its table's TeX renders (no dropped backslashes). */
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { parseDistribution } from '../../src/distributions/spec.ts';
import { klDivergence } from '../../src/numerics/divergences.ts';
import { projection } from '../../src/numerics/mle.ts';
import { MACROS } from '../../src/notation.ts';
import { verdictHolds } from '../../notebooks/components/verdict.ts';
import { asymmetryRows, forwardCheck, reverseCheck } from '../../notebooks/pages/kl-asymmetry.ts';

const pData = parseDistribution('0.5*normal(-3, 0.7) + 0.5*normal(3, 0.7)');

describe('the kl-asymmetry checks', () => {
  it('hold for the two fits and fail with the fits swapped', () => {
    const cover = projection(pData, 'normal', 'forward-kl').distribution, seek = projection(pData, 'normal', 'reverse-kl').distribution;
    const fwd = (q: typeof cover) => klDivergence(pData, q).value, rev = (q: typeof cover) => klDivergence(q, pData).value;
    expect(verdictHolds(forwardCheck(fwd(cover), fwd(seek)))).toBe(true);
    expect(verdictHolds(reverseCheck(rev(seek), rev(cover)))).toBe(true);
    expect(verdictHolds(forwardCheck(fwd(seek), fwd(cover)))).toBe(false);
    expect(verdictHolds(reverseCheck(rev(cover), rev(seek)))).toBe(false);
  });

  it('the JSD fit on the default data picks one mode, as the page says, not a point between the fits', () => {
    const jsd = projection(pData, 'normal', 'jsd');
    expect(Math.abs(Math.abs(jsd.params[0]) - 3)).toBeLessThan(0.01);
    expect(Math.abs(jsd.params[1] - 0.7)).toBeLessThan(0.01);
  });

  it('the largest-gap table is valid TeX with its backslashes and no tab characters', () => {
    const rows = asymmetryRows({ locations: Float64Array.of(-1, 0, 1), forward: Float64Array.of(1, 2, 3), reverse: Float64Array.of(1, 2.5, 3) })!;
    expect(rows[0]!.tex).toContain('\\KL(\\pdata\\|q)\\ \\text{at location}\\ 0');
    for (const r of rows) {
      expect(r.tex).not.toMatch(/\t/);
      const html = katex.renderToString(r.tex, { throwOnError: true, output: 'html', macros: { ...MACROS } });
      expect(html).not.toContain('ext{');
    }
    expect(asymmetryRows({ locations: Float64Array.of(0, 1), forward: Float64Array.of(Infinity, Infinity), reverse: Float64Array.of(1, 1) })).toBeUndefined();
  });
});
