/**
 * The dense symmetric linear algebra behind the Fréchet distance: the Jacobi eigen-decomposition reconstructs its
 * input with orthonormal eigenvectors and finds the eigenvalues of matrices worked by hand; the sample mean and
 * covariance match a hand computation; and the Fréchet distance matches its closed forms (diagonal, commuting and
 * 2 × 2 covariances, one covariance zero), is symmetric, and is invariant under a common rotation.
 */
import { describe, expect, it } from 'vitest';
import { frechetDistance, meanAndCovariance, symmetricEigen } from '../../src/maths/linalg.ts';
import { createRandom, type Random } from '../../src/maths/random.ts';

type Matrix = Float64Array; // row-major n × n

function randomSymmetric(random: Random, n: number): Matrix {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = random.normal();
  return a;
}

function multiply(a: Matrix, b: Matrix, n: number): Matrix {
  const c = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    for (let k = 0; k < n; k++) s += a[i * n + k]! * b[k * n + j]!;
    c[i * n + j] = s;
  }
  return c;
}

function transpose(a: Matrix, n: number): Matrix {
  const t = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) t[j * n + i] = a[i * n + j]!;
  return t;
}

function applyTo(q: Matrix, x: ArrayLike<number>, n: number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => {
    let s = 0;
    for (let k = 0; k < n; k++) s += q[i * n + k]! * x[k]!;
    return s;
  });
}

function diagonal(values: readonly number[]): Matrix {
  const n = values.length, d = new Float64Array(n * n);
  values.forEach((v, i) => (d[i * n + i] = v));
  return d;
}

/** A random orthogonal matrix built without any eigen-solver: a product of Householder reflections I − 2vvᵀ/vᵀv. */
function randomOrthogonal(random: Random, n: number): Matrix {
  let q = diagonal(new Array<number>(n).fill(1));
  for (let r = 0; r < n; r++) {
    const v = Array.from({ length: n }, () => random.normal());
    const vv = v.reduce((s, x) => s + x * x, 0);
    const h = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) h[i * n + j] = (i === j ? 1 : 0) - (2 * v[i]! * v[j]!) / vv;
    q = multiply(q, h, n);
  }
  return q;
}

/** Q diag(λ) Qᵀ, symmetrised exactly. */
function withEigenvalues(q: Matrix, lambda: readonly number[]): Matrix {
  const n = lambda.length;
  const m = multiply(multiply(q, diagonal(lambda), n), transpose(q, n), n);
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) m[i * n + j] = m[j * n + i] = 0.5 * (m[i * n + j]! + m[j * n + i]!);
  return m;
}

/** A random symmetric positive definite matrix B Bᵀ + εI (generically not commuting with another such matrix). */
function randomSpd(random: Random, n: number, eps = 0.1): Matrix {
  const b = Float64Array.from({ length: n * n }, () => random.normal());
  const m = multiply(b, transpose(b, n), n);
  for (let i = 0; i < n; i++) m[i * n + i]! += eps;
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) m[i * n + j] = m[j * n + i] = 0.5 * (m[i * n + j]! + m[j * n + i]!);
  return m;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

const sorted = (values: ArrayLike<number>) => Array.from(values).sort((x, y) => x - y);

