/** The editor's small plot of the density it holds, and the x scale its handles are placed with. */
import * as Plot from '@observablehq/plot';
import type { Distribution } from '../../../src/distributions/distribution.ts';
import { linspace } from '../../../src/numerics/panel.ts';
import { t } from '../messages.ts';

/** Data x ↔ pixels across the plot. */
export interface XScale {
  readonly apply: (x: number) => number;
  readonly invert: (px: number) => number;
}

/** Draws the density of `value` over `domain` into `holder`, `width` pixels wide; returns the plot's x scale. */
export function drawDensityPlot(holder: HTMLElement, value: Distribution, domain: [number, number], width: number, color: string): XScale | undefined {
  const xs = linspace(domain[0], domain[1], 240);
  const ys = xs.map((x) => value.pdf(x));
  const plot = Plot.plot({
    width,
    height: 130,
    marginLeft: 40,
    marginBottom: 28,
    x: { domain, label: null },
    y: { label: t('figure.density'), grid: true, nice: true },
    marks: [
      Plot.areaY({ length: xs.length }, { x: (_: unknown, i: number) => xs[i], y: (_: unknown, i: number) => ys[i], fill: color, fillOpacity: 0.15 }),
      Plot.lineY({ length: xs.length }, { x: (_: unknown, i: number) => xs[i], y: (_: unknown, i: number) => ys[i], stroke: color, strokeWidth: 2 }),
    ],
    style: { background: 'transparent', fontSize: '11px' },
  });
  holder.replaceChildren(plot);
  const scale = plot.scale('x');
  return scale?.invert ? { apply: scale.apply, invert: scale.invert } : undefined;
}
