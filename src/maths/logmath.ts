/** Log-space arithmetic that stays accurate where densities underflow. */

/** log(e^a + e^b) without overflow or underflow; −∞ when both are −∞. */
export function logAddExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  if (a === b) return a + Math.LN2; // also ∞ + ∞, where a − b would be NaN
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

/** softplus(x) = log(1 + e^x), accurate for every x. */
export function softplus(x: number): number {
  if (x === Infinity) return Infinity;
  if (x === -Infinity) return 0;
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

/** The logistic sigmoid 1 / (1 + e^−x), without overflow. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** log(1 − e^x) for x ≤ 0 (Mächler 2012: switch between log(−expm1 x) and log1p(−e^x) at −log 2). */
export function log1mExp(x: number): number {
  if (x > 0) return NaN;
  return x > -Math.LN2 ? Math.log(-Math.expm1(x)) : Math.log1p(-Math.exp(x));
}

/**
 * log(x₁·x₂·…·xₙ) for positive xᵢ, computed as a product (not as a sum of logs) whose binary exponent is carried
 * separately, so it neither underflows nor overflows however long the product. Returns −∞ if some xᵢ is 0.
 */
export function logOfProduct(xs: ArrayLike<number>): number {
  let mantissa = 1, exponent = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    if (!(x >= 0)) return NaN;
    if (x === 0) return -Infinity;
    mantissa *= x;
    // Keep the mantissa within [2^−500, 2^500], moving whole powers of two into the exponent (exact operations).
    if (mantissa > 3.2733906078961419e150 || mantissa < 3.0549363634996047e-151) {
      const e = Math.floor(Math.log2(mantissa));
      mantissa *= 2 ** -e;
      exponent += e;
    }
  }
  return Math.log(mantissa) + exponent * Math.LN2;
}