describe('symmetricEigen (cyclic Jacobi)', () => {
  for (const n of [1, 2, 5, 64]) {
    it(`reconstructs a random symmetric ${n} × ${n} matrix as V Λ Vᵀ with orthonormal V, both to 1e-12`, () => {
      const a = randomSymmetric(createRandom(1000 + n), n);
      const { values, vectors } = symmetricEigen(a, n);
      expect(values.length).toBe(n);
      expect(vectors.length).toBe(n * n);
      const reconstructed = multiply(multiply(vectors, diagonal(Array.from(values)), n), transpose(vectors, n), n);
      // Entries are O(1) and eigenvalues at most ~2√n; measured errors are ~1e-13 at n = 64.
      expect(maxAbsDiff(reconstructed, a)).toBeLessThanOrEqual(1e-12);
      expect(maxAbsDiff(multiply(transpose(vectors, n), vectors, n), diagonal(new Array<number>(n).fill(1)))).toBeLessThanOrEqual(1e-12);
      // Each column is an eigenvector: ‖A v − λ v‖∞ ≤ 1e-12.
      for (let k = 0; k < n; k++) {
        const v = Float64Array.from({ length: n }, (_, i) => vectors[i * n + k]!);
        const av = applyTo(a, v, n);
        expect(maxAbsDiff(av, v.map((x) => values[k]! * x))).toBeLessThanOrEqual(1e-12);
      }
      // The trace is the sum of the eigenvalues.
      let trace = 0;
      for (let i = 0; i < n; i++) trace += a[i * n + i]!;
      expect(Math.abs(values.reduce((s, x) => s + x, 0) - trace)).toBeLessThanOrEqual(1e-12 * n);
    });
  }

  it('finds the eigenvalues 1 and 3 of [[2, 1], [1, 2]], with eigenvectors along (1, −1) and (1, 1)', () => {
    const { values, vectors } = symmetricEigen([2, 1, 1, 2], 2);
    const order = values[0]! < values[1]! ? [0, 1] : [1, 0];
    expect(values[order[0]!]).toBeCloseTo(1, 14);
    expect(values[order[1]!]).toBeCloseTo(3, 14);
    const column = (k: number) => [vectors[k]!, vectors[2 + k]!];
    const [v1, v3] = [column(order[0]!), column(order[1]!)];
    // Up to sign: v₁ ∥ (1, −1)/√2, v₃ ∥ (1, 1)/√2.
    expect(Math.abs(v1[0]!)).toBeCloseTo(Math.SQRT1_2, 14);
    expect(v1[0]! + v1[1]!).toBeCloseTo(0, 14);
    expect(Math.abs(v3[0]!)).toBeCloseTo(Math.SQRT1_2, 14);
    expect(v3[0]! - v3[1]!).toBeCloseTo(0, 14);
  });

  it('returns the diagonal of a diagonal matrix exactly, with the identity as eigenvectors', () => {
    const d = [3, -1, 2.5, 0, 7];
    const { values, vectors } = symmetricEigen(diagonal(d), 5);
    expect(Array.from(values)).toEqual(d);
    expect(Array.from(vectors)).toEqual(Array.from(diagonal([1, 1, 1, 1, 1])));
  });

  it('finds the eigenvalues ‖u‖², 0, 0 of the rank-1 matrix u uᵀ, with u/‖u‖ as the leading eigenvector', () => {
    const u = [1, 2, 2]; // ‖u‖² = 9
    const a = new Float64Array(9);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) a[i * 3 + j] = u[i]! * u[j]!;
    const { values, vectors } = symmetricEigen(a, 3);
    const s = sorted(values);
    expect(s[0]).toBeCloseTo(0, 13);
    expect(s[1]).toBeCloseTo(0, 13);
    expect(s[2]).toBeCloseTo(9, 13);
    const k = Array.from(values).indexOf(Math.max(...values));
    const v = [vectors[k]!, vectors[3 + k]!, vectors[6 + k]!];
    const sign = Math.sign(v[0]!);
    for (let i = 0; i < 3; i++) expect(sign * v[i]!).toBeCloseTo(u[i]! / 3, 13);
  });

  it('finds the eigenvalues it was built with: Q diag(λ) Qᵀ for a Householder-built orthogonal Q, to 1e-12 relative', () => {
    const lambda = [-4, -0.5, 0.001, 1, 1, 2, 10, 1e3];
    const q = randomOrthogonal(createRandom(7), lambda.length);
    const found = sorted(symmetricEigen(withEigenvalues(q, lambda), lambda.length).values);
    for (let i = 0; i < lambda.length; i++) expect(Math.abs(found[i]! - lambda[i]!)).toBeLessThanOrEqual(1e-12 * 1e3);
  });

  it('refuses a matrix whose length is not n²', () => {
    expect(() => symmetricEigen([1, 2, 3], 2)).toThrow(RangeError);
    expect(() => symmetricEigen([1, 2, 3], 2)).toThrow(/2×2 = 4 entries, got 3/);
    expect(() => symmetricEigen(new Float64Array(6), 3)).toThrow(RangeError);
    expect(() => symmetricEigen(new Float64Array(10), 3)).toThrow(RangeError);
  });

  it('refuses a non-symmetric matrix, naming the offending position', () => {
    expect(() => symmetricEigen([1, 2, 3, 1], 2)).toThrow(RangeError);
    expect(() => symmetricEigen([1, 0, 0, 0, 1, 0, 0.5, 0, 1], 3)).toThrow(/not symmetric at \(2, 0\)/);
  });

  it('accepts round-off asymmetry (1e-12 relative) and treats the matrix as its symmetric part', () => {
    const { values } = symmetricEigen([2, 1 + 1e-12, 1, 2], 2);
    expect(sorted(values)[0]).toBeCloseTo(1, 11);
    expect(sorted(values)[1]).toBeCloseTo(3, 11);
  });
});

