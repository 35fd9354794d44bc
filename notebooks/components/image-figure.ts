/**
 * A grid of values drawn as coloured cells (Observable Plot's cell mark): a count image, an output image, or a
 * heat-strip of a density against training step. It draws finished arrays only.
 */
import * as Plot from '@observablehq/plot';
import { captioned } from './figures.ts';

export interface ImageOptions {
  readonly width: number;
  readonly height?: number;
  readonly rows: number;
  readonly cols: number;
  /** Row-major values, rows × cols; NaN cells are left blank. */
  readonly values: ArrayLike<number>;
  readonly title?: string;
  /** Axis labels and the value each column and row stands for (default: their indices). */
  readonly x?: { readonly label: string; readonly at?: ArrayLike<number> };
  readonly y?: { readonly label: string; readonly at?: ArrayLike<number> };
  /** A d3 colour scheme name (default 'viridis'). */
  readonly scheme?: string;
  readonly legend?: string;
}

/** About six evenly spaced indices of a band axis of n cells (a band scale labels every cell otherwise). */
const every = (n: number): number[] => {
  const step = Math.max(1, Math.ceil(n / 6));
  return Array.from({ length: Math.ceil(n / step) }, (_, i) => i * step);
};

export function imageFigure(o: ImageOptions): HTMLElement {
  const cells: { c: number; r: number; v: number }[] = [];
  for (let r = 0; r < o.rows; r++) {
    for (let c = 0; c < o.cols; c++) {
      const v = o.values[r * o.cols + c]!;
      if (!Number.isNaN(v)) cells.push({ c, r, v });
    }
  }
  const tick = (at: ArrayLike<number> | undefined) => (i: number) => (at ? String(+Number(at[i]).toPrecision(3)) : String(i));
  const plot = Plot.plot({
    width: o.width,
    height: o.height ?? Math.round((o.width * o.rows) / o.cols),
    marginLeft: 48,
    padding: 0,
    x: { label: o.x?.label ?? null, tickFormat: tick(o.x?.at), ticks: every(o.cols) },
    y: { label: o.y?.label ?? null, tickFormat: tick(o.y?.at), ticks: every(o.rows) },
    color: { type: 'linear', scheme: (o.scheme ?? 'viridis') as Plot.ColorScheme, legend: true, label: o.legend ?? '' },
    marks: [Plot.cell(cells, { x: 'c', y: 'r', fill: 'v', inset: 0 })],
    style: { fontSize: '11px', background: 'transparent' },
  });
  return captioned(plot, o.title);
}
