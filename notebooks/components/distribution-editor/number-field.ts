/** A labelled number field, optionally with a slider beside it: the control each component parameter gets. */

export interface NumberFieldOptions {
  readonly min?: number;
  readonly max?: number;
  readonly step?: number;
  /** Add a range slider (min…max) that moves with the number. */
  readonly range?: boolean;
}

/**
 * `<label class="param">` holding the label, the slider (if any) and the number field. The slider reports every
 * move; the number field reports when a finite number is committed (change), so typing "-" or "1e" is no edit.
 * Their own `input` events stop here: the editor fires one `input` for the whole distribution.
 */
export function numberField(label: string, value: number, onChange: (x: number) => void, options: NumberFieldOptions = {}): HTMLLabelElement {
  const wrap = document.createElement('label');
  wrap.className = 'param';
  const span = document.createElement('span');
  span.textContent = label;
  wrap.append(span);
  const num = document.createElement('input');
  num.type = 'number';
  num.step = String(options.step ?? 0.01);
  num.value = String(value);
  num.setAttribute('aria-label', label);
  if (options.range) {
    const range = document.createElement('input');
    range.type = 'range';
    range.min = String(options.min ?? -10);
    range.max = String(options.max ?? 10);
    range.step = String(options.step ?? 0.01);
    range.value = String(value);
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
}