describe('meanAndCovariance', () => {
  it('matches a hand computation (divisor n − 1)', () => {
    // Rows (1, 2), (3, 6), (5, 7): mean (3, 5); centred (−2, −3), (0, 1), (2, 2);
    // Σxx = (4 + 0 + 4)/2 = 4, Σxy = (6 + 0 + 4)/2 = 5, Σyy = (9 + 1 + 4)/2 = 7.
    const { mean, covariance, n } = meanAndCovariance([1, 2, 3, 6, 5, 7], 2);
    expect(n).toBe(3);
    expect(Array.from(mean)).toEqual([3, 5]);
    expect(Array.from(covariance)).toEqual([4, 5, 5, 7]);
  });

  it('gives a zero row and column for a constant coordinate, and a symmetric matrix', () => {
    // Rows (1, 4, 0), (1, 0, 2): the first coordinate never varies.
    // mean (1, 2, 1); centred (0, 2, −1), (0, −2, 1): Σ = [[0,0,0],[0,8,−4],[0,−4,2]].
    const { mean, covariance } = meanAndCovariance(new Float64Array([1, 4, 0, 1, 0, 2]), 3);
    expect(Array.from(mean)).toEqual([1, 2, 1]);
    expect(Array.from(covariance)).toEqual([0, 0, 0, 0, 8, -4, 0, -4, 2]);
  });

  it('agrees with a two-pass computation on random data to 1e-12', () => {
    const random = createRandom(3);
    const d = 4, n = 200;
    const rows = Float64Array.from({ length: n * d }, () => 5 + random.normal());
    const { mean, covariance } = meanAndCovariance(rows, d);
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (let r = 0; r < n; r++) s += rows[r * d + j]!;
      expect(Math.abs(mean[j]! - s / n)).toBeLessThanOrEqual(1e-12);
    }
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) {
      let s = 0;
      for (let r = 0; r < n; r++) s += (rows[r * d + i]! - mean[i]!) * (rows[r * d + j]! - mean[j]!);
      expect(Math.abs(covariance[i * d + j]! - s / (n - 1))).toBeLessThanOrEqual(1e-12);
    }
  });

  it('refuses fewer than two rows and a length that is not a multiple of d', () => {
    expect(() => meanAndCovariance([1, 2], 2)).toThrow(RangeError);
    expect(() => meanAndCovariance([1, 2, 3, 4, 5], 2)).toThrow(/at least 2 rows of 2 values, got 5/);
    expect(() => meanAndCovariance([], 3)).toThrow(RangeError);
  });
});

