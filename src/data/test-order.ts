/**
 * The one fixed shuffled order of MNIST's 10,000 test digits that every score uses, in Node (gan-theory score and
 * train-mnist) and in the page (its test-digit asset holds the first digits of this order). In file order the test
 * set is not exchangeable: its first 5,000 digits come from NIST's SD-3 writers, the cleaner ones, and the last
 * 5,000 from SD-1 (LeCun et al.'s description of the set), so two consecutive blocks in file order differ by more
 * than sampling noise (FD between halves 10, between random halves 0.28). Scores take their reference digits and
 * their real comparison from consecutive blocks of this order instead.
 */
import { createRandom } from '../maths/random.ts';

/** The seed of the order (a Fisher–Yates shuffle drawing from the project's seeded generator). */
export const TEST_ORDER_SEED = 2014;

/** A permutation of 0 … count − 1: position i of the shuffled test set holds digit order[i] of the file. */
export function testDigitOrder(count: number): Int32Array {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a non-negative integer, got ${count}`);
  const order = Int32Array.from({ length: count }, (_, i) => i);
  const random = createRandom(TEST_ORDER_SEED);
  for (let i = count - 1; i > 0; i--) {
    const j = random.integer(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}
