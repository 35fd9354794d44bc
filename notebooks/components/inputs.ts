/**
 * Labelled inputs for the notebooks: each returns an element with a `.value` that fires `input` events, the
 * contract the notebook runtime reads. They are real form controls, so they work by keyboard and on touch.
 */
import { t } from './messages.ts';

let uid = 0;
const nextId = (prefix: string) => `${prefix}-${++uid}`;

export type ValueElement<T> = HTMLElement & { value: T };

function withValue<T>(element: HTMLElement, get: () => T, set: (v: T) => void): ValueElement<T> {
  Object.defineProperty(element, 'value', { get, set, configurable: true });
  return element as ValueElement<T>;
}

export interface SliderOptions {
  readonly label: string;
  readonly min: number;
  readonly max: number;
  readonly step?: number;
  readonly value: number;
  /** Shown beside the number field, e.g. "nats". */
  readonly unit?: string;
  /** Map the slider logarithmically (for sample sizes, learning rates). */
  readonly log?: boolean;
  /** Format of the number field (default: as typed). */
  readonly format?: (v: number) => string;
}

/** A range slider with a number field beside it; either one sets the value. Out-of-range typing is clamped. */
export function slider(options: SliderOptions): ValueElement<number> {
  const { label, min, max, log = false } = options;
  const step = options.step ?? (max - min) / 200;
  const format = options.format ?? ((v: number) => String(+v.toPrecision(6)));
  const id = nextId('slider');
  const root = document.createElement('div');
  root.className = 'slider';
  root.innerHTML = `<label for="${id}"></label><input type="range" id="${id}"><input type="number" aria-label=""><span class="unit"></span>`;
  root.querySelector('label')!.textContent = label;
  const range = root.querySelector<HTMLInputElement>('input[type=range]')!;
  const number = root.querySelector<HTMLInputElement>('input[type=number]')!;
  number.setAttribute('aria-label', t('input.exactValue', { label }));
  root.querySelector('.unit')!.textContent = options.unit ?? '';
  const toRange = (v: number) => (log ? Math.log(v) : v);
  const fromRange = (r: number) => (log ? Math.exp(r) : r);
  range.min = String(toRange(min));
  range.max = String(toRange(max));
  range.step = log ? 'any' : String(step);
  number.min = String(min);
  number.max = String(max);
  number.step = log ? 'any' : String(step);
  let value = options.value;
  const show = () => {
    range.value = String(toRange(value));
    number.value = format(value);
    range.setAttribute('aria-valuetext', `${format(value)}${options.unit ? ` ${options.unit}` : ''}`);
  };
  show();
  const emit = () => root.dispatchEvent(new Event('input', { bubbles: false }));
  range.addEventListener('input', (e) => {
    e.stopPropagation();
    const v = fromRange(Number(range.value));
    value = log ? v : Math.round(v / step) * step;
    number.value = format(value);
    range.setAttribute('aria-valuetext', format(value));
    emit();
  });
  number.addEventListener('input', (e) => e.stopPropagation());
  number.addEventListener('change', () => {
    const v = Number(number.value);
    if (number.value.trim() === '' || !Number.isFinite(v)) {
      show();
      return;
    }
    value = Math.min(max, Math.max(min, v));
    show();
    emit();
  });
  return withValue(root, () => value, (v: number) => {
    value = v;
    show();
  });
}

export interface SelectOptions<T extends string> {
  readonly label: string;
  readonly options: readonly (readonly [T, string])[];
  readonly value: T;
}

export function select<T extends string>(options: SelectOptions<T>): ValueElement<T> {
  const id = nextId('select');
  const root = document.createElement('div');
  root.className = 'select';
  root.innerHTML = `<label for="${id}"></label><select id="${id}"></select>`;
  root.querySelector('label')!.textContent = options.label;
  const el = root.querySelector('select')!;
  for (const [value, text] of options.options) el.add(new Option(text, value));
  el.value = options.value;
  el.addEventListener('input', (e) => {
    e.stopPropagation();
    root.dispatchEvent(new Event('input'));
  });
  el.addEventListener('change', (e) => e.stopPropagation());
  const allowed = new Set(options.options.map(([v]) => v));
  return withValue(root, () => el.value as T, (v: T) => {
    if (!allowed.has(v)) throw new RangeError(`'${v}' is not one of ${[...allowed].join(', ')}`);
    el.value = v;
  });
}

/** A button whose value counts its presses (a "resample" button re-runs what depends on it). */
export function counterButton(label: string, value = 0): ValueElement<number> {
  const root = document.createElement('div');
  root.className = 'button-row';
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = label;
  root.append(button);
  let count = value;
  button.addEventListener('click', () => {
    count++;
    root.dispatchEvent(new Event('input'));
  });
  return withValue(root, () => count, (v: number) => {
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`expected a count, got ${v}`);
    count = v;
  });
}

/** The main column's width, for figures: an input that changes when the window is resized. */
export function widthInput(column: () => number): ValueElement<number> & EventTarget {
  const target = document.createElement('span');
  let width = Math.round(column());
  let frame = 0;
  window.addEventListener('resize', () => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(() => {
      const next = Math.round(column());
      if (next !== width) {
        width = next;
        target.dispatchEvent(new Event('input'));
      }
    });
  });
  return withValue(target, () => width, (v: number) => (width = v));
}

/** A labelled checkbox; its value is a boolean. */
export function checkbox(label: string, value = false): ValueElement<boolean> {
  const id = nextId('checkbox');
  const root = document.createElement('div');
  root.className = 'checkbox';
  root.innerHTML = `<input type="checkbox" id="${id}"><label for="${id}"></label>`;
  root.querySelector('label')!.textContent = label;
  const box = root.querySelector('input')!;
  box.checked = value;
  box.addEventListener('input', (e) => {
    e.stopPropagation();
    root.dispatchEvent(new Event('input'));
  });
  box.addEventListener('change', (e) => e.stopPropagation());
  return withValue(root, () => box.checked, (v: boolean) => (box.checked = v));
}
