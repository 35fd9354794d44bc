/**
 * The distribution editor every page shares. Its `.value` is a Distribution; it fires `input` whenever that
 * changes. Ways to edit, all kept in step:
 *
 * - drag a component's centre on the small plot (pointer or touch), or focus its handle and use the arrow keys
 *   (centre-handles.ts);
 * - sliders / number fields for each component's parameters and weight, other weights renormalising as one
 *   moves; add or remove a component; choose "custom density" to type a formula in x on a stated range
 *   (component-rows.ts, number-field.ts, custom-formula.ts);
 * - type the whole spec (spec-box.ts). Invalid text shows the parser's message (in the page's language) beside the
 *   field and keeps the last valid distribution on screen.
 *
 * What every edit does to the list of components is component-list.ts (pure, tested without a browser); this
 * module holds the state and composes the parts.
 */
import { coded } from '../../../src/distributions/coded.ts';
import { Distribution, SpecError, type ComponentSpec } from '../../../src/distributions/distribution.ts';
import { FormulaError } from '../../../src/distributions/formula.ts';
import { MAX_COMPONENTS } from '../../../src/distributions/spec.ts';
import { plotRange } from '../../../src/numerics/panel.ts';
import { checkPlottable } from '../../../src/numerics/plottable.ts';
import { errorMessage } from '../error-message.ts';
import { t } from '../messages.ts';
import { centreHandles } from './centre-handles.ts';
import { withAddedComponent } from './component-list.ts';
import { componentRows } from './component-rows.ts';
import { drawDensityPlot, type XScale } from './density-plot.ts';
import { specBox } from './spec-box.ts';

export { renormalise } from './component-list.ts';

export interface EditorOptions {
  /** Shown as the legend, e.g. "P_data". */
  readonly label: string;
  readonly value: Distribution;
  readonly color: string;
}

export type DistributionEditor = HTMLElement & { value: Distribution };

/** Where an edit came from: it decides whether the rows are rebuilt and whether the spec field is rewritten. */
type Source = 'drag' | 'key' | 'param' | 'weight' | 'rows' | 'spec';

let uid = 0;

/** The editor's markup: legend, plot with handles, spec field and message, component rows, add button. */
function skeleton(label: string, color: string): HTMLFieldSetElement {
  const id = `editor-${++uid}`;
  const root = document.createElement('fieldset');
  root.className = 'editor';
  root.style.setProperty('--accent', color);
  root.innerHTML = `
    <legend></legend>
    <div class="editor-plot"><div class="plot-holder"></div><div class="handles"></div></div>
    <label class="spec-label" for="${id}-spec">${t('editor.spec')}</label>
    <div class="spec-row"><input type="text" id="${id}-spec" class="spec" spellcheck="false" autocomplete="off" aria-describedby="${id}-error"></div>
    <p class="spec-error" id="${id}-error" role="alert" aria-live="assertive"></p>
    <ol class="components"></ol>
    <button type="button" class="add">${t('editor.add')}</button>`;
  root.querySelector('legend')!.textContent = label;
  return root;
}

export function distributionEditor(options: EditorOptions): DistributionEditor {
  const root = skeleton(options.label, options.color);
  const part = <E extends Element>(selector: string) => root.querySelector<E>(selector)!;

  let value = options.value;
  let components: ComponentSpec[] = value.components.map((c) => ({ ...c }));
  let domain: [number, number] = plotRange(value);
  let dragging = false;
  let xScale: XScale | undefined;

  const update = (next: ComponentSpec[], source: Source) => {
    components = next;
    commit(source);
  };
  const spec = specBox(part<HTMLInputElement>('.spec'), part<HTMLElement>('.spec-error'), root, (next) => update(next, 'spec'));
  const rows = componentRows(part<HTMLOListElement>('.components'), { components: () => components, update });
  const handles = centreHandles(part<HTMLElement>('.handles'), {
    components: () => components,
    domain: () => domain,
    xScale: () => xScale,
    update,
    isDragging: () => dragging,
    dragging: (on) => {
      dragging = on;
      if (!on) draw();
    },
  });

  /** Redraws the plot (over a fresh range unless a drag is under way) and puts the handles on it. */
  const draw = () => {
    if (!dragging) domain = plotRange(value);
    const width = Math.max(240, Math.min(760, root.clientWidth - 24 || 480));
    xScale = drawDensityPlot(part<HTMLElement>('.plot-holder'), value, domain, width, options.color);
    handles.place();
  };

  /** Builds the distribution from the components; on success it becomes the value, otherwise the message shows. */
  const commit = (source: Source) => {
    let next: Distribution;
    try {
      // The same bounds a typed spec or a link meets: at most MAX_COMPONENTS, and something every cell can draw.
      if (components.length > MAX_COMPONENTS) throw new SpecError(coded('editor.tooManyComponents', { max: MAX_COMPONENTS }, `a mixture may have at most ${MAX_COMPONENTS} components`));
      next = checkPlottable(new Distribution(components));
    } catch (e) {
      if (e instanceof SpecError || e instanceof FormulaError || e instanceof RangeError) {
        spec.showError(errorMessage(e));
        return;
      }
      throw e;
    }
    spec.showError('');
    value = next;
    if (source !== 'spec') spec.show(value);
    if (source === 'rows' || source === 'weight' || source === 'spec') rows.render();
    else rows.sync();
    draw();
    root.dispatchEvent(new Event('input'));
  };

  part<HTMLButtonElement>('.add').addEventListener('click', () => update(withAddedComponent(components, plotRange(value)), 'rows'));

  spec.show(value);
  rows.render();
  // Draw once the element is in the page and has a width.
  requestAnimationFrame(draw);

  Object.defineProperty(root, 'value', {
    get: () => value,
    set: (d: Distribution) => {
      if (!(d instanceof Distribution)) throw new RangeError('the editor takes a Distribution');
      value = d;
      components = d.components.map((c) => ({ ...c }));
      spec.show(d);
      spec.showError('');
      rows.render();
      draw();
    },
    configurable: true,
  });
  return root as unknown as DistributionEditor;
}
