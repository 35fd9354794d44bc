/** The formula field of a custom-density component: "p(x) ∝ [formula]", committed when the text is changed. */
import { t } from '../messages.ts';

/** `<label class="param wide">` with the formula's text field; `onChange` gets the new text on change. */
export function formulaField(formula: string, index: number, onChange: (formula: string) => void): HTMLLabelElement {
  const field = document.createElement('input');
  field.type = 'text';
  field.className = 'formula';
  field.value = formula;
  field.spellcheck = false;
  field.setAttribute('aria-label', t('editor.formulaLabel', { n: index + 1 }));
  field.addEventListener('input', (e) => e.stopPropagation());
  field.addEventListener('change', () => onChange(field.value));
  const label = document.createElement('label');
  label.className = 'param wide';
  label.innerHTML = '<span>p(x) ∝</span>';
  label.append(field);
  return label;
}
