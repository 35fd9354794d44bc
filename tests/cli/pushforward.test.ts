/** `gan-theory pushforward`: the exact density of G(z), z ~ N(0, 1), for a formula G, against closed forms. */
import { describe, expect, it } from 'vitest';
import { inProcess } from './in-process.ts';

const phi = (z: number) => Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);

async function json(...args: string[]) {
  const r = await inProcess('pushforward', ...args, '--json');
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { truncated: boolean; unchecked_latent_mass: number; x: number[]; density: number[]; mass: number; atoms: { x: number; mass: number }[]; folds: { x: number; z: number; kind: string }[]; kl_data_g?: number | string; kl_g_data?: number | string; jsd?: number; c_of_g?: number; wasserstein_1?: number | string };
}

describe('gan-theory pushforward', () => {
  it('an affine G gives the normal it should: 1 + 2z is normal(1, 2), and KL against normal(0, 1) is the closed form', async () => {
    const out = await json('--g', '1 + 2*z', '--pdata', 'normal(0, 1)', '--from', '-4', '--to', '6', '--points', '11');
    expect(out.x).toHaveLength(11);
    out.x.forEach((x, i) => expect(Math.abs(out.density[i]! - phi((x - 1) / 2) / 2)).toBeLessThan(1e-13));
    expect(Math.abs(out.mass - 1)).toBeLessThan(1e-9);
    expect(out.atoms).toEqual([]);
    expect(out.folds).toEqual([]);
    // KL(N(0, 1) ‖ N(1, 2)) = log 2 + (1 + 1)/8 − 1/2; KL(N(1, 2) ‖ N(0, 1)) = −log 2 + (4 + 1)/2 − 1/2.
    expect(Math.abs((out.kl_data_g as number) - (Math.log(2) + 2 / 8 - 0.5))).toBeLessThan(1e-9);
    expect(Math.abs((out.kl_g_data as number) - (-Math.log(2) + 5 / 2 - 0.5))).toBeLessThan(1e-9);
    expect(Math.abs(out.c_of_g! - (-Math.log(4) + 2 * out.jsd!))).toBeLessThan(1e-9);
    // The same pair through the normal family's own formulas (`divergence`), a path that shares no density code.
    const direct = JSON.parse((await inProcess('divergence', '--pdata', 'normal(0, 1)', '--pg', 'normal(1, 2)', '--json')).stdout);
    for (const key of ['jsd', 'c_of_g', 'wasserstein_1'] as const) expect(Math.abs((out[key] as number) - direct[key])).toBeLessThan(1e-9);
  });

  it('G(z) = z² folds at z = 0: p_g(x) = φ(√x)/√x for x > 0 (χ²₁), zero for x < 0, mass 1', async () => {
    const out = await json('--g', 'z^2', '--from', '-1', '--to', '4', '--points', '21');
    out.x.forEach((x, i) => {
      const expected = x > 0 ? phi(Math.sqrt(x)) / Math.sqrt(x) : x < 0 ? 0 : Infinity;
      if (Number.isFinite(expected)) expect(Math.abs(out.density[i]! - expected)).toBeLessThan(1e-12 * Math.max(1, expected));
    });
    expect(Math.abs(out.mass - 1)).toBeLessThan(1e-9);
    expect(out.folds).toHaveLength(1);
    expect(Math.abs(out.folds[0]!.x)).toBeLessThan(1e-15);
  });

  it('a cubic with two folds has total mass 1 to 1e-9, and its density matches the branch sum at a point', async () => {
    const out = await json('--g', 'z^3 - 2*z', '--from', '0.5', '--to', '0.5000001', '--points', '2');
    expect(Math.abs(out.mass - 1)).toBeLessThan(1e-9);
    expect(out.folds.map((f) => f.kind)).toEqual(['fold', 'fold']);
    // The three roots of z³ − 2z = 0.5, by the trigonometric formula, and Σ φ(z)/|3z² − 2|.
    const roots = [0, 1, 2].map((k) => 2 * Math.sqrt(2 / 3) * Math.cos((1 / 3) * Math.acos(((3 * -0.5) / (2 * -2)) * Math.sqrt(3 / 2)) - (2 * Math.PI * k) / 3));
    roots.forEach((z) => expect(Math.abs(z ** 3 - 2 * z - 0.5)).toBeLessThan(1e-12));
    const expected = roots.reduce((s, z) => s + phi(z) / Math.abs(3 * z * z - 2), 0);
    expect(Math.abs(out.density[0]! - expected)).toBeLessThan(1e-12);
  });

  it('a flat piece is a point mass: max(z, 0) puts ½ at 0, and the JSD against normal(0, 1) is ½·log 2', async () => {
    const out = await json('--g', 'max(z, 0)', '--pdata', 'normal(0, 1)', '--points', '5');
    expect(out.atoms).toHaveLength(1);
    expect(out.atoms[0]!.x).toBe(0);
    expect(Math.abs(out.atoms[0]!.mass - 0.5)).toBeLessThan(1e-15);
    expect(Math.abs(out.mass - 1)).toBeLessThan(1e-9);
    // On x > 0 p_g = p_data = φ; p_data's half on x < 0 and the atom each add ¼·log 2.
    expect(Math.abs(out.jsd! - 0.5 * Math.LN2)).toBeLessThan(1e-9);
    expect(out.kl_g_data).toBe('Infinity');
    expect(out.kl_data_g).toBe('Infinity');
  });

  it('says when G keeps folding beyond the latent range, so that p_g is pushed forward from |z| ≤ 12 only', async () => {
    const folding = await json('--g', 'sin(2*z) + 0.3*z', '--points', '2');
    expect(folding.truncated).toBe(true);
    expect(folding.unchecked_latent_mass).toBeGreaterThan(0);
    expect(folding.unchecked_latent_mass).toBeLessThan(1e-32);
    expect((await json('--g', 'z^3 - 2*z', '--points', '2')).truncated).toBe(false);
    const r = await inProcess('pushforward', '--g', 'sin(2*z) + 0.3*z', '--pdata', 'normal(0, 1)', '--points', '3');
    expect(r.stderr).toMatch(/G keeps folding beyond \|z\| = 12/);
  });

  it('the table shows the mass, the folds and the divergences', async () => {
    const r = await inProcess('pushforward', '--g', 'sin(2*z) + 0.3*z', '--pdata', 'normal(0, 1)', '--points', '9');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/total mass of p_g: 1(\.0*)? /);
    expect(r.stdout).toMatch(/16 critical points of G/);
    expect(r.stdout).toMatch(/JSD\(P_data ‖ P_G\)\s+0\.13178911/);
    expect(r.stderr).toMatch(/computing KL both ways/);
  });

  it.each([
    ['floor(z)', /G jumps at z ≈ −11 \(from −12 to −11\)/],
    ['z > 0 ? z : z - 1', /G jumps at z ≈ 0 \(from −1 to 0\)/],
    ['x^2', /unknown name 'x': a formula may use z, pi and e/],
    ['import({}, {})', /the function 'import' is not allowed/],
    ['z.constructor', /property access/],
    ['', /the formula is empty: write a map in z/],
    ['1/z', /not finite at z = 0/],
    ['log(z)', /not finite at z = −12|not finite at z = -12/],
  ])('refuses --g %j with status 2 and a message naming the problem', async (g, message) => {
    const r = await inProcess('pushforward', '--g', g);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });

  it('refuses a bad grid and a bad --pdata with status 2', async () => {
    for (const [args, message] of [
      [['--points', '1'], /--points must be an integer from 2/],
      [['--from', '1', '--to', '0'], /--to must be larger than --from/],
      [['--pdata', 'normal(0, -1)'], /bad --pdata/],
    ] as const) {
      const r = await inProcess('pushforward', '--g', 'z', ...args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });
});
