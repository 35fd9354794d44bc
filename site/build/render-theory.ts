/**
 * Turns a theory page (Markdown with $…$ / $$…$$ maths and cell markers) into HTML at build time: KaTeX renders the
 * maths, so the browser receives finished markup. A cell marker names the notebook cell that fills it:
 *
 *   ::: check logOfProduct        a live check under a derivation step
 *   :::
 *   ::: cell likelihoodFigure     a figure or an input
 *   :::
 *
 * A page starts with a small header of `key: value` lines between `---` fences (title, order, summary).
 */
import katex from 'katex';
import MarkdownIt, { type PluginWithParams } from 'markdown-it';
import container from 'markdown-it-container';
import texmath from 'markdown-it-texmath';
import { MACROS } from '../../src/notation.ts';

export interface TheoryPage {
  readonly slug: string;
  /** The page's language: 'en' for theory/<slug>.md, the folder's name for theory/<locale>/<slug>.md. */
  readonly lang: string;
  readonly title: string;
  readonly order: number;
  readonly summary: string;
  readonly html: string;
  /** Cell names in the order they appear, with their role. */
  readonly cells: readonly { readonly name: string; readonly kind: 'cell' | 'check' }[];
}


// texmath swallows KaTeX's exceptions into the page text, and keeps the first engine it is given for good, so one
// module-level engine records errors into the list of the page being rendered; the build then fails on them.
let texErrors: string[] = [];
const engine = {
  renderToString(tex: string, options: katex.KatexOptions) {
    try {
      return katex.renderToString(tex, options);
    } catch (e) {
      texErrors.push(`${tex.trim()} — ${(e as Error).message}`);
      throw e;
    }
  },
};

function markdown(cells: TheoryPage['cells'][number][]): MarkdownIt {
  const md = new MarkdownIt({ html: true, typographer: true });
  md.use(texmath, { engine, delimiters: 'dollars', katexOptions: { throwOnError: true, strict: 'error', macros: { ...MACROS } } });
  for (const kind of ['cell', 'check'] as const) {
    // (cast: @types/markdown-it-container is typed against an older markdown-it)
    md.use(container as unknown as PluginWithParams, kind, {
      validate: (params: string) => new RegExp(`^${kind}\\s+[A-Za-z][A-Za-z0-9]*\\s*$`).test(params.trim()),
      render(tokens: { info: string; nesting: number }[], idx: number) {
        const token = tokens[idx]!;
        if (token.nesting !== 1) return '</div>\n';
        const name = token.info.trim().slice(kind.length).trim();
        cells.push({ name, kind });
        const label = kind === 'check' ? ' role="status" aria-live="polite"' : '';
        return `<div class="${kind}" data-cell="${name}"${label}>`;
      },
    });
  }
  return md;
}

export function renderTheory(slug: string, source: string, lang = 'en'): TheoryPage {
  const file = lang === 'en' ? `theory/${slug}.md` : `theory/${lang}/${slug}.md`;
  const header = /^---\n([\s\S]*?)\n---\n/.exec(source);
  if (!header) throw new Error(`${file} must start with a --- header holding title, order and summary`);
  const meta: Record<string, string> = {};
  for (const line of header[1]!.split('\n')) {
    const m = /^(\w+):\s*(.*)$/.exec(line.trim());
    if (m) meta[m[1]!] = m[2]!;
  }
  // A translation takes its place in the contents from the English page, so it has no order of its own.
  for (const key of lang === 'en' ? ['title', 'order', 'summary'] : ['title', 'summary']) if (!meta[key]) throw new Error(`${file}: the header needs '${key}:'`);
  if (lang !== 'en' && meta.order) throw new Error(`${file}: a translation takes its order from theory/${slug}.md; remove its 'order:' line`);
  const cells: TheoryPage['cells'][number][] = [];
  texErrors = [];
  const html = markdown(cells).render(source.slice(header[0].length));
  if (texErrors.length) throw new Error(`${file}: KaTeX cannot render:\n${texErrors.join('\n')}`);
  return { slug, lang, title: meta.title!, order: lang === 'en' ? Number(meta.order) : NaN, summary: meta.summary!, html, cells };
}

/**
 * A translation must have the same cell and check markers as its English page, in the same order (the cells are
 * shared, so a missing or extra marker would leave a placeholder empty or a cell unplaced). Throws naming the first
 * difference.
 */
export function checkSameCells(english: TheoryPage, translation: TheoryPage): void {
  const show = (c: TheoryPage['cells'][number] | undefined) => (c ? `::: ${c.kind} ${c.name}` : 'nothing');
  const n = Math.max(english.cells.length, translation.cells.length);
  for (let i = 0; i < n; i++) {
    const [a, b] = [english.cells[i], translation.cells[i]];
    if (a?.name !== b?.name || a?.kind !== b?.kind) {
      throw new Error(`theory/${translation.lang}/${translation.slug}.md: marker ${i + 1} is ${show(b)} but theory/${english.slug}.md has ${show(a)} there; a translation keeps the English page's cell and check markers, in order`);
    }
  }
}
