/** A Vite plugin: `import page from '../theory/x.md'` gives the rendered {@link TheoryPage}. */
import { basename } from 'node:path';
import type { Plugin } from 'vite';
import { renderTheory } from './render-theory.ts';

export function theoryPages(): Plugin {
  return {
    name: 'gan-theory:theory-pages',
    transform(source, id) {
      if (!id.endsWith('.md')) return null;
      const page = renderTheory(basename(id, '.md'), source);
      return { code: `export default ${JSON.stringify(page)};`, map: null };
    },
  };
}
