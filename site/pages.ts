/**
 * The site's pages: every theory/*.md (rendered at build time) paired with the notebook module of the same name,
 * which defines the page's cells. Notebooks load on demand, one chunk per page.
 */
import type { Notebook } from '../notebooks/notebook.ts';
import type { TheoryPage } from './build/render-theory.ts';

export type DefineNotebook = (notebook: Notebook) => void;

const theory = import.meta.glob<TheoryPage>(['../theory/*.md', '!../theory/README.md'], { eager: true, import: 'default' });
const notebooks = import.meta.glob<{ default: DefineNotebook }>('../notebooks/pages/*.ts');

export interface SitePage extends TheoryPage {
  readonly loadNotebook: () => Promise<DefineNotebook>;
}

export const PAGES: readonly SitePage[] = Object.values(theory)
  .map((page) => {
    const load = notebooks[`../notebooks/pages/${page.slug}.ts`];
    if (!load) throw new Error(`theory/${page.slug}.md has no notebook notebooks/pages/${page.slug}.ts`);
    return { ...page, loadNotebook: async () => (await load()).default };
  })
  .sort((a, b) => a.order - b.order);
