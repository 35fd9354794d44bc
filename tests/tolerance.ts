/** Tolerance checks for the numerics tests, with messages that show the difference. */

/** |actual − expected| ≤ tol · max(1, |expected|). */
export function expectClose(actual: number, expected: number, tol: number): void {
  const scale = Math.max(1, Math.abs(expected));
  if (!(Math.abs(actual - expected) <= tol * scale)) {
    throw new Error(`expected ${actual} to be within ${tol}·${scale} of ${expected} (difference ${actual - expected})`);
  }
}

/** |actual − expected| ≤ tol · |expected|. */
export function expectRelative(actual: number, expected: number, tol: number): void {
  if (!(Math.abs(actual - expected) <= tol * Math.abs(expected))) {
    throw new Error(`expected ${actual} to be within relative ${tol} of ${expected} (difference ${actual - expected})`);
  }
}
