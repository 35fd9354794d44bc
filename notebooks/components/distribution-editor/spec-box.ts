/**
 * The spec text field: the whole distribution as text, kept in step with every other edit. Typing a valid spec
 * replaces the components; invalid text shows the parser's message (in the page's language) beside the field (and marks it invalid) while
 * the last valid distribution stays on screen.
 */
import { SpecError, type ComponentSpec, type Distribution } from '../../../src/distributions/distribution.ts';
import { parseDistribution } from '../../../src/distributions/spec.ts';
import { errorMessage } from '../error-message.ts';

export interface SpecBox {
  /** Shows the spec of `value` in the field. */
  show(value: Distribution): void;
  /** Shows a message (or clears it with ''), marking the field and the editor invalid while one shows. */
  showError(message: string): void;
}

/** Wires `field` and `errorBox`; `onSpec` gets the components of each valid spec typed. */
export function specBox(field: HTMLInputElement, errorBox: HTMLElement, editor: HTMLElement, onSpec: (components: ComponentSpec[]) => void): SpecBox {
  const showError = (message: string) => {
    errorBox.textContent = message;
    field.setAttribute('aria-invalid', message ? 'true' : 'false');
    editor.classList.toggle('invalid', message !== '');
  };
  field.addEventListener('input', (e) => {
    e.stopPropagation();
    let components: ComponentSpec[];
    try {
      components = parseDistribution(field.value).components.map((c) => ({ ...c }));
    } catch (err) {
      if (err instanceof SpecError) {
        showError(errorMessage(err));
        return;
      }
      throw err;
    }
    onSpec(components);
  });
  field.addEventListener('change', (e) => e.stopPropagation());
  return { show: (value) => void (field.value = value.toString()), showError };
}
