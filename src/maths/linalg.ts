/**
 * Small dense symmetric linear algebra for the Fréchet distance: the cyclic Jacobi eigenvalue method (Golub & Van
 * Loan, Matrix Computations, §8.5), which is simple, unconditionally stable and accurate to working precision for
 * the 64 × 64 covariance matrices it is used on. Matrices are row-major Float64Arrays.
 */

/** Eigenvalues and eigenvectors (columns of `vectors`) of a symmetric n × n matrix. */
export function symmetricEigen(matrix: ArrayLike<number>, n: number): { values: Float64Array; vectors: Float64Array } {
  if (matrix.length !== n * n) throw new RangeError(`expected ${n}×${n} = ${n * n} entries, got ${matrix.length}`);
  const a = Float64Array.from(matrix);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const u = a[i * n + j]!, v = a[j * n + i]!;
      if (Math.abs(u - v) > 1e-8 * Math.max(1, Math.abs(u), Math.abs(v))) throw new RangeError(`the matrix is not symmetric at (${i}, ${j})`);
      a[i * n + j] = a[j * n + i] = 0.5 * (u + v);
    }
  }
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0, norm = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) (i === j ? (norm += a[i * n + j]! ** 2) : (off += a[i * n + j]! ** 2));
    if (off <= 1e-30 * (norm + off) || off === 0) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q]!;
        if (apq === 0) continue;
        const app = a[p * n + p]!, aqq = a[q * n + q]!;
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1), s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p]!, akq = a[k * n + q]!;
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k]!, aqk = a[q * n + k]!;
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p]!, vkq = v[k * n + q]!;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  return { values: Float64Array.from({ length: n }, (_, i) => a[i * n + i]!), vectors: v };
}

/** Mean (length d) and covariance (d × d, divisor n − 1) of n rows of d values. */
export function meanAndCovariance(rows: ArrayLike<number>, d: number): { mean: Float64Array; covariance: Float64Array; n: number } {
  const n = rows.length / d;
  if (!Number.isInteger(n) || n < 2) throw new RangeError(`need at least 2 rows of ${d} values, got ${rows.length} values`);
  const mean = new Float64Array(d);
  for (let r = 0; r < n; r++) for (let j = 0; j < d; j++) mean[j]! += rows[r * d + j]! / n;
  const covariance = new Float64Array(d * d);
  const centred = new Float64Array(d);
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < d; j++) centred[j] = rows[r * d + j]! - mean[j]!;
    for (let i = 0; i < d; i++) {
      const ci = centred[i]!;
      if (ci === 0) continue;
      for (let j = i; j < d; j++) covariance[i * d + j]! += ci * centred[j]!;
    }
  }
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++) {
      const c = covariance[i * d + j]! / (n - 1);
      covariance[i * d + j] = c;
      covariance[j * d + i] = c;
    }
  }
  return { mean, covariance, n };
}

/**
 * The Fréchet distance between the Gaussians N(μ₁, Σ₁) and N(μ₂, Σ₂) (Dowson & Landau 1982), as in the FID of
 * Heusel et al. (2017): ‖μ₁ − μ₂‖² + tr Σ₁ + tr Σ₂ − 2 tr (Σ₁^½ Σ₂ Σ₁^½)^½. The last trace is computed from the
 * eigenvalues of the symmetric matrix Σ₁^½ Σ₂ Σ₁^½, which avoids the non-symmetric square root of Σ₁Σ₂.
 */
export function frechetDistance(a: { mean: ArrayLike<number>; covariance: ArrayLike<number> }, b: { mean: ArrayLike<number>; covariance: ArrayLike<number> }, d: number): number {
  let meanTerm = 0;
  for (let i = 0; i < d; i++) meanTerm += (a.mean[i]! - b.mean[i]!) ** 2;
  const { values, vectors } = symmetricEigen(a.covariance, d);
  // Σ₁^½ = V diag(√λ) Vᵀ (negative round-off eigenvalues clipped to 0).
  const root = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += vectors[i * d + k]! * Math.sqrt(Math.max(0, values[k]!)) * vectors[j * d + k]!;
      root[i * d + j] = s;
    }
  }
  const tmp = new Float64Array(d * d), m = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) {
    let s = 0;
    for (let k = 0; k < d; k++) s += root[i * d + k]! * b.covariance[k * d + j]!;
    tmp[i * d + j] = s;
  }
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) {
    let s = 0;
    for (let k = 0; k < d; k++) s += tmp[i * d + k]! * root[k * d + j]!;
    m[i * d + j] = s;
  }
  for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) m[i * d + j] = m[j * d + i] = 0.5 * (m[i * d + j]! + m[j * d + i]!);
  let traceA = 0, traceB = 0, traceRoot = 0;
  for (let i = 0; i < d; i++) {
    traceA += a.covariance[i * d + i]!;
    traceB += b.covariance[i * d + i]!;
  }
  for (const lambda of symmetricEigen(m, d).values) traceRoot += Math.sqrt(Math.max(0, lambda));
  return Math.max(0, meanTerm + traceA + traceB - 2 * traceRoot);
}
