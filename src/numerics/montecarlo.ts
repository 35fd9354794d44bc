import type { Distribution } from '../distributions/distribution.ts';
import type { Random } from '../maths/random.ts';

/** A Monte-Carlo mean with its standard error. */
export interface MonteCarloEstimate {
  readonly value: number;
  readonly standardError: number;
  readonly samples: number;
}

/** mean and standard error of g(X) over n draws X ∼ P (Welford's update, so large n stays accurate). */
export function monteCarloExpectation(p: Distribution, g: (x: number) => number, n: number, random: Random): MonteCarloEstimate {
  if (!(n >= 2) || !Number.isInteger(n)) throw new RangeError(`Monte-Carlo needs an integer n ≥ 2, got ${n}`);
  let mean = 0, m2 = 0;
  for (let k = 1; k <= n; k++) {
    const y = g(p.sampleOne(random));
    const d = y - mean;
    mean += d / k;
    m2 += d * (y - mean);
  }
  return { value: mean, standardError: Math.sqrt(m2 / (n - 1) / n), samples: n };
}

/** KL(P‖Q) ≈ (1/n) Σ log p(xᵢ) − log q(xᵢ), xᵢ ∼ P: unbiased, independent of any quadrature. */
export function monteCarloKl(p: Distribution, q: Distribution, n: number, random: Random): MonteCarloEstimate {
  return monteCarloExpectation(p, (x) => p.logPdf(x) - q.logPdf(x), n, random);
}

/** JSD(P‖Q) ≈ ½ E_P[log(2p/(p+q))] + ½ E_Q[log(2q/(p+q))], each half from n draws. */
export function monteCarloJsd(p: Distribution, q: Distribution, n: number, random: Random): MonteCarloEstimate {
  const half = (a: Distribution, b: Distribution) =>
    monteCarloExpectation(a, (x) => {
      const la = a.logPdf(x), lb = b.logPdf(x);
      return Math.LN2 + la - (la > lb ? la + Math.log1p(Math.exp(lb - la)) : lb + Math.log1p(Math.exp(la - lb)));
    }, n, random);
  const u = half(p, q), v = half(q, p);
  return { value: 0.5 * (u.value + v.value), standardError: 0.5 * Math.hypot(u.standardError, v.standardError), samples: 2 * n };
}
