/** Figure compositions several pages draw (finished arrays in, an element out). */
import type { Distribution } from '../src/distributions/distribution.ts';
import { linesFigure, type LinesOptions } from './components/figures.ts';
import { COLORS } from './common.ts';
import { t } from './components/messages.ts';

/** p_data and p_g over the grid, and below them D*(x) (and a second discriminator D when given) on [0, 1]. */
export function densityAndDiscriminator(o: {
  pData: Distribution;
  pG: Distribution;
  grid: Float64Array;
  dStar: Float64Array;
  d?: Float64Array;
  width: number;
}): HTMLElement {
  const { grid, width } = o;
  const wrap = document.createElement('div');
  wrap.className = 'figure-stack';
  wrap.append(
    linesFigure({
      width,
      height: 220,
      x: { label: t('figure.x') },
      y: { label: t('figure.density') },
      series: [
        { label: 'p_data(x)', xs: grid, ys: grid.map((x) => o.pData.pdf(x)), color: COLORS.data },
        { label: 'p_g(x)', xs: grid, ys: grid.map((x) => o.pG.pdf(x)), color: COLORS.gen },
      ],
    }),
    linesFigure({
      width,
      height: 170,
      x: { label: t('figure.x') },
      y: { label: 'D(x)', domain: [0, 1] },
      rules: [{ y: 0.5, label: '½', color: '#999' }],
      series: [
        { label: t('figure.dStar'), xs: grid, ys: o.dStar, color: COLORS.optimum },
        ...(o.d ? [{ label: t('figure.dBent'), xs: grid, ys: o.d, color: COLORS.other, dash: true }] : []),
      ],
    }),
  );
  return wrap;
}

/** At most n evenly spaced items of a long history (figures draw a thinned copy). */
export function thin<T>(items: readonly T[], n = 800): T[] {
  if (items.length <= n) return [...items];
  const stride = items.length / n;
  return Array.from({ length: n }, (_, i) => items[Math.floor(i * stride)]!);
}

/** A placeholder note while a training cell has nothing to draw yet. */
export function waiting(text = t('figure.startingTf')): HTMLElement {
  const p = document.createElement('p');
  p.className = 'note';
  p.textContent = text;
  return p;
}

export interface HistorySeries<T> {
  readonly label: string;
  readonly value: (item: T) => number;
  readonly color: string;
  readonly dash?: boolean;
  readonly width?: number;
}

/**
 * A training history drawn over steps: the items are thinned to a few hundred, each series reads one number from
 * each item. Shows `empty` instead while there are fewer than `minimum` items.
 */
export function historyFigure<T extends { readonly step: number }>(
  items: readonly T[],
  o: Omit<LinesOptions, 'series' | 'x'> & { readonly series: readonly HistorySeries<T>[]; readonly empty?: string; readonly minimum?: number },
): HTMLElement {
  const shown = thin(items);
  if (shown.length < (o.minimum ?? 1)) return waiting(o.empty);
  const steps = shown.map((item) => item.step);
  const [first, last] = [steps[0]!, steps.at(-1)!];
  return linesFigure({
    ...o,
    // Steps are whole numbers; a history of one step still gets a span, so its ticks read 0, 1 and not 0.000000.
    x: { label: t('figure.step'), tickFormat: ',d', ...(last > first ? {} : { domain: [first, first + 1] as const }) },
    series: o.series.map(({ value, ...s }) => ({ ...s, xs: steps, ys: shown.map(value) })),
  });
}
