/**
 * Numbers as people read them: ∞ for infinities, a dash for undefined, a fixed number of significant digits,
 * and never "NaN".
 */
export function formatNumber(x: number | undefined, digits = 6): string {
  if (x === undefined || Number.isNaN(x)) return '—';
  if (x === Infinity) return '∞';
  if (x === -Infinity) return '−∞';
  if (x === 0) return '0';
  const abs = Math.abs(x);
  const text = abs >= 1e-4 && abs < 1e7 ? String(+x.toPrecision(digits)) : x.toExponential(digits - 1).replace(/\.?0+e/, 'e');
  return text.replace('-', '−');
}
