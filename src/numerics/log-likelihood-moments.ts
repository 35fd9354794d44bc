/**
 * The mean and standard deviation of the log-likelihood log Q(X) for X ∼ P, by quadrature: the mean is
 * −H(P, Q), and the standard deviation sets how far an average of m independent draws strays from it
 * (σ/√m). Exact rather than estimated from the sample, so a check built on it has the tolerance it states.
 */
import type { Distribution } from '../distributions/distribution.ts';
import { crossEntropy, integrateOver } from './divergences.ts';

/** { mean: E_P[log Q], sd: √Var_P[log Q] }; mean −∞ and sd NaN when H(P, Q) is infinite. */
export function logLikelihoodMoments(p: Distribution, q: Distribution): { readonly mean: number; readonly sd: number } {
  const mean = -crossEntropy(p, q).value;
  if (!Number.isFinite(mean)) return { mean, sd: NaN };
  const variance = integrateOver((x) => {
    const lp = p.logPdf(x);
    if (lp === -Infinity) return 0;
    const d = q.logPdf(x) - mean;
    return Math.exp(lp) * d * d;
  }, [p, q]).value;
  return { mean, sd: Math.sqrt(variance) };
}
