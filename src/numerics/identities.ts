/**
 * The identities the theory pages rely on, each re-checked numerically over random mixtures. Every check
 * compares two quantities computed by different routes (different integrands, closed forms, an explicit
 * mixture, a search, a Monte-Carlo average), so a bug in one route shows up as a failure rather than agreeing
 * with itself. Statements that hold by construction of the code (KL(P‖P) = 0 from an integrand that is 0 when
 * its two arguments are equal, JSD's symmetry from a symmetric integrand, D* = ½ from a logit a − a) are not
 * listed: they could not fail.
 */
import { Distribution, mixtureOf } from '../distributions/distribution.ts';
import { randomMixture } from '../distributions/random-mixture.ts';
import { crossEntropy, entropy, jsDivergence, klDivergence } from './divergences.ts';
import { optimalDiscriminator, valueFunction, valueGap, virtualTrainingCriterion, withLogitOffset } from './discriminator.ts';
import { integrateLine } from '../maths/quadrature.ts';
import { integrateOver, quadratureGrid } from './divergences.ts';
import { argmaxUnimodal } from '../maths/optimize.ts';
import { totalVariation } from './total-variation.ts';
import { createRandom, type Random } from '../maths/random.ts';

export interface IdentityResult {
  readonly id: string;
  /** The identity in words and symbols. */
  readonly statement: string;
  /** The theory page that relies on it. */
  readonly page: string;
  readonly tolerance: number;
  readonly cases: number;
  /** Largest violation seen (0 is perfect). */
  readonly maxError: number;
  /** The case that gave the largest violation. */
  readonly worstCase: string;
  readonly passed: boolean;
}

interface Identity {
  readonly id: string;
  readonly statement: string;
  readonly page: string;
  readonly tolerance: number;
  /** The violation for one random pair (non-negative; +∞ or NaN fail). */
  check(p: Distribution, q: Distribution, random: Random): { error: number; label?: string };
}

const single = (family: 'normal' | 'laplace' | 'cauchy', a: number, b: number) => new Distribution([{ family, params: [a, b], weight: 1 }]);

const finiteOr = (a: number, b: number): number => (a === Infinity && b === Infinity ? 0 : Math.abs(a - b));

