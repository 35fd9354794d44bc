/**
 * Figures from finished arrays (they never compute numerics): lines over x with a legend, optional vertical
 * markers and points. Observable Plot draws them; NaN leaves a gap in a line.
 */
import * as Plot from '@observablehq/plot';
import { t } from './messages.ts';

export interface Series {
  readonly label: string;
  readonly xs: ArrayLike<number>;
  readonly ys: ArrayLike<number>;
  readonly color: string;
  readonly dash?: boolean;
  readonly width?: number;
}

export interface Marker {
  readonly x: number;
  readonly label: string;
  readonly color: string;
}

export interface LinesOptions {
  readonly width: number;
  readonly height?: number;
  readonly x: { readonly label: string; readonly domain?: readonly [number, number]; readonly type?: 'linear' | 'log'; /** d3-format of the ticks, e.g. ',d' for steps. */ readonly tickFormat?: string };
  readonly y: { readonly label: string; readonly domain?: readonly [number, number]; readonly type?: 'linear' | 'log' };
  readonly series: readonly Series[];
  readonly markers?: readonly Marker[];
  readonly points?: readonly { readonly x: number; readonly y: number; readonly color: string; readonly label: string }[];
  /** Horizontal reference lines, e.g. y = −log 4. */
  readonly rules?: readonly { readonly y: number; readonly label: string; readonly color: string }[];
  readonly title?: string;
}

export function linesFigure(o: LinesOptions): HTMLElement {
  const marks: Plot.Markish[] = [Plot.ruleY([0], { stroke: '#ccc' })];
  for (const r of o.rules ?? []) {
    marks.push(Plot.ruleY([r.y], { stroke: r.color, strokeDasharray: '2,3' }));
    marks.push(Plot.text([r.y], { y: (d: number) => d, frameAnchor: 'left', dy: -6, dx: 4, text: () => r.label, fill: r.color, fontSize: 11 }));
  }
  for (const s of o.series) {
    marks.push(
      Plot.line({ length: s.xs.length }, {
        x: (_: unknown, i: number) => s.xs[i],
        y: (_: unknown, i: number) => s.ys[i],
        stroke: () => s.label,
        strokeWidth: s.width ?? 2,
        strokeDasharray: s.dash ? '6,4' : undefined,
      }),
    );
  }
  for (const m of o.markers ?? []) marks.push(Plot.ruleX([m.x], { stroke: m.color, strokeDasharray: '3,3' }));
  if (o.points?.length) {
    marks.push(Plot.dot(o.points, { x: 'x', y: 'y', fill: 'color', r: 5, stroke: 'white', title: 'label' }));
  }
  const labels = [...o.series.map((s) => s.label), ...(o.markers ?? []).map((m) => m.label)];
  const colors = [...o.series.map((s) => s.color), ...(o.markers ?? []).map((m) => m.color)];
  const plot = Plot.plot({
    width: o.width,
    height: o.height ?? Math.max(200, Math.min(320, o.width * 0.5)),
    marginLeft: 56,
    x: { label: o.x.label, domain: o.x.domain ? [...o.x.domain] : undefined, type: o.x.type ?? 'linear', ...(o.x.type === 'log' ? { tickFormat: '~g' } : {}), ...(o.x.tickFormat ? { tickFormat: o.x.tickFormat } : {}) },
    y: { label: o.y.label, domain: o.y.domain ? [...o.y.domain] : undefined, type: o.y.type ?? 'linear', grid: true, ...(o.y.type === 'log' ? { tickFormat: '~g' } : {}) },
    color: { domain: labels, range: colors, legend: true },
    marks,
    style: { fontSize: '12px', background: 'transparent' },
  });
  return captioned(plot, o.title);
}

export interface HistogramOptions {
  readonly width: number;
  readonly sample: ArrayLike<number>;
  readonly domain: readonly [number, number];
  readonly series: readonly Series[];
  readonly title?: string;
}

/** A sample as a density-scaled histogram (area 1 over the whole sample) with density curves over it. */
export function histogramFigure(o: HistogramOptions): HTMLElement {
  const [lo, hi] = o.domain;
  const n = o.sample.length;
  const bins = Math.max(10, Math.min(60, Math.round(2 * Math.cbrt(n))));
  const width = (hi - lo) / bins;
  const counts = new Float64Array(bins);
  for (let i = 0; i < n; i++) {
    const k = Math.floor((o.sample[i]! - lo) / width);
    if (k >= 0 && k < bins) counts[k]!++;
  }
  const rects = Array.from(counts, (c, k) => ({ x1: lo + k * width, x2: lo + (k + 1) * width, y: c / (n * width) }));
  const labels = [t('figure.sampleHistogram'), ...o.series.map((s) => s.label)];
  const colors = ['#b8c4d6', ...o.series.map((s) => s.color)];
  const plot = Plot.plot({
    width: o.width,
    height: Math.max(200, Math.min(300, o.width * 0.45)),
    marginLeft: 56,
    x: { label: t('figure.x'), domain: [lo, hi] },
    y: { label: t('figure.density'), grid: true },
    color: { domain: labels, range: colors, legend: true },
    marks: [
      // A gap between bars only where a bar is wider than the gap (an inset wider than a bar gives it a negative width).
      Plot.rectY(rects, { x1: 'x1', x2: 'x2', y: 'y', fill: () => labels[0], inset: o.width / bins > 4 ? 0.5 : 0 }),
      ...o.series.map((s) =>
        Plot.line({ length: s.xs.length }, {
          x: (_: unknown, i: number) => s.xs[i],
          y: (_: unknown, i: number) => s.ys[i],
          stroke: () => s.label,
          strokeWidth: 2,
          strokeDasharray: s.dash ? '6,4' : undefined,
        }),
      ),
      Plot.ruleY([0]),
    ],
    style: { fontSize: '12px', background: 'transparent' },
  });
  return captioned(plot, o.title);
}

/** A plot in a <figure>, with its title as the caption. */
export function captioned(plot: Element, title?: string): HTMLElement {
  const figure = document.createElement('figure');
  if (title) {
    const cap = document.createElement('figcaption');
    cap.textContent = title;
    figure.append(cap);
  }
  figure.append(plot);
  return figure;
}
