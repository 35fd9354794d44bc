/**
 * The distribution editor every page shares. Its `.value` is a Distribution; it fires `input` whenever that
 * changes. Ways to edit, all kept in step:
 *
 * - drag a component's centre on the small plot (pointer or touch), or focus its handle and use the arrow keys;
 * - sliders / number fields for each component's parameters and weight (other weights renormalise as one moves);
 * - add or remove a component; choose "custom density" to type a formula in x on a stated range;
 * - type the whole spec. Invalid text shows the parser's message beside the field and keeps the last valid
 *   distribution on screen.
 */
import * as Plot from '@observablehq/plot';
import { Distribution, SpecError, type ComponentSpec } from '../../src/distributions/distribution.ts';
import { FAMILIES, type ParametricFamilyName } from '../../src/distributions/families.ts';
import type { FamilyName } from '../../src/distributions/family.ts';
import { FormulaError } from '../../src/distributions/formula.ts';
import { parseDistribution } from '../../src/distributions/spec.ts';
import { linspace, plotRange } from '../../src/numerics/panel.ts';

export interface EditorOptions {
  /** Shown as the legend, e.g. "P_data". */
  readonly label: string;
  readonly value: Distribution;
  readonly color: string;
}

export type DistributionEditor = HTMLElement & { value: Distribution };

const FAMILY_LABELS: readonly (readonly [FamilyName, string])[] = [
  ['normal', 'normal'],
  ['laplace', 'Laplace'],
  ['logistic', 'logistic'],
  ['cauchy', 'Cauchy'],
  ['uniform', 'uniform'],
  ['density', 'custom density'],
];

const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits + 0;

/** Weights that keep component i at w and share 1 − w among the others in their old proportions. */
export function renormalise(weights: readonly number[], i: number, w: number): number[] {
  const n = weights.length;
  if (n === 1) return [1];
  const wi = Math.min(1 - 1e-3 * (n - 1), Math.max(1e-3, w));
  const rest = weights.reduce((s, x, j) => (j === i ? s : s + x), 0);
  const out = weights.map((x, j) => (j === i ? wi : rest > 0 ? ((1 - wi) * x) / rest : (1 - wi) / (n - 1)));
  const rounded = out.map((x) => Math.max(1e-4, round(x)));
  // The last of the others takes the remainder, so the weights sum to exactly 1.
  const last = i === n - 1 ? n - 2 : n - 1;
  rounded[last] = round(1 - rounded.reduce((s, x, j) => (j === last ? s : s + x), 0));
  return rounded;
}

/** A sensible new component in the family's own parameters, centred at c with width s. */
function componentFor(family: FamilyName, c: number, s: number, weight: number, formula?: string): ComponentSpec {
  if (family === 'uniform') return { family, params: [round(c - s, 3), round(c + s, 3)], weight };
  if (family === 'density') return { family, params: [round(c - 4 * s, 3), round(c + 4 * s, 3)], weight, formula: formula ?? 'exp(-x^2/2) * (1 + sin(3*x)^2)' };
  return { family, params: [round(c, 3), round(s, 3)], weight };
}

function centreOf(c: ComponentSpec): number {
  return c.family === 'uniform' || c.family === 'density' ? 0.5 * (c.params[0] + c.params[1]) : c.params[0];
}
function widthOf(c: ComponentSpec): number {
  return c.family === 'uniform' ? 0.5 * (c.params[1] - c.params[0]) : c.family === 'density' ? 0.125 * (c.params[1] - c.params[0]) : c.params[1];
}

/** The component moved so that its centre is at x (a uniform or custom range keeps its width). */
function moved(c: ComponentSpec, x: number): ComponentSpec {
  const shift = x - centreOf(c);
  if (c.family === 'uniform' || c.family === 'density') return { ...c, params: [round(c.params[0] + shift, 3), round(c.params[1] + shift, 3)] };
  return { ...c, params: [round(x, 3), c.params[1]] };
}

let uid = 0;

