import katex from 'katex';
import { MACROS } from '../../src/notation.ts';

/** Inline TeX as HTML (for labels the cells produce at run time; page prose is rendered at build time). */
export function tex(source: string, displayMode = false): string {
  return katex.renderToString(source, { throwOnError: false, displayMode, macros: { ...MACROS } });
}
