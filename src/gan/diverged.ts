/** A training run whose numbers stopped being finite: the loop ends with this error, and the pages and CLI show its message. */
export class DivergedError extends Error {
  override readonly name = 'DivergedError';
}
