/**
 * KL both ways, JSD, C(G) and V(G, D) when p_g may have atoms (a generator with flat pieces puts latent mass on
 * single points). The numerics core integrates the density of p_g's absolutely continuous part; each atom of mass
 * a at x_a (where p_data, having a density, puts no mass) then adds a closed-form term:
 *
 * - JSD: on the atom dP_g/dM = 2, so it adds ½·a·log 2 (the core's integrand already integrates to the rest:
 *   its −p + m terms cancel for any masses).
 * - KL(p_data ‖ p_g): ∫ p log(p/q) as before, but the core's non-negative integrand p log(p/q) − p + q
 *   integrates −p + q to −a, so a is added back.
 * - KL(p_g ‖ p_data) = +∞: p_g has mass where p_data has none.
 * - V(G, D) adds a·log(1 − D(x_a)); C(G) = V(G, D*) with D*(x_a) = 0 adds nothing.
 */
import type { Density } from '../distributions/density.ts';
import { softplus } from '../maths/logmath.ts';
import type { QuadratureOptions } from '../maths/quadrature.ts';
import { optimalDiscriminator, valueFunction, virtualTrainingCriterion, type Discriminator } from './discriminator.ts';
import { jsDivergence, klDivergence, type Estimate } from './divergences.ts';

/** A density that may also carry point masses (a {@link PushForward} does). */
export type DensityWithAtoms = Density & { readonly atoms?: readonly { readonly x: number; readonly mass: number }[] };

export interface GeneratorPanel {
  readonly klDataG: Estimate;
  readonly klGData: Estimate;
  readonly jsd: Estimate;
  /** C(G) = V(G, D*), integrated as a value function. */
  readonly cOfG: Estimate;
  /** −log 4 + 2·JSD, the closed-form side of the identity. */
  readonly cOfGFromJsd: number;
}

const atomMass = (pG: DensityWithAtoms) => (pG.atoms ?? []).reduce((s, a) => s + a.mass, 0);

/** The four numbers of `gan-theory divergence` for (p_data, p_g), atoms of p_g included. */
export function generatorPanel(pData: Density, pG: DensityWithAtoms, options?: QuadratureOptions): GeneratorPanel {
  const a = atomMass(pG);
  const kl = klDivergence(pData, pG, options);
  const klDataG = a > 0 && Number.isFinite(kl.value) ? { ...kl, value: kl.value + a } : kl;
  const klGData: Estimate =
    a > 0 ? { value: Infinity, error: 0, evaluations: 0, reason: `p_g has atoms (total mass ${+a.toPrecision(6)}) where p_data has a density and no mass, so KL(p_g ‖ p_data) = +∞` } : klDivergence(pG, pData, options);
  const jsd = jsdWithAtoms(pData, pG, options);
  const cOfG = criterionWithAtoms(pData, pG, options);
  return { klDataG, klGData, jsd, cOfG, cOfGFromJsd: -Math.log(4) + 2 * jsd.value };
}

/** JSD(p_data ‖ p_g) with p_g's atoms: the core's JSD of the density plus ½·a·log 2 for the atoms' mass a. */
export function jsdWithAtoms(pData: Density, pG: DensityWithAtoms, options?: QuadratureOptions): Estimate {
  const a = atomMass(pG);
  const j = jsDivergence(pData, pG, options);
  return a > 0 ? { ...j, value: Math.min(j.value + 0.5 * a * Math.LN2, Math.LN2) } : j;
}

/** C(G) = V(G, D*) with p_g's atoms, where D* = 0 and log(1 − D*) = 0: the core's value of the density stands. */
export function criterionWithAtoms(pData: Density, pG: DensityWithAtoms, options?: QuadratureOptions): Estimate {
  return virtualTrainingCriterion(pData, pG, options);
}

/** V(G, D) by quadrature, with each atom's a·log(1 − D(x_a)) added. */
export function valueWithAtoms(pData: Density, pG: DensityWithAtoms, d: Discriminator, options?: QuadratureOptions): Estimate {
  const v = valueFunction(pData, pG, d, options);
  let extra = 0;
  for (const { x, mass } of pG.atoms ?? []) extra += mass * (d.logit ? -softplus(d.logit(x)) : Math.log1p(-d(x)));
  return extra === 0 ? v : { ...v, value: v.value + extra };
}

/** D* = p_data/(p_data + p_g), 0 on p_g's atoms (where p_g, as a measure, outweighs any density). */
export function optimalDiscriminatorWithAtoms(pData: Density, pG: DensityWithAtoms): Discriminator & { readonly logit: (x: number) => number } {
  const base = optimalDiscriminator(pData, pG);
  const atoms = new Set((pG.atoms ?? []).map((a) => a.x));
  if (atoms.size === 0) return base;
  const logit = (x: number) => (atoms.has(x) ? -Infinity : base.logit(x));
  return Object.assign((x: number) => (atoms.has(x) ? 0 : base(x)), { logit });
}
