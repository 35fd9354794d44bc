/**
 * The panel a theory page recomputes on every drag: KL both ways, JSD, C(G) and D* on 512 grid points, for a
 * few mixture pairs. Prints median and worst time and the density evaluations, against the reference figures of
 * ../shared/BENCH.md (scipy QUADPACK: 6.5 ms for the first pair; target under 2 ms).
 */
import { parseDistribution } from '../src/distributions/spec.ts';
import { divergencePanel, linspace, plotRange } from '../src/numerics/panel.ts';
import { table } from '../src/cli/io.ts';

const PAIRS: readonly { name: string; pdata: string; pg: string; reference?: { kl: number; klr: number; jsd: number } }[] = [
  {
    name: 'BENCH.md pair (3 + 3 normals)',
    pdata: '0.45*normal(-3.5, 1.09) + 0.05*normal(-2.63, 1.35) + 0.5*normal(-2.19, 1.03)',
    pg: '0.18*normal(3.52, 1.82) + 0.54*normal(3.25, 0.97) + 0.28*normal(2.05, 2.36)',
    // scipy/mpmath values quoted in ../shared/BENCH.md
    reference: { kl: 3.6319109850584326, klr: 11.164212396117092, jsd: 0.5933355291992746 },
  },
  {
    name: 'close pair (3 + 3, overlapping)',
    pdata: '0.3*normal(-1, 0.8) + 0.4*laplace(0.5, 0.6) + 0.3*logistic(2, 0.5)',
    pg: '0.35*normal(-0.8, 0.9) + 0.35*laplace(0.4, 0.7) + 0.3*logistic(2.2, 0.6)',
  },
  {
    name: 'Cauchy mixture (3 + 3)',
    pdata: '0.25*cauchy(0, 0.4) + 0.5*logistic(2, 0.8) + 0.25*uniform(-1, 3)',
    pg: '0.4*cauchy(1, 1) + 0.3*normal(0, 3) + 0.3*laplace(-2, 0.5)',
  },
  {
    name: 'uniform edges (3 + 3)',
    pdata: '0.4*uniform(-2, 0) + 0.3*uniform(0.5, 1.5) + 0.3*normal(3, 0.5)',
    pg: '0.5*uniform(-3, 2) + 0.25*laplace(1, 0.3) + 0.25*normal(2.5, 1)',
  },
];

export function benchNumerics(repetitions = 400): void {
  console.log('\n## Numerics panel: KL(P‖Q), KL(Q‖P), JSD, C(G) and D* on 512 points\n');
  const rows: string[][] = [['pair', 'median', 'worst', 'evaluations', 'vs scipy 6.5 ms', 'target < 2 ms']];
  for (const pair of PAIRS) {
    const p = parseDistribution(pair.pdata), q = parseDistribution(pair.pg);
    const grid = linspace(...plotRange(p, q), 512);
    for (let i = 0; i < 50; i++) divergencePanel(p, q, grid); // warm the JIT
    const times: number[] = [];
    let evaluations = 0;
    for (let i = 0; i < repetitions; i++) {
      const t0 = performance.now();
      const panel = divergencePanel(p, q, grid);
      times.push(performance.now() - t0);
      evaluations = panel.evaluations + 2 * grid.length;
      if (pair.reference && i === 0) {
        const err = Math.max(
          Math.abs(panel.klDataG.value - pair.reference.kl),
          Math.abs(panel.klGData.value - pair.reference.klr),
          Math.abs(panel.jsd.value - pair.reference.jsd),
        );
        console.log(`${pair.name}: largest difference from the mpmath-confirmed reference values: ${err.toExponential(1)}`);
      }
    }
    times.sort((a, b) => a - b);
    const median = times[times.length >> 1]!, worst = times[times.length - 1]!;
    rows.push([pair.name, `${median.toFixed(3)} ms`, `${worst.toFixed(3)} ms`, String(evaluations), `${(6.5 / median).toFixed(1)}× faster`, median < 2 ? 'met' : 'MISSED']);
  }
  console.log(`\n${table(rows)}\n\n(evaluations count each integrand point once plus both densities at the 512 grid points; ${repetitions} repetitions)`);
}
