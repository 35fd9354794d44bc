/**
 * `gan-theory pushforward`: the exact density of x = G(z), z ~ N(0, 1), for a generator written as a formula in
 * z, on a grid, with its total mass and point masses; and with --pdata the divergences between p_data and it.
 * The density is the numerics core's {@link PushForward}, the same one the 1-D training page uses for a network.
 */
import { compileMap, FormulaError } from '../distributions/formula.ts';
import { findJump } from '../distributions/map-jumps.ts';
import { PushForward } from '../distributions/pushforward.ts';
import { formatNumber } from '../format.ts';
import { generatorPanel } from '../numerics/generator-panel.ts';
import { linspace, plotRange } from '../numerics/panel.ts';
import { wasserstein1 } from '../numerics/wasserstein.ts';
import { panelJson, parseSpecOption } from './divergence.ts';
import { checkCount, CliError, oneLine, quoteArgument, table, type Io } from './io.ts';

export interface PushforwardOptions {
  readonly g: string;
  readonly pdata?: string;
  readonly from?: number;
  readonly to?: number;
  readonly points: number;
  readonly json?: boolean;
}

/**
 * The divergences' accuracy: a generator that folds many times (sin(2z) folds 16 times over |z| < 12) puts
 * logarithmic singularities into KL's integrand at every fold, and 1e-9 keeps such a call to seconds where the
 * core's default 1e-11 takes a minute. It is still below the 1e-9 asked of the total mass.
 */
const ACCURACY = { epsabs: 1e-10, epsrel: 1e-9 } as const;

/** The push-forward's latent range (its default): beyond it a G that keeps folding is not followed. */
const LATENT_RANGE = 12;

/** The most grid points written, so that a typo cannot ask for gigabytes. */
const MAX_POINTS = 1_000_000;
/** Rows of the table: the grid thinned to about this many. */
const TABLE_ROWS = 41;

/** The generator as a push-forward density, or a CliError (status 2) naming what is wrong with the formula. */
export function generatorFromFormula(text: string): { readonly pG: PushForward; readonly g: (z: number) => number } {
  let map;
  try {
    map = compileMap(text, 'z');
  } catch (e) {
    if (e instanceof FormulaError) throw new CliError(`bad --g: ${e.message}`, 2);
    throw e;
  }
  const jump = findJump(map.value, map.derivative);
  if (jump) {
    // The jump is located to a few ulps; values that small beside the jump's own scale are shown as 0.
    const scale = Math.max(1, Math.abs(jump.from), Math.abs(jump.to));
    const show = (v: number) => formatNumber(Math.abs(v) < 1e-9 * scale ? 0 : v, 6);
    throw new CliError(
      `bad --g: G jumps at z ≈ ${show(jump.z)} (from ${show(jump.from)} to ${show(jump.to)}); the push-forward density is computed for continuous maps (floor, round, sign, mod and conditionals can jump)`,
      2,
    );
  }
  try {
    return { pG: new PushForward(map.value, map.derivative), g: map.value };
  } catch (e) {
    throw new CliError(`bad --g '${quoteArgument(text)}': ${oneLine((e as Error).message)}`, 2);
  }
}

