/**
 * The exact push-forward density p_g of x = G(z), z ~ N(0, 1), against closed forms (affine, z², z³, tanh, the
 * three-branch cubic z³ − 3z, |z|, cos z), its mass, the fold singularity, a Monte-Carlo histogram, atoms from
 * flat pieces, and the numerics core computing with it as with any density.
 */
import erfc from '@stdlib/math-base-special-erfc';
import { describe, expect, it } from 'vitest';
import { PushForward } from '../../src/distributions/pushforward.ts';
import { parseDistribution } from '../../src/distributions/spec.ts';
import { softplus } from '../../src/maths/logmath.ts';
import { integrateLine } from '../../src/maths/quadrature.ts';
import { createRandom } from '../../src/maths/random.ts';
import { optimalDiscriminator, valueFunction, virtualTrainingCriterion } from '../../src/numerics/discriminator.ts';
import { entropy, integrateOver, jsDivergence, klDivergence, klIntegrand } from '../../src/numerics/divergences.ts';
import { logAddExp, sigmoid } from '../../src/maths/logmath.ts';

const phi = (z: number) => Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
const Phi = (z: number) => 0.5 * erfc(-z / Math.SQRT2);
const relErr = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

/** Asserts |actual − expected| ≤ tol·|expected| at every x, printing the worst point when it fails. */
function expectDensity(pg: PushForward, exact: (x: number) => number, xs: readonly number[], tol: number): void {
  let worst = 0, at = NaN;
  for (const x of xs) {
    const e = relErr(pg.pdf(x), exact(x));
    if (!(e <= worst)) [worst, at] = [e, x];
  }
  expect(worst, `worst relative error ${worst} at x = ${at}`).toBeLessThanOrEqual(tol);
}

const range = (a: number, b: number, n: number) => Array.from({ length: n }, (_, i) => a + ((b - a) * (i + 0.5)) / n);

