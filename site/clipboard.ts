/**
 * Copying a link in one click: the Clipboard API where the page may use it, else a selected text field the reader
 * copies from (an embedded page or an old browser may refuse the clipboard), so the action never silently fails.
 */

/** Copies text; resolves true when it reached the clipboard. */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * A button that copies `text()` and says so for two seconds; where the clipboard is refused it shows the text in a
 * selected field beside it instead.
 */
export function copyButton(label: string, copied: string, manual: string, text: () => string, className = 'copy-link'): HTMLElement {
  const root = document.createElement('span');
  root.className = className;
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = label;
  const status = document.createElement('span');
  status.className = 'copy-status';
  status.setAttribute('role', 'status');
  root.append(button, status);
  let timer = 0;
  button.addEventListener('click', async () => {
    const value = text();
    root.dataset.copied = value;
    root.querySelector('input')?.remove();
    if (await copyText(value)) {
      status.textContent = copied;
    } else {
      status.textContent = manual;
      const field = document.createElement('input');
      field.readOnly = true;
      field.value = value;
      field.className = 'copy-field';
      field.setAttribute('aria-label', label);
      root.append(field);
      field.select();
    }
    clearTimeout(timer);
    timer = window.setTimeout(() => (status.textContent = ''), 2500);
  });
  return root;
}
