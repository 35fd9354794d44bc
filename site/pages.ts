/**
 * The site's pages: every theory/*.md (rendered at build time) paired with the notebook module of the same name,
 * which defines the page's cells, and its translations theory/<locale>/*.md (same cells, checked at build time).
 * Notebooks load on demand, one chunk per page; the same notebook serves every language.
 */
import type { Locale } from '../notebooks/i18n.ts';
import type { Notebook } from '../notebooks/notebook.ts';
import type { TheoryPage } from './build/render-theory.ts';

export type DefineNotebook = (notebook: Notebook) => void;

const theory = import.meta.glob<TheoryPage>(['../theory/*.md', '!../theory/README.md'], { eager: true, import: 'default' });
const translated = import.meta.glob<TheoryPage>(['../theory/zh-CN/*.md', '!../theory/zh-CN/README.md'], { eager: true, import: 'default' });
const notebooks = import.meta.glob<{ default: DefineNotebook }>('../notebooks/pages/*.ts');

export interface SitePage extends TheoryPage {
  readonly loadNotebook: () => Promise<DefineNotebook>;
  /** The page in other languages, where it has been translated. */
  readonly translations: Partial<Record<Locale, TheoryPage>>;
}

export const PAGES: readonly SitePage[] = Object.values(theory)
  .map((page) => {
    const load = notebooks[`../notebooks/pages/${page.slug}.ts`];
    if (!load) throw new Error(`theory/${page.slug}.md has no notebook notebooks/pages/${page.slug}.ts`);
    const translations: Partial<Record<Locale, TheoryPage>> = {};
    for (const t of Object.values(translated)) if (t.slug === page.slug) translations[t.lang as Locale] = t;
    return { ...page, translations, loadNotebook: async () => (await load()).default };
  })
  .sort((a, b) => a.order - b.order);

for (const t of Object.values(translated)) {
  if (!PAGES.some((p) => p.slug === t.slug)) throw new Error(`theory/${t.lang}/${t.slug}.md translates no page (there is no theory/${t.slug}.md)`);
}

/** The page in a language: its translation, or the English page marked as untranslated. */
export function localized(page: SitePage, locale: Locale): TheoryPage & { readonly translated: boolean } {
  if (locale === 'en') return { ...page, translated: true };
  const t = page.translations[locale];
  return t ? { ...t, order: page.order, translated: true } : { ...page, translated: false };
}