describe('PushForward against closed forms', () => {
  it('an affine map a + b·z pushes N(0, 1) forward to normal(a, |b|)', () => {
    const pg = new PushForward((z) => 1 - 2 * z, () => -2);
    const normal = parseDistribution('normal(1, 2)');
    expectDensity(pg, (x) => normal.pdf(x), range(-15, 17, 301), 1e-13);
    expect(Math.abs(pg.logPdf(60) - normal.logPdf(60))).toBeLessThan(1e-10); // far tail, where the density underflows
    for (const x of [-3, 0, 1, 2.5, 7]) expect(Math.abs(pg.cdf(x) - normal.cdf(x))).toBeLessThan(1e-15);
    expect(pg.pieces).toHaveLength(1);
    expect(pg.supportHull).toEqual([-Infinity, Infinity]);
  });

  it('z² gives the χ²₁ density φ(√x)/√x on x > 0, with its fold at 0', () => {
    const pg = new PushForward((z) => z * z, (z) => 2 * z);
    expectDensity(pg, (x) => phi(Math.sqrt(x)) / Math.sqrt(x), [1e-12, 1e-8, 1e-4, ...range(0, 40, 200)], 1e-12);
    expect(pg.pdf(-0.5)).toBe(0);
    expect(pg.pieces.map((p) => p.direction)).toEqual([-1, 1]);
    expect(pg.criticalPoints).toEqual([{ z: 0, x: 0, kind: 'fold' }]);
    for (const x of [0.01, 1, 4]) expect(Math.abs(pg.cdf(x) - (2 * Phi(Math.sqrt(x)) - 1))).toBeLessThan(1e-15);
  });

  it('z³ gives φ(x^(1/3)) / (3 x^(2/3)), singular at 0 where G′ touches 0 without changing sign', () => {
    const pg = new PushForward((z) => z ** 3, (z) => 3 * z * z);
    expectDensity(pg, (x) => phi(Math.cbrt(x)) / (3 * Math.cbrt(x) ** 2), [-1e-9, 1e-9, ...range(-30, 30, 300)], 1e-12);
    expect(pg.pieces).toHaveLength(2);
  });

  it('−tanh(z), decreasing over the whole line, gives the same density with its one piece read as decreasing', () => {
    const pg = new PushForward((z) => -Math.tanh(z), (z) => -(1 - Math.tanh(z) ** 2));
    expect(pg.pieces.map((p) => p.direction)).toEqual([-1]);
    expectDensity(pg, (x) => phi(Math.atanh(x)) / (1 - x * x), range(-0.999, 0.999, 100), 1e-11);
    expect(Math.abs(pg.mass.total - 1)).toBeLessThan(1e-9);
  });

  it('tanh(z) gives φ(atanh x) / (1 − x²) on (−1, 1)', () => {
    const pg = new PushForward(Math.tanh, (z) => 1 - Math.tanh(z) ** 2);
    expectDensity(pg, (x) => phi(Math.atanh(x)) / (1 - x * x), range(-0.999, 0.999, 400), 1e-11);
    expect(pg.supportHull).toEqual([-1, 1]);
    expect(pg.tails).toEqual({ left: 'bounded', right: 'bounded' });
  });

  it('the three-branch cubic z³ − 3z sums φ(z)/|3z² − 3| over all three roots of z³ − 3z = x', () => {
    const pg = new PushForward((z) => z ** 3 - 3 * z, (z) => 3 * z * z - 3);
    const exact = (x: number) => {
      if (Math.abs(x) < 2) {
        // Three real roots 2cos((acos(x/2) + 2πk)/3) (Viète's trigonometric solution).
        const t = Math.acos(x / 2);
        return [0, 1, 2].reduce((s, k) => {
          const z = 2 * Math.cos((t + 2 * Math.PI * k) / 3);
          return s + phi(z) / Math.abs(3 * z * z - 3);
        }, 0);
      }
      // One real root (Cardano): z = cbrt(x/2 + √(x²/4 − 1)) + cbrt(x/2 − √(x²/4 − 1)).
      const r = Math.sqrt((x * x) / 4 - 1);
      const z = Math.cbrt(x / 2 + r) + Math.cbrt(x / 2 - r);
      return phi(z) / Math.abs(3 * z * z - 3);
    };
    expectDensity(pg, exact, range(-1.99, 1.99, 200), 1e-11);
    expectDensity(pg, exact, [-10, -5, -2.5, 2.5, 5, 10], 1e-11);
    expect(pg.pieces).toHaveLength(3);
    expect(pg.criticalPoints.map((c) => [+c.z.toFixed(12), +c.x.toFixed(12)])).toEqual([[-1, 2], [1, -2]]);
  });

  it('|z| has a kink, not a fold, and gives the half-normal 2φ(x)', () => {
    const pg = new PushForward(Math.abs, (z) => Math.sign(z));
    expectDensity(pg, (x) => 2 * phi(x), range(0, 8, 100), 1e-13);
    expect(pg.criticalPoints.map((c) => c.kind)).toEqual(['kink']);
  });

  it('finds two folds closer together than its grid (z³ − 3a²z with a = 0.004)', () => {
    const a = 0.004;
    const pg = new PushForward((z) => z ** 3 - 3 * a * a * z, (z) => 3 * z * z - 3 * a * a);
    expect(pg.pieces).toHaveLength(3);
    expect(pg.criticalPoints.map((c) => c.z)).toEqual([expect.closeTo(-a, 12), expect.closeTo(a, 12)]);
  });
});

