/**
 * A Vite plugin: `import page from '../theory/x.md'` gives the rendered {@link TheoryPage}; a translation
 * `theory/<locale>/x.md` is checked against its English page (same cell markers, same order), so a translation
 * that drifts from the cells fails the build.
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Plugin } from 'vite';
import { checkSameCells, renderTheory } from './render-theory.ts';

export function theoryPages(): Plugin {
  return {
    name: 'gan-theory:theory-pages',
    transform(source, id) {
      if (!id.endsWith('.md')) return null;
      const slug = basename(id, '.md');
      const folder = basename(dirname(id));
      const lang = folder === 'theory' ? 'en' : folder;
      const page = renderTheory(slug, source, lang);
      if (lang !== 'en') {
        const englishPath = join(dirname(dirname(id)), `${slug}.md`);
        this.addWatchFile(englishPath);
        checkSameCells(renderTheory(slug, readFileSync(englishPath, 'utf8')), page);
      }
      return { code: `export default ${JSON.stringify(page)};`, map: null };
    },
  };
}