export const IDENTITIES: readonly Identity[] = [
  {
    id: 'normalised',
    statement: '∫ p(x) dx = 1 and F(x) = ∫_{−∞}^x p for every distribution',
    page: 'all pages',
    tolerance: 1e-10,
    check(p, _q, random) {
      const total = integrateOver((x) => p.pdf(x), [p]).value;
      const grid = quadratureGrid(p);
      const x = p.quantile(random.uniform());
      const below = integrateLine((t) => (t <= x ? p.pdf(t) : 0), [...grid.breakpoints, x], { tailScale: grid.tailScale }).value;
      return { error: Math.max(Math.abs(total - 1), Math.abs(below - p.cdf(x))) };
    },
  },
  {
    id: 'kl-decomposition',
    statement: 'KL(P‖Q) = H(P, Q) − H(P) ≥ 0 (Gibbs), the step from likelihood to KL',
    page: 'mle-is-kl',
    tolerance: 1e-9,
    check(p, q) {
      const kl = klDivergence(p, q).value;
      const gap = crossEntropy(p, q).value - entropy(p).value;
      return { error: Math.max(finiteOr(kl, gap), -Math.min(0, gap)) };
    },
  },
  {
    id: 'likelihood-is-cross-entropy',
    statement: 'the average log-likelihood (1/m) Σ log Q(xᵢ), xᵢ ∼ P, tends to −H(P, Q) (within 5 standard errors at m = 20,000)',
    page: 'mle-is-kl',
    tolerance: 5,
    check(p, q, random) {
      const h = crossEntropy(p, q).value;
      if (!Number.isFinite(h)) return { error: 0, label: 'H(P, Q) = ∞: skipped' };
      const m = 20000;
      let mean = 0, m2 = 0;
      for (let k = 1; k <= m; k++) {
        const y = q.logPdf(p.sampleOne(random));
        const d = y - mean;
        mean += d / k;
        m2 += d * (y - mean);
      }
      const se = Math.sqrt(m2 / (m - 1) / m);
      // In standard errors, so the tolerance is a number of standard errors.
      return { error: Math.abs(mean + h) / Math.max(se, 1e-12) };
    },
  },
  {
    id: 'kl-closed-forms',
    statement: 'quadrature KL equals the closed forms for two normals, two Laplaces and two Cauchys',
    page: 'kl-asymmetry',
    tolerance: 1e-9,
    check(_p, _q, random) {
      const u = () => 4 * random.uniform() - 2;
      const s = () => 0.2 + 2 * random.uniform();
      const [m1, m2, s1, s2] = [u(), u(), s(), s()];
      const normal = Math.log(s2 / s1) + (s1 * s1 + (m1 - m2) ** 2) / (2 * s2 * s2) - 0.5;
      const laplace = Math.log(s2 / s1) + Math.abs(m1 - m2) / s2 + (s1 / s2) * Math.exp(-Math.abs(m1 - m2) / s1) - 1;
      const cauchy = Math.log(((s1 + s2) ** 2 + (m1 - m2) ** 2) / (4 * s1 * s2));
      const errors = [
        Math.abs(klDivergence(single('normal', m1, s1), single('normal', m2, s2)).value - normal) / Math.max(1, normal),
        Math.abs(klDivergence(single('laplace', m1, s1), single('laplace', m2, s2)).value - laplace) / Math.max(1, laplace),
        Math.abs(klDivergence(single('cauchy', m1, s1), single('cauchy', m2, s2)).value - cauchy) / Math.max(1, cauchy),
      ];
      return { error: Math.max(...errors), label: `(${m1.toFixed(3)}, ${s1.toFixed(3)}) vs (${m2.toFixed(3)}, ${s2.toFixed(3)})` };
    },
  },
  {
    id: 'jsd-midpoint',
    statement: 'JSD(P‖Q) = ½ KL(P‖M) + ½ KL(Q‖M) with M = ½P + ½Q built as an explicit mixture',
    page: 'value-is-jsd',
    tolerance: 1e-9,
    check(p, q) {
      const m = mixtureOf([{ weight: 0.5, distribution: p }, { weight: 0.5, distribution: q }]);
      return { error: Math.abs(jsDivergence(p, q).value - 0.5 * (klDivergence(p, m).value + klDivergence(q, m).value)) };
    },
  },
  {
    id: 'jsd-entropy-form',
    statement: 'JSD(P‖Q) = H(M) − ½H(P) − ½H(Q): three entropies against the KL form of the JSD',
    page: 'value-is-jsd',
    tolerance: 1e-9,
    check(p, q) {
      const m = mixtureOf([{ weight: 0.5, distribution: p }, { weight: 0.5, distribution: q }]);
      return { error: Math.abs(jsDivergence(p, q).value - (entropy(m).value - 0.5 * entropy(p).value - 0.5 * entropy(q).value)) };
    },
  },
  {
    id: 'jsd-tv-bounds',
    statement: 'TV²/2 ≤ JSD(P‖Q) ≤ log 2 · TV, TV = ½∫|p − q| (so 0 ≤ JSD ≤ log 2); an inequality, its error is the violation',
    page: 'value-is-jsd',
    tolerance: 1e-10,
    check(p, q) {
      const j = jsDivergence(p, q).value, tv = totalVariation(p, q).value;
      return { error: Math.max(0, (tv * tv) / 2 - j, j - Math.LN2 * tv), label: `JSD = ${j.toPrecision(6)}, TV = ${tv.toPrecision(6)}` };
    },
  },
  {
    id: 'c-of-g',
    statement: 'C(G) = V(G, D*) = −log 4 + 2·JSD(Pdata‖PG)',
    page: 'value-is-jsd',
    tolerance: 1e-9,
    check(p, q) {
      return { error: Math.abs(virtualTrainingCriterion(p, q).value - (-Math.log(4) + 2 * jsDivergence(p, q).value)) };
    },
  },
  {
    id: 'pointwise-maximiser',
    statement: 'y ↦ a·log y + b·log(1 − y) is maximised at y = a/(a + b)',
    page: 'optimal-discriminator',
    tolerance: 1e-7,
    check(_p, _q, random) {
      const a = 0.01 + 5 * random.uniform(), b = 0.01 + 5 * random.uniform();
      const y = argmaxUnimodal((t) => a * Math.log(t) + b * Math.log1p(-t), 1e-12, 1 - 1e-12);
      return { error: Math.abs(y - a / (a + b)), label: `a = ${a.toFixed(4)}, b = ${b.toFixed(4)}` };
    },
  },
  {
    id: 'd-star-pointwise',
    statement: 'D*(x) = p_data(x)/(p_data(x) + p_g(x)) is the searched maximiser of p_data(x)·log y + p_g(x)·log(1 − y), at random x',
    page: 'optimal-discriminator',
    tolerance: 1e-7,
    check(p, q, random) {
      const x = (random.uniform() < 0.5 ? p : q).quantile(random.uniform());
      const a = p.pdf(x), b = q.pdf(x);
      if (a === 0 && b === 0) return { error: 0, label: `both densities are 0 at x = ${x}: skipped` };
      const y = argmaxUnimodal((t) => (a > 0 ? a * Math.log(t) : 0) + (b > 0 ? b * Math.log1p(-t) : 0), 1e-12, 1 - 1e-12);
      return { error: Math.abs(y - optimalDiscriminator(p, q)(x)), label: `x = ${x.toPrecision(6)}: P = ${p}; Q = ${q}` };
    },
  },
  {
    id: 'd-star-optimal',
    statement: 'for a perturbed D, C(G) − V(G, D) = ∫ (p + q)·KL(Bernoulli(D*) ‖ Bernoulli(D)) ≥ 0',
    page: 'optimal-discriminator',
    tolerance: 1e-9,
    check(p, q, random) {
      const dStar = optimalDiscriminator(p, q);
      const centre = p.quantile(random.uniform()), width = 0.3 + random.uniform(), height = 4 * random.uniform() - 2, shift = random.uniform() - 0.5;
      const bend = (x: number) => shift + height * Math.exp(-(((x - centre) / width) ** 2));
      const d = withLogitOffset(dStar, bend);
      const gap = virtualTrainingCriterion(p, q).value - valueFunction(p, q, d).value;
      const expected = valueGap(p, q, d).value;
      return { error: Math.max(Math.abs(gap - expected), -Math.min(0, gap)) };
    },
  },
];