describe('mass and the fold singularity', () => {
  const maps: [string, (z: number) => number, (z: number) => number][] = [
    ['1 − 2z', (z) => 1 - 2 * z, () => -2],
    ['z²', (z) => z * z, (z) => 2 * z],
    ['z³', (z) => z ** 3, (z) => 3 * z * z],
    ['tanh z', Math.tanh, (z) => 1 - Math.tanh(z) ** 2],
    ['z³ − 3z', (z) => z ** 3 - 3 * z, (z) => 3 * z * z - 3],
    ['sin 2z', (z) => Math.sin(2 * z), (z) => 2 * Math.cos(2 * z)],
    ['sin 2z + 0.3z', (z) => Math.sin(2 * z) + 0.3 * z, (z) => 2 * Math.cos(2 * z) + 0.3],
  ];
  for (const [name, g, dg] of maps) {
    it(`${name}: the density integrates over x to 1 within 1e-9`, () => {
      const m = new PushForward(g, dg).mass;
      expect(Math.abs(m.total - 1)).toBeLessThanOrEqual(1e-9);
      expect(m.atoms).toBe(0);
    });
  }

  it('integrates across folds to the closed forms: E[e^(−z²)] = 1/√3 through z², E[cos z] = e^(−1/2) through cos z', () => {
    const square = new PushForward((z) => z * z, (z) => 2 * z);
    expect(Math.abs(square.integrate((x) => Math.exp(-x)).value - 1 / Math.sqrt(3))).toBeLessThan(1e-11);
    const cos = new PushForward(Math.cos, (z) => -Math.sin(z));
    expect(cos.criticalPoints.length).toBeGreaterThan(6); // folds at x = ±1 for every z = kπ
    expect(Math.abs(cos.integrate((x) => x).value - Math.exp(-0.5))).toBeLessThan(1e-11);
    expect(Math.abs(cos.integrate((x) => x * x).value - (1 + Math.exp(-2)) / 2)).toBeLessThan(1e-11);
    // The mass next to the fold: P(z² ≤ ε) = erf(√(ε/2)) ≈ 0.8·√ε, from the density alone.
    const eps = 1e-6;
    const near = integrateLine((x) => (x > 0 && x < eps ? square.pdf(x) : 0), [0, eps, ...square.breakpoints.filter((b) => b < eps)]);
    expect(relErr(near.value, 1 - 2 * Phi(-Math.sqrt(eps)))).toBeLessThan(1e-8);
  });

  it('a histogram of 10⁶ draws of sin(2z) + 0.3z agrees with the density bin by bin within 4.5 standard errors', () => {
    const pg = new PushForward((z) => Math.sin(2 * z) + 0.3 * z, (z) => 2 * Math.cos(2 * z) + 0.3);
    const n = 1_000_000, bins = 40, lo = -2.5, hi = 2.5, w = (hi - lo) / bins;
    const counts = new Float64Array(bins);
    for (const x of pg.sample(createRandom(12), n)) if (x >= lo && x < hi) counts[Math.floor((x - lo) / w)]!++;
    let chi2 = 0;
    for (let b = 0; b < bins; b++) {
      const a = lo + b * w, c = a + w;
      const cuts = [a, c, ...pg.breakpoints.filter((x) => x > a && x < c)];
      const p = integrateLine((x) => (x > a && x < c ? pg.pdf(x) : 0), cuts).value;
      const se = Math.sqrt(n * p * (1 - p));
      expect(Math.abs(counts[b]! - n * p), `bin [${a}, ${c})`).toBeLessThan(4.5 * se);
      chi2 += (counts[b]! - n * p) ** 2 / (n * p);
    }
    // χ² with 40 degrees of freedom: its 99.9 % point is 73.4.
    expect(chi2).toBeLessThan(73.4);
  });
});

describe('flat pieces are atoms', () => {
  it('max(z, 0) puts an atom of mass ½ at 0 and the half-normal density on x > 0', () => {
    const pg = new PushForward((z) => Math.max(z, 0), (z) => (z > 0 ? 1 : 0));
    expect(pg.atoms).toHaveLength(1);
    expect(pg.atoms[0]!.x).toBe(0);
    expect(pg.atoms[0]!.mass).toBeCloseTo(0.5, 15);
    expect(pg.mass.continuous).toBeCloseTo(0.5, 12);
    expect(Math.abs(pg.mass.total - 1)).toBeLessThan(1e-12);
    expect(pg.pdf(1)).toBeCloseTo(phi(1), 14);
    expect(pg.cdf(0)).toBeCloseTo(0.5, 15);
  });

  it('clipping z to [−1, 1] gives two atoms of mass Φ(−1) and φ(x) between them', () => {
    const pg = new PushForward((z) => Math.min(1, Math.max(-1, z)), (z) => (Math.abs(z) < 1 ? 1 : 0));
    expect(pg.atoms.map((a) => a.x)).toEqual([-1, 1]);
    for (const a of pg.atoms) expect(Math.abs(a.mass - Phi(-1))).toBeLessThan(1e-15);
    expect(Math.abs(pg.mass.continuous - (1 - 2 * Phi(-1)))).toBeLessThan(1e-11);
    expect(pg.pdf(0.3)).toBeCloseTo(phi(0.3), 14);
  });

  it('a constant generator (total mode collapse) is one atom of mass 1 and no density', () => {
    const pg = new PushForward(() => 0.7, () => 0);
    expect(pg.atoms).toEqual([{ x: 0.7, mass: 1, z: [-Infinity, Infinity] }]);
    expect(pg.pieces).toHaveLength(0);
    expect(pg.mass.total).toBe(1);
  });
});