describe('frechetDistance', () => {
  it('is 0 for identical statistics (to 1e-10 of the trace)', () => {
    const random = createRandom(21);
    for (const d of [1, 3, 8]) {
      const cov = randomSpd(random, d);
      const mean = Float64Array.from({ length: d }, () => random.normal());
      let trace = 0;
      for (let i = 0; i < d; i++) trace += cov[i * d + i]!;
      const fd = frechetDistance({ mean, covariance: cov }, { mean, covariance: cov }, d);
      expect(fd).toBeGreaterThanOrEqual(0);
      expect(fd).toBeLessThanOrEqual(1e-10 * trace);
    }
  });

  it('is ‖μ₁ − μ₂‖² + Σ(σ₁ − σ₂)² for diagonal covariances, to 1e-12 relative', () => {
    const random = createRandom(22);
    const d = 6;
    const mu1 = Array.from({ length: d }, () => random.normal());
    const mu2 = Array.from({ length: d }, () => random.normal());
    const s1 = Array.from({ length: d }, () => 0.2 + 2 * random.uniform()); // standard deviations
    const s2 = Array.from({ length: d }, () => 0.2 + 2 * random.uniform());
    let expected = 0;
    for (let i = 0; i < d; i++) expected += (mu1[i]! - mu2[i]!) ** 2 + (s1[i]! - s2[i]!) ** 2;
    const fd = frechetDistance({ mean: mu1, covariance: diagonal(s1.map((s) => s * s)) }, { mean: mu2, covariance: diagonal(s2.map((s) => s * s)) }, d);
    expect(Math.abs(fd - expected)).toBeLessThanOrEqual(1e-12 * expected);
  });

  it('is (σ₁ − σ₂)² + (μ₁ − μ₂)² in one dimension: N(0, 1) to N(3, 4) is 1 + 9', () => {
    expect(frechetDistance({ mean: [0], covariance: [1] }, { mean: [3], covariance: [4] }, 1)).toBeCloseTo(10, 13);
  });

  it('is ‖μ₁ − μ₂‖² + Σ(√a − √b)² for commuting covariances Q diag(a) Qᵀ and Q diag(b) Qᵀ, to 1e-10 relative', () => {
    const random = createRandom(23);
    const d = 7;
    const q = randomOrthogonal(random, d);
    const a = Array.from({ length: d }, () => 0.05 + 3 * random.uniform());
    const b = Array.from({ length: d }, () => 0.05 + 3 * random.uniform());
    const mu1 = Array.from({ length: d }, () => random.normal());
    const mu2 = Array.from({ length: d }, () => random.normal());
    let expected = 0;
    for (let i = 0; i < d; i++) expected += (mu1[i]! - mu2[i]!) ** 2 + (Math.sqrt(a[i]!) - Math.sqrt(b[i]!)) ** 2;
    const fd = frechetDistance({ mean: mu1, covariance: withEigenvalues(q, a) }, { mean: mu2, covariance: withEigenvalues(q, b) }, d);
    expect(Math.abs(fd - expected)).toBeLessThanOrEqual(1e-10 * expected);
  });

  it('matches the 2 × 2 closed form tr √M = √(tr M + 2√det M) for non-commuting covariances, to 1e-12 relative', () => {
    // M = Σ₁^½ Σ₂ Σ₁^½ has tr M = tr Σ₁Σ₂ and det M = det Σ₁ det Σ₂; a 2 × 2 SPD matrix with eigenvalues λ, ν has
    // (√λ + √ν)² = tr M + 2√det M.
    const s1 = [2, 0.6, 0.6, 1], s2 = [0.5, -0.3, -0.3, 3];
    const trProduct = s1[0]! * s2[0]! + s1[1]! * s2[2]! + s1[2]! * s2[1]! + s1[3]! * s2[3]!;
    const det1 = s1[0]! * s1[3]! - s1[1]! * s1[2]!, det2 = s2[0]! * s2[3]! - s2[1]! * s2[2]!;
    const trRoot = Math.sqrt(trProduct + 2 * Math.sqrt(det1 * det2));
    const mu1 = [1, -2], mu2 = [0.5, 1];
    const expected = (mu1[0]! - mu2[0]!) ** 2 + (mu1[1]! - mu2[1]!) ** 2 + (s1[0]! + s1[3]!) + (s2[0]! + s2[3]!) - 2 * trRoot;
    const fd = frechetDistance({ mean: mu1, covariance: s1 }, { mean: mu2, covariance: s2 }, 2);
    expect(Math.abs(fd - expected)).toBeLessThanOrEqual(1e-12 * expected);
  });

  it('is ‖μ₁ − μ₂‖² + tr Σ₂ when Σ₁ is zero (a point mass), in either order', () => {
    const random = createRandom(24);
    const d = 4;
    const cov = randomSpd(random, d);
    let trace = 0;
    for (let i = 0; i < d; i++) trace += cov[i * d + i]!;
    const mu1 = [1, 2, 3, 4], mu2 = [0, 2, 3, 5];
    const expected = 2 + trace;
    const point = { mean: mu1, covariance: new Float64Array(d * d) }, gaussian = { mean: mu2, covariance: cov };
    expect(Math.abs(frechetDistance(point, gaussian, d) - expected)).toBeLessThanOrEqual(1e-12 * expected);
    expect(Math.abs(frechetDistance(gaussian, point, d) - expected)).toBeLessThanOrEqual(1e-10 * expected);
  });

  it('is symmetric in its arguments for random non-commuting covariances, to 1e-10 relative', () => {
    const random = createRandom(25);
    for (const d of [2, 5, 16]) {
      const a = { mean: Array.from({ length: d }, () => random.normal()), covariance: randomSpd(random, d) };
      const b = { mean: Array.from({ length: d }, () => random.normal()), covariance: randomSpd(random, d) };
      const ab = frechetDistance(a, b, d), ba = frechetDistance(b, a, d);
      expect(ab).toBeGreaterThan(0);
      expect(Math.abs(ab - ba)).toBeLessThanOrEqual(1e-10 * ab);
    }
  });

  it('is invariant when both means and covariances are rotated by the same orthogonal matrix, to 1e-10 relative', () => {
    const random = createRandom(26);
    const d = 6;
    const a = { mean: Array.from({ length: d }, () => random.normal()), covariance: randomSpd(random, d) };
    const b = { mean: Array.from({ length: d }, () => random.normal()), covariance: randomSpd(random, d) };
    const q = randomOrthogonal(random, d), qt = transpose(q, d);
    const rotate = (s: { mean: number[]; covariance: Matrix }) => ({ mean: applyTo(q, s.mean, d), covariance: multiply(multiply(q, s.covariance, d), qt, d) });
    const before = frechetDistance(a, b, d), after = frechetDistance(rotate(a), rotate(b), d);
    expect(Math.abs(after - before)).toBeLessThanOrEqual(1e-10 * before);
  });

  it('is symmetric to 1e-9 relative at the 64 dimensions it is used on, for two sample covariances', () => {
    const random = createRandom(27);
    const d = 64, n = 300;
    const rowsA = Float64Array.from({ length: n * d }, () => random.normal());
    const rowsB = Float64Array.from({ length: n * d }, (_, i) => 0.3 + (1 + (i % d) / d) * random.normal());
    const a = meanAndCovariance(rowsA, d), b = meanAndCovariance(rowsB, d);
    const ab = frechetDistance(a, b, d), ba = frechetDistance(b, a, d);
    expect(ab).toBeGreaterThan(0);
    expect(Math.abs(ab - ba)).toBeLessThanOrEqual(1e-9 * ab);
  });
});