export function distributionEditor(options: EditorOptions): DistributionEditor {
  const id = `editor-${++uid}`;
  const root = document.createElement('fieldset');
  root.className = 'editor';
  root.style.setProperty('--accent', options.color);
  root.innerHTML = `
    <legend></legend>
    <div class="editor-plot"><div class="plot-holder"></div><div class="handles"></div></div>
    <label class="spec-label" for="${id}-spec">Spec</label>
    <div class="spec-row"><input type="text" id="${id}-spec" class="spec" spellcheck="false" autocomplete="off" aria-describedby="${id}-error"></div>
    <p class="spec-error" id="${id}-error" role="alert" aria-live="assertive"></p>
    <ol class="components"></ol>
    <button type="button" class="add">Add a component</button>`;
  root.querySelector('legend')!.textContent = options.label;
  const holder = root.querySelector<HTMLElement>('.plot-holder')!;
  const handles = root.querySelector<HTMLElement>('.handles')!;
  const specField = root.querySelector<HTMLInputElement>('.spec')!;
  const errorBox = root.querySelector<HTMLElement>('.spec-error')!;
  const list = root.querySelector<HTMLOListElement>('.components')!;
  const addButton = root.querySelector<HTMLButtonElement>('.add')!;

  let value = options.value;
  let components: ComponentSpec[] = value.components.map((c) => ({ ...c }));
  let domain: [number, number] = plotRange(value);
  let dragging = false;
  let xScale: { apply: (x: number) => number; invert: (px: number) => number } | undefined;

  const showError = (message: string) => {
    errorBox.textContent = message;
    specField.setAttribute('aria-invalid', message ? 'true' : 'false');
    root.classList.toggle('invalid', message !== '');
  };

  const drawPlot = () => {
    if (!dragging) domain = plotRange(value);
    const width = Math.max(240, Math.min(760, root.clientWidth - 24 || 480));
    const xs = linspace(domain[0], domain[1], 240);
    const ys = xs.map((x) => value.pdf(x));
    const plot = Plot.plot({
      width,
      height: 130,
      marginLeft: 40,
      marginBottom: 28,
      x: { domain, label: null },
      y: { label: 'density', grid: true, nice: true },
      marks: [
        Plot.areaY({ length: xs.length }, { x: (_: unknown, i: number) => xs[i], y: (_: unknown, i: number) => ys[i], fill: options.color, fillOpacity: 0.15 }),
        Plot.lineY({ length: xs.length }, { x: (_: unknown, i: number) => xs[i], y: (_: unknown, i: number) => ys[i], stroke: options.color, strokeWidth: 2 }),
      ],
      style: { background: 'transparent', fontSize: '11px' },
    });
    holder.replaceChildren(plot);
    const scale = plot.scale('x');
    xScale = scale?.invert ? { apply: scale.apply, invert: scale.invert } : undefined;
    placeHandles();
  };

  const placeHandles = () => {
    const existing = [...handles.children] as HTMLButtonElement[];
    components.forEach((c, i) => {
      let h = existing[i];
      if (!h) {
        h = document.createElement('button');
        h.type = 'button';
        h.className = 'handle';
        h.dataset.index = String(i);
        handles.append(h);
        bindHandle(h);
      }
      const x = centreOf(c);
      h.style.left = `${xScale ? xScale.apply(Math.min(domain[1], Math.max(domain[0], x))) : 0}px`;
      h.setAttribute('aria-label', `Centre of component ${i + 1} (${c.family}) at ${+x.toFixed(3)}: drag, or use the arrow keys`);
    });
    for (const extra of existing.slice(components.length)) extra.remove();
  };

  const bindHandle = (h: HTMLButtonElement) => {
    const index = () => Number(h.dataset.index);
    h.addEventListener('pointerdown', (e) => {
      dragging = true;
      h.setPointerCapture(e.pointerId);
      e.preventDefault();
    });
    h.addEventListener('pointermove', (e) => {
      if (!dragging || !h.hasPointerCapture(e.pointerId) || !xScale) return;
      const rect = handles.getBoundingClientRect();
      const x = xScale.invert(e.clientX - rect.left);
      const i = index();
      components[i] = moved(components[i]!, Math.min(domain[1], Math.max(domain[0], x)));
      commit('drag');
    });
    const end = (e: PointerEvent) => {
      if (!dragging) return;
      dragging = false;
      if (h.hasPointerCapture(e.pointerId)) h.releasePointerCapture(e.pointerId);
      drawPlot();
    };
    h.addEventListener('pointerup', end);
    h.addEventListener('pointercancel', end);
    h.addEventListener('keydown', (e) => {
      const step = (e.shiftKey ? 1 : 0.1) * Math.max(0.05, widthOf(components[index()]!));
      const delta = e.key === 'ArrowLeft' || e.key === 'ArrowDown' ? -step : e.key === 'ArrowRight' || e.key === 'ArrowUp' ? step : 0;
      if (!delta) return;
      e.preventDefault();
      const i = index();
      components[i] = moved(components[i]!, centreOf(components[i]!) + delta);
      commit('key');
    });
  };

  const numberField = (label: string, v: number, onChange: (x: number) => void, attrs: { min?: number; max?: number; step?: number; range?: boolean } = {}) => {
    const wrap = document.createElement('label');
    wrap.className = 'param';
    const span = document.createElement('span');
    span.textContent = label;
    wrap.append(span);
    const num = document.createElement('input');
    num.type = 'number';
    num.step = String(attrs.step ?? 0.01);
    num.value = String(v);
    num.setAttribute('aria-label', label);
    if (attrs.range) {
      const range = document.createElement('input');
      range.type = 'range';
      range.min = String(attrs.min ?? -10);
      range.max = String(attrs.max ?? 10);
      range.step = String(attrs.step ?? 0.01);
      range.value = String(v);
      range.setAttribute('aria-label', label);
      range.addEventListener('input', (e) => {
        e.stopPropagation();
        num.value = range.value;
        onChange(Number(range.value));
      });
      wrap.append(range);
    }
    num.addEventListener('input', (e) => e.stopPropagation());
    num.addEventListener('change', () => {
      const x = Number(num.value);
      if (num.value.trim() !== '' && Number.isFinite(x)) onChange(x);
    });
    wrap.append(num);
    return wrap;
  };

  const renderRows = () => {
    list.replaceChildren();
    components.forEach((c, i) => {
      const li = document.createElement('li');
      li.className = 'component';
      const family = document.createElement('select');
      family.setAttribute('aria-label', `Family of component ${i + 1}`);
      for (const [f, text] of FAMILY_LABELS) family.add(new Option(text, f));
      family.value = c.family;
      family.addEventListener('input', (e) => e.stopPropagation());
      family.addEventListener('change', () => {
        const next = family.value as FamilyName;
        components[i] = componentFor(next, centreOf(c), Math.max(0.1, widthOf(c)), c.weight);
        commit('rows');
      });
      li.append(family);
      const set = (k: 0 | 1) => (x: number) => {
        const params: [number, number] = [components[i]!.params[0], components[i]!.params[1]];
        params[k] = x;
        components[i] = { ...components[i]!, params };
        commit('param');
      };
      if (c.family === 'density') {
        const formula = document.createElement('input');
        formula.type = 'text';
        formula.className = 'formula';
        formula.value = c.formula ?? '';
        formula.spellcheck = false;
        formula.setAttribute('aria-label', `Formula in x for component ${i + 1}`);
        formula.addEventListener('input', (e) => e.stopPropagation());
        formula.addEventListener('change', () => {
          components[i] = { ...components[i]!, formula: formula.value };
          commit('param');
        });
        const fl = document.createElement('label');
        fl.className = 'param wide';
        fl.innerHTML = '<span>p(x) ∝</span>';
        fl.append(formula);
        li.append(fl, numberField('from', c.params[0], set(0)), numberField('to', c.params[1], set(1)));
      } else {
        const names = FAMILIES[c.family as ParametricFamilyName].parameters;
        const isScale = (k: number) => k === 1 && c.family !== 'uniform';
        for (const k of [0, 1] as const) {
          li.append(numberField(names[k], c.params[k], set(k), isScale(k) ? { range: true, min: 0.05, max: 5, step: 0.01 } : { range: true, min: -10, max: 10, step: 0.01 }));
        }
      }
      if (components.length > 1) {
        li.append(
          numberField('weight', c.weight, (w) => {
            const weights = renormalise(components.map((x) => x.weight), i, w);
            components = components.map((x, j) => ({ ...x, weight: weights[j]! }));
            commit('weight');
          }, { range: true, min: 0.001, max: 0.999, step: 0.001 }),
        );
        const remove = document.createElement('button');
        remove.type = 'button';
        remove.className = 'remove';
        remove.textContent = 'Remove';
        remove.setAttribute('aria-label', `Remove component ${i + 1}`);
        remove.addEventListener('click', () => {
          const rest = components.filter((_, j) => j !== i);
          const total = rest.reduce((s, x) => s + x.weight, 0);
          const weights = renormalise(rest.map((x) => x.weight / total), 0, rest[0]!.weight / total);
          components = rest.map((x, j) => ({ ...x, weight: weights[j]! }));
          commit('rows');
        });
        li.append(remove);
      }
      list.append(li);
    });
  };

  /** Builds the distribution from the rows; on success it becomes the value, otherwise the message shows. */
  const commit = (source: 'drag' | 'key' | 'param' | 'weight' | 'rows' | 'spec') => {
    let next: Distribution;
    try {
      next = new Distribution(components);
    } catch (e) {
      if (e instanceof SpecError || e instanceof FormulaError || e instanceof RangeError) {
        showError(e.message);
        return;
      }
      throw e;
    }
    showError('');
    value = next;
    if (source !== 'spec') specField.value = value.toString();
    if (source === 'rows' || source === 'weight' || source === 'spec') renderRows();
    else syncRowValues();
    drawPlot();
    root.dispatchEvent(new Event('input'));
  };

  /** Refresh the numbers shown in rows after a drag or slider move, without rebuilding them (keeps focus). */
  const syncRowValues = () => {
    list.querySelectorAll<HTMLLIElement>('li.component').forEach((li, i) => {
      const c = components[i]!;
      const fields = li.querySelectorAll<HTMLLabelElement>('label.param');
      const values = c.family === 'density' ? [null, c.params[0], c.params[1], c.weight] : [c.params[0], c.params[1], c.weight];
      fields.forEach((label, k) => {
        const v = values[k];
        if (v === null || v === undefined) return;
        for (const input of label.querySelectorAll('input')) if (document.activeElement !== input) input.value = String(v);
      });
    });
  };

  specField.addEventListener('input', (e) => {
    e.stopPropagation();
    try {
      const d = parseDistribution(specField.value);
      components = d.components.map((c) => ({ ...c }));
      commit('spec');
    } catch (err) {
      if (err instanceof SpecError) showError(err.message);
      else throw err;
    }
  });
  specField.addEventListener('change', (e) => e.stopPropagation());

  addButton.addEventListener('click', () => {
    const [lo, hi] = plotRange(value);
    const n = components.length;
    const share = round(1 / (n + 1));
    const weights = renormalise([...components.map((c) => c.weight * (1 - share)), share], n, share);
    components = [...components.map((c, j) => ({ ...c, weight: weights[j]! })), componentFor('normal', round(hi - 0.25 * (hi - lo), 2), round(0.1 * (hi - lo), 2), weights[n]!)];
    commit('rows');
  });

  specField.value = value.toString();
  renderRows();
  // Draw once the element is in the page and has a width.
  requestAnimationFrame(drawPlot);

  Object.defineProperty(root, 'value', {
    get: () => value,
    set: (d: Distribution) => {
      if (!(d instanceof Distribution)) throw new RangeError('the editor takes a Distribution');
      value = d;
      components = d.components.map((c) => ({ ...c }));
      specField.value = d.toString();
      showError('');
      renderRows();
      drawPlot();
    },
    configurable: true,
  });
  return root as unknown as DistributionEditor;
}