describe('the numerics core computes with a push-forward as with any density', () => {
  const pData = parseDistribution('0.5*normal(-2, 0.5) + 0.5*normal(2, 0.5)');

  it('an affine push-forward gives the same KL, JSD and C(G) as normal(a, |b|)', () => {
    const pg = new PushForward((z) => 0.3 + 1.5 * z, () => 1.5);
    const normal = parseDistribution('normal(0.3, 1.5)');
    expect(relErr(jsDivergence(pData, pg).value, jsDivergence(pData, normal).value)).toBeLessThan(1e-10);
    expect(relErr(klDivergence(pData, pg).value, klDivergence(pData, normal).value)).toBeLessThan(1e-10);
    expect(relErr(virtualTrainingCriterion(pData, pg).value, virtualTrainingCriterion(pData, normal).value)).toBeLessThan(1e-10);
  });

  it('for a folded G the core’s JSD matches the same JSD written as a p_data integral plus an expectation over z', () => {
    const pg = new PushForward((z) => 2 * Math.sin(1.5 * z) + 0.4 * z, (z) => 3 * Math.cos(1.5 * z) + 0.4);
    const core = jsDivergence(pData, pg);
    // JSD = ½∫ p log(2p/(p+q)) dx + ½ E_z[log(2q/(p+q))(G(z))]; the second term has no singularity at the folds.
    const dStar = optimalDiscriminator(pData, pg);
    const first = integrateOver((x) => pData.pdf(x) * (Math.LN2 - softplus(-dStar.logit(x))), [pData, pg]).value;
    const second = pg.expectation((x) => Math.LN2 - softplus(dStar.logit(x))).value;
    expect(Math.abs(core.value - 0.5 * (first + second))).toBeLessThan(1e-7);
    // p_g's support is bounded, p_data's is not: KL(p_data ‖ p_g) = ∞, with the reason.
    expect(klDivergence(pData, pg).value).toBe(Infinity);
    expect(klDivergence(pData, pg).reason).toMatch(/zero density/);
  });

  it('refuses a G that is not finite on the latent range, naming where', () => {
    expect(() => new PushForward((z) => 1 / z, (z) => -1 / (z * z))).toThrow(/not finite at z = 0/);
  });
});

