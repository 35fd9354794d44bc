/**
 * Bisection over the doubles themselves rather than over the reals: each step halves the number of doubles left
 * in the bracket, so it ends with two neighbouring doubles after at most 64 steps, whatever the bracket's width
 * or distance from 0. That makes the answer as precise as the predicate allows, in relative terms everywhere
 * (near 0, 1e-300 and 1e300 alike).
 */

const float = new Float64Array(1);
const bits = new BigInt64Array(float.buffer);
const SIGN = 1n << 63n;

/** The position of x in the ordering of doubles (−0 and +0 share position 0). */
function rank(x: number): bigint {
  float[0] = x;
  const b = bits[0]!;
  return b < 0n ? -(b + SIGN) : b;
}

function fromRank(k: bigint): number {
  bits[0] = k < 0n ? -k - SIGN : k;
  return float[0]!;
}

/** The next double above x (x itself for +∞). */
export function nextUp(x: number): number {
  return x === Infinity ? x : fromRank(rank(x) + 1n);
}

/** The next double below x (x itself for −∞). */
export function nextDown(x: number): number {
  return x === -Infinity ? x : fromRank(rank(x) - 1n);
}

/**
 * The smallest double x in (lo, hi] at which a monotone predicate (false, then true) holds. The predicate is
 * taken to be false at lo and true at hi; neither end is evaluated.
 *
 * @example
 * firstTrue((x) => x * x >= 2, 0, 2);   // 1.4142135623730951 (√2 rounded up)
 * firstTrue((x) => x >= 1e-300, 0, 1);  // 1e-300 exactly, in 64 steps
 * @throws {RangeError} if lo ≥ hi or either is NaN.
 */
export function firstTrue(predicate: (x: number) => boolean, lo: number, hi: number): number {
  if (!(lo < hi)) throw new RangeError(`firstTrue needs lo < hi, got lo = ${lo}, hi = ${hi}`);
  let a = rank(lo), b = rank(hi);
  while (b - a > 1n) {
    const mid = (a + b) >> 1n;
    if (predicate(fromRank(mid))) b = mid;
    else a = mid;
  }
  return fromRank(b);
}
