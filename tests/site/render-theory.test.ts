import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderTheory } from '../../site/build/render-theory.ts';

const THEORY = join(import.meta.dirname, '../../theory');
const NOTEBOOKS = join(import.meta.dirname, '../../notebooks/pages');
const pages = readdirSync(THEORY).filter((f) => f.endsWith('.md') && f !== 'README.md');

describe('renderTheory', () => {
  it('renders $…$ and $$…$$ with KaTeX at build time and lists the cells in order', () => {
    const page = renderTheory('t', '---\ntitle: T\norder: 1\nsummary: S\n---\nInline $\\KL(P\\|Q)$.\n\n$$\\Dstar(x)$$\n\n::: check first\n:::\n\n::: cell second\n:::\n');
    expect(page.html).toContain('class="katex"');
    expect(page.html).not.toContain('$');
    expect(page.cells).toEqual([{ name: 'first', kind: 'check' }, { name: 'second', kind: 'cell' }]);
    expect(page.html).toContain('<div class="check" data-cell="first" role="status" aria-live="polite">');
  });

  it('fails the build on bad TeX instead of shipping an error box', () => {
    expect(() => renderTheory('t', '---\ntitle: T\norder: 1\nsummary: S\n---\n$\\frac{1}{$\n')).toThrow();
  });

  it('requires the header', () => {
    expect(() => renderTheory('t', '# no header')).toThrow(/must start with a --- header/);
    expect(() => renderTheory('t', '---\ntitle: T\n---\nx')).toThrow(/needs 'order:'/);
  });
});

describe('the theory pages', () => {
  it('are the derivations and the training pages, in order, each with a notebook of the same name', () => {
    const rendered = pages.map((f) => renderTheory(f.replace(/\.md$/, ''), readFileSync(join(THEORY, f), 'utf8'))).sort((a, b) => a.order - b.order);
    expect(rendered.map((p) => p.slug).slice(0, 10)).toEqual(['mle-is-kl', 'pushforward', 'optimal-discriminator', 'value-is-jsd', 'kl-asymmetry', 'training-game', 'jsd-goes-flat', 'non-saturating-loss', 'mode-collapse', 'train-1d']);
    const notebooks = readdirSync(NOTEBOOKS).map((f) => f.replace(/\.ts$/, ''));
    for (const p of rendered) {
      expect(notebooks).toContain(p.slug);
      expect(p.cells.filter((c) => c.kind === 'check').length, `${p.slug} has checks`).toBeGreaterThan(0);
      // Each name names one cell: a duplicate placeholder would show one cell twice, or one of them empty.
      expect(new Set(p.cells.map((c) => c.name)).size).toBe(p.cells.length);
    }
  });
});