export interface VerifyOptions {
  readonly seed?: number;
  /** Random pairs per identity (default 100). */
  readonly pairs?: number;
  /** Replace identities (tests use this to show that a broken identity fails). */
  readonly identities?: readonly Identity[];
  /** Called after each identity finishes, for progress. */
  readonly onResult?: (result: IdentityResult, index: number, total: number) => void;
}

/** Runs every identity over `pairs` random mixture pairs (the same pairs for every identity). */
export function verifyIdentities(options: VerifyOptions = {}): IdentityResult[] {
  const seed = options.seed ?? 2014;
  const pairs = options.pairs ?? 100;
  const identities = options.identities ?? IDENTITIES;
  const source = createRandom(seed);
  const cases = Array.from({ length: pairs }, () => [randomMixture(source), randomMixture(source)] as const);
  return identities.map((identity, index) => {
    const random = createRandom(seed + 1 + index);
    let maxError = 0;
    let worstCase = '';
    let passed = true;
    for (const [p, q] of cases) {
      let error: number, label: string | undefined;
      try {
        ({ error, label } = identity.check(p, q, random));
      } catch (e) {
        error = NaN;
        label = `threw ${(e as Error).message}`;
      }
      if (!(error <= identity.tolerance)) passed = false;
      // NaN (a check that threw or produced nonsense) counts as the worst possible error.
      const size = Number.isNaN(error) ? Infinity : error;
      if (size > maxError || worstCase === '') {
        maxError = size;
        worstCase = label ?? `P = ${p}; Q = ${q}`;
      }
    }
    const result: IdentityResult = { ...identity, cases: pairs, maxError, worstCase, passed };
    options.onResult?.(result, index, identities.length);
    return result;
  });
}

export type { Identity };
