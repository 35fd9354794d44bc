/**
 * How a link shows a page: `embed=<cell>` shows that cell alone with the controls it reads (for an iframe in a
 * slide or a course page), and `hide=a,b` hides named cells (a lesson link that keeps the reader on one control).
 */
import type { Notebook } from '../notebooks/notebook.ts';

/** The names in a `hide` parameter (comma-separated, blanks ignored). */
export function hiddenCells(text: string | undefined): string[] {
  return (text ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

/** Hides the named cells; returns the names that match no cell on the page. */
export function hideCells(article: ParentNode, names: readonly string[]): string[] {
  const unknown: string[] = [];
  for (const name of names) {
    const slot = article.querySelector(`[data-cell="${CSS.escape(name)}"]`);
    if (slot) slot.classList.add('hidden-by-link');
    else unknown.push(name);
  }
  return unknown;
}

/**
 * Replaces the article's contents with the embedded cell and what it needs (its inputs, or a trainer's controls),
 * in page order: controls first, then the cell. Returns false (and changes nothing) when there is no such cell.
 */
export function embedCell(article: HTMLElement, notebook: Notebook, name: string, source: { href: string; text: string }): boolean {
  const target = article.querySelector<HTMLElement>(`[data-cell="${CSS.escape(name)}"]`);
  if (!target || !notebook.has(name)) return false;
  const keep = notebook.embedded(name);
  const slots = [...article.querySelectorAll<HTMLElement>('[data-cell]')].filter((s) => keep.has(s.dataset.cell!) && s !== target);
  const controls = document.createElement('div');
  controls.className = 'embed-controls';
  controls.append(...slots);
  const link = document.createElement('a');
  link.className = 'embed-source';
  link.href = source.href;
  link.target = '_blank';
  link.rel = 'noopener';
  link.textContent = source.text;
  article.replaceChildren(...(slots.length ? [controls] : []), target, link);
  article.classList.add('embedded-cell');
  return true;
}
