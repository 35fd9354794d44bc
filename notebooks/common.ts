/**
 * Cells several pages share: the two distribution editors (kept in the URL), the figure width, and the x grid
 * both distributions are drawn on.
 */
import type { Distribution } from '../src/distributions/distribution.ts';
import { parseDistribution } from '../src/distributions/spec.ts';
import { linspace, plotRange } from '../src/numerics/panel.ts';
import { checkPlottable } from '../src/numerics/plottable.ts';
import { distributionEditor } from './components/distribution-editor.ts';
import { slider, widthInput, type SliderOptions } from './components/inputs.ts';
import { t } from './components/messages.ts';
import type { Notebook } from './notebook.ts';

/** How long slow cells wait for their inputs to be still before computing (see Notebook.cell's `defer`). */
export const DEFER = 150;

export const COLORS = { data: '#1f6feb', gen: '#d1495b', optimum: '#2a9d3f', model: '#8a5cf6', other: '#c98a00' } as const;

/** An editor for a distribution, kept in the URL as its spec text. */
export function distributionInput(nb: Notebook, name: string, label: string, spec: string, color: string): void {
  nb.input(name, distributionEditor({ label, value: parseDistribution(spec), color }), {
    serialize: (d: Distribution) => d.toString(),
    // Checked against everything the cells need, so a link's bad value is refused before it reaches the editor.
    parse: (text: string) => checkPlottable(parseDistribution(text)),
  });
}

/** A numeric slider kept in the URL; a hand-edited value outside [min, max] or not a number is refused. */
export function sliderInput(nb: Notebook, name: string, options: SliderOptions): void {
  nb.input(name, slider(options), {
    serialize: (v: number) => String(+v.toPrecision(8)),
    parse: (text: string) => {
      const v = Number(text);
      if (text.trim() === '' || !Number.isFinite(v)) throw new RangeError(t('input.notANumber', { text }));
      if (v < options.min || v > options.max) throw new RangeError(t('input.outside', { value: v, min: options.min, max: options.max }));
      return v;
    },
  });
}

/** `width`: the main column's width in pixels (figures redraw when it changes; their numbers do not recompute). */
export function widthCell(nb: Notebook): void {
  // Before layout (or in a hidden tab) the column can measure 0: figures never get less than a phone's width.
  const column = () => document.querySelector('article.theory')?.clientWidth || 640;
  nb.input('width', widthInput(() => Math.max(280, Math.min(720, column()))));
}

/** `grid`: 512 points spanning both distributions' bulk. */
export function gridCell(nb: Notebook, ...names: string[]): void {
  nb.cell('grid', names, (...ds: Distribution[]) => linspace(...plotRange(...ds), 512));
}
