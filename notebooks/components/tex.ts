import katex from 'katex';
import { MACROS } from '../../src/notation.ts';

// Live cells redraw the same labels many times a second while training: render each source once.
const rendered = new Map<string, string>();
const MAX_CACHED = 2_000;

/** Inline TeX as HTML (for labels the cells produce at run time; page prose is rendered at build time). */
export function tex(source: string, displayMode = false): string {
  const key = `${displayMode ? 'D' : 'I'}${source}`;
  let html = rendered.get(key);
  if (html === undefined) {
    html = katex.renderToString(source, { throwOnError: false, displayMode, macros: { ...MACROS } });
    if (rendered.size >= MAX_CACHED) rendered.clear();
    rendered.set(key, html);
  }
  return html;
}
