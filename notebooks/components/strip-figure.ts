/**
 * A strip plot from finished numbers: one column per category, a dot per value (a seed's run, side by side), and
 * a bar at each column's median. For a handful of runs per setting, where a table of every value would be a wall
 * of numbers.
 */
import * as Plot from '@observablehq/plot';
import { captioned } from './figures.ts';

export interface StripOptions {
  readonly width: number;
  readonly height?: number;
  readonly categories: readonly string[];
  /** `index` orders the dots within a column (a seed's position). */
  readonly points: readonly { readonly category: number; readonly index: number; readonly value: number; readonly label: string }[];
  readonly medians: readonly { readonly category: number; readonly value: number }[];
  readonly y: { readonly label: string; readonly domain?: readonly [number, number] };
  readonly color: string;
  readonly title?: string;
}

export function stripFigure(o: StripOptions): HTMLElement {
  const per = Math.max(1, ...o.points.map((p) => p.index + 1));
  const offset = (i: number) => (per === 1 ? 0 : -0.25 + (0.5 * i) / (per - 1));
  const points = o.points.filter((p) => Number.isFinite(p.value)).map((p) => ({ x: p.category + offset(p.index), y: p.value, label: p.label }));
  const medians = o.medians.filter((m) => Number.isFinite(m.value)).map((m) => ({ x1: m.category - 0.35, x2: m.category + 0.35, y: m.value }));
  const plot = Plot.plot({
    width: o.width,
    height: o.height ?? 240,
    marginLeft: 56,
    marginBottom: 40,
    x: { domain: [-0.5, o.categories.length - 0.5], ticks: o.categories.map((_, i) => i), tickFormat: (i: number) => o.categories[i] ?? '', label: null },
    y: { label: o.y.label, grid: true, domain: o.y.domain ? [...o.y.domain] : undefined },
    marks: [
      Plot.link(medians, { x1: 'x1', x2: 'x2', y1: 'y', y2: 'y', stroke: '#333', strokeWidth: 2 }),
      Plot.dot(points, { x: 'x', y: 'y', fill: o.color, r: 4, stroke: 'white', title: 'label' }),
    ],
    style: { fontSize: '12px', background: 'transparent' },
  });
  return captioned(plot, o.title);
}