describe('expectations over z with the density itself, and the root solver’s options', () => {
  const cubic = () => new PushForward((z) => z ** 3 - 3 * z, (z) => 3 * z * z - 3);

  it('latentExpectation gives the entropy of χ²₁, ½ + ½ log π − γ/2, from −log p_g over z', () => {
    const pg = new PushForward((z) => z * z, (z) => 2 * z);
    const euler = 0.5772156649015329;
    const exact = 0.5 + 0.5 * Math.log(Math.PI) - euler / 2;
    expect(Math.abs(pg.latentExpectation((_, lp) => -lp).value - exact)).toBeLessThan(1e-11);
    expect(Math.abs(entropy(pg).value - exact)).toBeLessThan(1e-11);
  });

  it('latentExpectation of f(x, log p_g) over z matches the x-quadrature ∫ p_g f dx branch by branch for three branches', () => {
    const pg = cubic();
    // Bounded in log p_g (→ 0 at the folds), so the x-quadrature's reference converges as quickly as the z one.
    const f = (x: number, lp: number) => Math.cos(x) / (1 + Math.exp(lp));
    const overZ = pg.latentExpectation(f).value;
    const overX = pg.integrate((x) => f(x, pg.logPdf(x))).value;
    expect(Math.abs(overZ - overX)).toBeLessThan(1e-11);
  });

  it('a looser root tolerance keeps densities within it of the closed form with fewer evaluations of G', () => {
    let strict = 0, loose = 0;
    const g = (z: number) => Math.sin(2 * z) + 0.3 * z;
    const a = new PushForward((z) => (strict++, g(z)), (z) => 2 * Math.cos(2 * z) + 0.3);
    const b = new PushForward((z) => (loose++, g(z)), (z) => 2 * Math.cos(2 * z) + 0.3, { tolerance: 1e-10 });
    [strict, loose] = [0, 0];
    const xs = range(-2.5, 2.5, 500);
    let worst = 0;
    for (const x of xs) worst = Math.max(worst, relErr(b.pdf(x), a.pdf(x)));
    expect(worst).toBeLessThan(1e-9);
    expect(loose).toBeLessThan(0.8 * strict);
    expect(() => new PushForward(g, Math.cos, { tolerance: 0 })).toThrow(/invalid tolerance/);
  });

  it('a quadrature node that rounds onto a fold value keeps its true offset through the residual', () => {
    // z³ − 3z folds at x = −2 (z = 1): near it p_g·√(x + 2) is constant to O(√δ), so p_g at −2 with residual 1e-20
    // is that constant over 1e-10, not the density at whatever double −2 rounds to.
    const pg = cubic();
    const near = -2 + 1e-14, residual = 1e-14 - (near + 2);
    const c = pg.pdf(near, residual) * Math.sqrt(1e-14);
    expect(relErr(pg.pdf(-2, 1e-20) * 1e-10, c)).toBeLessThan(1e-5);
    // A node that rounded past the fold (to the double below −2) but whose residual carries it back inside.
    const below = -2 - 2 ** -51;
    expect(relErr(pg.pdf(below, 1e-20 - (below + 2)) * 1e-10, c)).toBeLessThan(1e-5);
  });

  it('the x-quadrature over the graded breakpoints and the split core give the same mass, KL, JSD, C(G) and V for a folded G', () => {
    const pData = parseDistribution('0.5*normal(-2, 0.5) + 0.5*normal(2, 0.5)');
    const pg = new PushForward((z) => 2 * Math.sin(1.5 * z) + 0.4 * z, (z) => 3 * Math.cos(1.5 * z) + 0.4);
    // The combined integrands over x (what the core integrates for two mixtures), through p_g's graded cuts.
    const whole = (f: (lp: number, lq: number, x: number) => number) =>
      integrateOver((x, r) => f(pData.logPdf(x, r), pg.logPdf(x, r), x), [pData, pg], { epsrel: 1e-10, epsabs: 1e-11 }).value;
    expect(Math.abs(whole((_, lq) => Math.exp(lq)) - 1)).toBeLessThan(1e-9);
    const jsd = whole((lp, lq) => {
      const lm = logAddExp(lp, lq) - Math.LN2;
      return 0.5 * (klIntegrand(lp, lm) + klIntegrand(lq, lm));
    });
    expect(Math.abs(jsDivergence(pData, pg).value - jsd)).toBeLessThan(1e-9);
    const cOfG = whole((lp, lq) => (lp > -Infinity ? -Math.exp(lp) * softplus(lq - lp) : 0) + (lq > -Infinity ? -Math.exp(lq) * softplus(lp - lq) : 0));
    expect(Math.abs(virtualTrainingCriterion(pData, pg).value - cOfG)).toBeLessThan(1e-9);
    const logit = (x: number) => 1.5 * Math.sin(x) - 0.2 * x;
    const d = Object.assign((x: number) => sigmoid(logit(x)), { logit });
    const v = whole((lp, lq, x) => (lp > -Infinity ? -Math.exp(lp) * softplus(-logit(x)) : 0) + (lq > -Infinity ? -Math.exp(lq) * softplus(logit(x)) : 0));
    expect(Math.abs(valueFunction(pData, pg, d).value - v)).toBeLessThan(1e-9);
    const klGData = whole((lp, lq) => klIntegrand(lq, lp));
    expect(Math.abs(klDivergence(pg, pData).value - klGData)).toBeLessThan(1e-9);
  });
});