/**
 * A check's outcome as data: either the two sides of a {@link CheckOptions} check, or a sentence saying neutrally
 * why there is nothing to check for this input (never red). Pages build verdicts with pure functions, so the unit
 * tests can feed those functions deliberately wrong inputs and see them fail, without a DOM.
 */
import { checkHolds, checkView, type CheckOptions } from './check.ts';

export type Verdict = CheckOptions | { readonly neutral: string };

/** true or false for a check; undefined for a neutral note. */
export function verdictHolds(v: Verdict): boolean | undefined {
  return 'neutral' in v ? undefined : checkHolds(v).holds;
}

/** The verdict as a page element: the check's box, or a plain note. */
export function verdictView(v: Verdict): HTMLElement {
  if (!('neutral' in v)) return checkView(v);
  const p = document.createElement('p');
  p.className = 'note check-neutral';
  p.textContent = v.neutral;
  return p;
}