export function runPushforward(options: PushforwardOptions, io: Io): void {
  checkCount(options.points, '--points', 2, MAX_POINTS);
  const { pG } = generatorFromFormula(options.g);
  const pData = options.pdata === undefined ? undefined : parseSpecOption(options.pdata, '--pdata');

  const [autoFrom, autoTo] = pData ? plotRange(pData, pG) : plotRange(pG);
  const from = options.from ?? autoFrom, to = options.to ?? autoTo;
  if (!(to > from)) throw new CliError(`--to must be larger than --from, got --from ${from} --to ${to}`, 2);
  const x = linspace(from, to, options.points);
  const density = Array.from(x, (v) => pG.pdf(v));
  const mass = pG.mass;
  if (Math.abs(mass.total - 1) > 1e-9) {
    io.err(`warning: the computed total mass of p_g is ${mass.total} (continuous ${mass.continuous}, atoms ${mass.atoms}), not 1 to 1e-9: the numbers below are not reliable`);
  }
  const atoms = pG.atoms.map((a) => ({ x: a.x, mass: a.mass }));
  // A G that keeps folding beyond the latent range (sin(2z) + 0.3z) is pushed forward from |z| ≤ 12 only: p_g's
  // support then ends where that part of the line maps, although the few e-33 of latent mass beyond reach further.
  const truncated = pG.pieces.some((p) => p.ends.includes('open') && (Math.abs(p.z0) === LATENT_RANGE || Math.abs(p.z1) === LATENT_RANGE));
  const truncation = truncated
    ? `G keeps folding beyond |z| = ${LATENT_RANGE}, so p_g is pushed forward from |z| ≤ ${LATENT_RANGE} only (the latent mass beyond, ${formatNumber(pG.uncheckedLatentMass, 2)}, is not): its support ends at [${pG.supportHull.map((v) => formatNumber(v, 6)).join(', ')}], and a divergence that is +∞ because p_data has mass outside it is +∞ for that p_g`
    : undefined;
  if (truncation && pData) io.err(`note: ${truncation}`);
  const folds = pG.criticalPoints.map((c) => ({ z: c.z, x: c.x, kind: c.kind }));

  let divergences: ReturnType<typeof panelJson> | undefined;
  if (pData) {
    io.err('computing KL both ways, the JSD, C(G) and W₁ against p_data…');
    const started = performance.now();
    divergences = panelJson(generatorPanel(pData, pG, ACCURACY), wasserstein1(pData, pG, ACCURACY));
    io.err(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }

  if (options.json) {
    io.out(JSON.stringify({ x: Array.from(x), density, mass: mass.total, atoms, folds, truncated, unchecked_latent_mass: pG.uncheckedLatentMass, ...(divergences ?? {}) }));
    return;
  }
  const f = (v: number) => formatNumber(v, 6);
  const step = Math.max(1, Math.round((options.points - 1) / (TABLE_ROWS - 1)));
  const peak = Math.max(...density.filter(Number.isFinite));
  const bar = (d: number) => (peak > 0 && Number.isFinite(d) ? '█'.repeat(Math.round((30 * Math.min(d, peak)) / peak)) : '');
  const rows: string[][] = [['x', 'p_g(x)', '']];
  for (let i = 0; i < options.points; i += step) rows.push([f(x[i]!), f(density[i]!), bar(density[i]!)]);
  const lines = [
    `G(z) = ${options.g.trim()}, z ~ N(0, 1)`,
    `total mass of p_g: ${formatNumber(mass.total, 12)} (continuous part ${formatNumber(mass.continuous, 12)}, point masses ${formatNumber(mass.atoms, 12)})`,
    ...(atoms.length ? [`point masses (G is flat there): ${atoms.map((a) => `${formatNumber(a.mass, 6)} at x = ${formatNumber(a.x, 6)}`).join(', ')}`] : []),
    folds.length
      ? `${folds.length} critical point${folds.length === 1 ? '' : 's'} of G, where p_g is singular like |x − x_c|^(−1/2) at a fold: ${folds.slice(0, 8).map((c) => `x = ${formatNumber(c.x, 5)} (z = ${formatNumber(c.z, 4)}, ${c.kind})`).join(', ')}${folds.length > 8 ? ', …' : ''}`
      : 'G is monotone: p_g(x) = φ(G⁻¹(x)) / |G′(G⁻¹(x))| on one branch',
    ...(truncation ? [truncation] : []),
    '',
    table(rows),
  ];
  if (divergences && pData) {
    const show = (v: number | string) => (typeof v === 'number' ? formatNumber(v, 12) : v === 'Infinity' ? '+∞' : '−∞');
    lines.push(
      '',
      `against P_data = ${pData}`,
      table([
        ['quantity', 'value (nats)'],
        ['KL(P_data ‖ P_G)', show(divergences.kl_data_g)],
        ['KL(P_G ‖ P_data)', show(divergences.kl_g_data)],
        ['JSD(P_data ‖ P_G)', show(divergences.jsd)],
        ['C(G) = V(G, D*)', show(divergences.c_of_g)],
        ['W₁(P_data, P_G)', show(divergences.wasserstein_1)],
      ]),
    );
  }
  io.out(lines.join('\n'));
}
