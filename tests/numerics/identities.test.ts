import { describe, expect, it } from 'vitest';
import { IDENTITIES, verifyIdentities, type Identity } from '../../src/numerics/identities.ts';
import { jsDivergence } from '../../src/numerics/divergences.ts';

describe('verifyIdentities', () => {
  it('passes every identity over 30 random pairs, reporting each one', () => {
    const seen: string[] = [];
    const results = verifyIdentities({ pairs: 30, seed: 99, onResult: (r) => seen.push(r.id) });
    expect(seen).toEqual(IDENTITIES.map((i) => i.id));
    for (const r of results) {
      expect(r.passed, `${r.id}: ${r.maxError} on ${r.worstCase}`).toBe(true);
      expect(r.cases).toBe(30);
      expect(r.maxError).toBeLessThanOrEqual(r.tolerance);
    }
  });

  it('lists only identities whose two sides come from different routes: every equality shows a rounding-level error somewhere', () => {
    const ids = IDENTITIES.map((i) => i.id);
    for (const dropped of ['kl-self', 'jsd-symmetric', 'd-star-half']) expect(ids).not.toContain(dropped);
    // An identity that holds by construction reports exactly 0 on every pair; independent routes never agree to the
    // last bit on all 20. jsd-tv-bounds is an inequality (its error is the violation, 0 when it holds).
    const results = verifyIdentities({ pairs: 20, seed: 7, identities: IDENTITIES.filter((i) => i.id !== 'jsd-tv-bounds') });
    for (const r of results) expect(r.maxError, r.id).toBeGreaterThan(0);
  });

  it('fails an identity that is wrong, and names the worst case', () => {
    // C(G) = −log 4 + JSD (missing the factor 2) is false whenever P ≠ Q.
    const wrong: Identity = {
      id: 'wrong-c-of-g',
      statement: 'C(G) = −log 4 + JSD',
      page: 'test',
      tolerance: 1e-9,
      check: (p, q) => ({ error: Math.abs(-Math.log(4) + 2 * jsDivergence(p, q).value - (-Math.log(4) + jsDivergence(p, q).value)) }),
    };
    const [result] = verifyIdentities({ pairs: 5, identities: [wrong] });
    expect(result!.passed).toBe(false);
    expect(result!.maxError).toBeGreaterThan(1e-3);
    expect(result!.worstCase).toMatch(/^P = .*; Q = /);
  });

  it('counts a check that throws as a failure', () => {
    const throwing: Identity = { id: 'boom', statement: '', page: 'test', tolerance: 1, check: () => { throw new Error('boom'); } };
    const [result] = verifyIdentities({ pairs: 2, identities: [throwing] });
    expect(result!.passed).toBe(false);
    expect(result!.maxError).toBe(Infinity);
    expect(result!.worstCase).toMatch(/threw boom/);
  });
});
