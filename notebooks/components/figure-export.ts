/**
 * A figure as a file to take away: the plots in a cell (Observable Plot's SVG, or a canvas of digits) laid out
 * with their captions and legends as one SVG or PNG, with a caption line naming what was drawn (the page, the
 * distributions' specs and settings) and the same in the file's metadata (SVG `<title>`, `<desc>`, `<metadata>`;
 * PNG iTXt chunks). One layout is drawn twice, as SVG markup and on a canvas, so the two files show the same thing.
 */
import { withTextChunks } from './png-text.ts';

/** What a downloaded figure says about itself. */
export interface FigureInfo {
  /** A heading line: the page's title. */
  readonly title: string;
  /** Lines under the figure: the distributions' specs and settings it was drawn for, and where it came from. */
  readonly lines: readonly string[];
  /** Machine-readable metadata (page, cell, state, link), stored as JSON in the file. */
  readonly metadata: Readonly<Record<string, unknown>>;
}

interface Panel {
  readonly caption: string;
  readonly legend: readonly { readonly label: string; readonly color: string }[];
  readonly element: SVGSVGElement | HTMLCanvasElement;
  readonly width: number;
  readonly height: number;
}

type Item =
  | { readonly kind: 'text'; readonly x: number; readonly y: number; readonly text: string; readonly size: number; readonly color: string; readonly bold?: boolean }
  | { readonly kind: 'swatch'; readonly x: number; readonly y: number; readonly color: string }
  | { readonly kind: 'panel'; readonly x: number; readonly y: number; readonly panel: Panel };

interface Layout {
  readonly width: number;
  readonly height: number;
  readonly items: readonly Item[];
}

const FONT = 'system-ui, "Noto Sans SC", sans-serif';
const PAD = 12;

/** The plots a cell shows, in page order: Plot's SVGs (not legend swatches or KaTeX glyphs) and canvases. */
export function figurePanels(root: Element): Panel[] {
  const elements = [...root.querySelectorAll<SVGSVGElement | HTMLCanvasElement>('svg, canvas')].filter(
    (e) => !e.closest('[class*="-swatch"], .katex') && !(e.parentElement?.closest('svg')) && (e instanceof HTMLCanvasElement || /(^|\s)plot-/.test(e.getAttribute('class') ?? '')),
  );
  return elements.map((element) => {
    let caption = '';
    for (let f = element.closest('figure'); f && root.contains(f); f = f.parentElement?.closest('figure') ?? null) {
      const cap = [...f.children].find((c) => c.tagName === 'FIGCAPTION');
      if (cap) {
        caption = cap.textContent?.trim() ?? '';
        break;
      }
    }
    const plotFigure = element.closest('figure[class^="plot-"]');
    const legend = [...(plotFigure?.querySelectorAll('[class*="-swatches"] > [class*="-swatch"]') ?? [])].map((s) => {
      const swatch = s.querySelector('svg');
      const color = swatch?.getAttribute('fill') ?? swatch?.querySelector('[fill]')?.getAttribute('fill') ?? swatch?.getAttribute('stroke') ?? '#888';
      return { label: s.textContent?.trim() ?? '', color };
    });
    const box = element.getBoundingClientRect();
    const width = element instanceof HTMLCanvasElement ? box.width || element.width : Number(element.getAttribute('width')) || box.width;
    const height = element instanceof HTMLCanvasElement ? box.height || element.height : Number(element.getAttribute('height')) || box.height;
    return { caption, legend, element, width, height };
  });
}

let measurer: CanvasRenderingContext2D | null | undefined;
function textWidth(text: string, size: number): number {
  measurer ??= document.createElement('canvas').getContext('2d');
  if (!measurer) return text.length * size * 0.6;
  measurer.font = `${size}px ${FONT}`;
  return measurer.measureText(text).width;
}

/** Lines of at most `width` pixels, broken at spaces or, for CJK text that has none, between characters. */
function wrap(text: string, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  const tokens = (text.match(/[\u3000-\u9fff\uff00-\uffef]|[^\s\u3000-\u9fff\uff00-\uffef]+\s*|\s+/g) ?? []).flatMap((token) =>
    // A token wider than a line (a long link) is broken between characters.
    textWidth(token, size) <= width ? [token] : [...token],
  );
  for (const token of tokens) {
    if (line && textWidth(line + token, size) > width) {
      lines.push(line.trimEnd());
      line = token.trimStart();
    } else line += token;
  }
  if (line.trim()) lines.push(line.trimEnd());
  return lines;
}

function layout(panels: readonly Panel[], info: FigureInfo): Layout {
  const width = Math.max(320, ...panels.map((p) => p.width)) + 2 * PAD;
  const inner = width - 2 * PAD;
  const items: Item[] = [];
  let y = PAD;
  const text = (t: string, size: number, color: string, bold = false) => {
    for (const line of wrap(t, size, inner)) {
      y += size * 1.35;
      items.push({ kind: 'text', x: PAD, y, text: line, size, color, bold });
    }
  };
  text(info.title, 14, '#1d232b', true);
  for (const panel of panels) {
    y += 6;
    if (panel.caption) text(panel.caption, 12, '#5d6773');
    if (panel.legend.length) {
      let x = PAD;
      y += 16;
      for (const { label, color } of panel.legend) {
        const w = 18 + textWidth(label, 12) + 14;
        if (x > PAD && x + w > width - PAD) ((x = PAD), (y += 18));
        items.push({ kind: 'swatch', x, y: y - 10, color }, { kind: 'text', x: x + 18, y, text: label, size: 12, color: '#1d232b' });
        x += w;
      }
      y += 6;
    }
    items.push({ kind: 'panel', x: PAD, y, panel });
    y += panel.height;
  }
  y += 4;
  for (const line of info.lines) text(line, 11, '#5d6773');
  return { width, height: Math.ceil(y + PAD), items };
}

const escapeXml = (s: string) => s.replace(/[<>&"']/g, (c) => `&${({ '<': 'lt', '>': 'gt', '&': 'amp', '"': 'quot', "'": 'apos' })[c]};`);

function panelMarkup(panel: Panel, x: number, y: number): string {
  if (panel.element instanceof HTMLCanvasElement) {
    return `<image x="${x}" y="${y}" width="${panel.width}" height="${panel.height}" style="image-rendering:pixelated" href="${panel.element.toDataURL('image/png')}"/>`;
  }
  const clone = panel.element.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('x', String(x));
  clone.setAttribute('y', String(y));
  clone.setAttribute('width', String(panel.width));
  clone.setAttribute('height', String(panel.height));
  return new XMLSerializer().serializeToString(clone);
}

/** The cell's figure as a standalone SVG document, or undefined when it shows no plot. */
export function figureSvg(root: Element, info: FigureInfo): string | undefined {
  const panels = figurePanels(root);
  if (!panels.length) return undefined;
  const { width, height, items } = layout(panels, info);
  const body = items.map((item) => {
    if (item.kind === 'text') return `<text x="${item.x}" y="${item.y}" font-size="${item.size}" fill="${item.color}"${item.bold ? ' font-weight="700"' : ''}>${escapeXml(item.text)}</text>`;
    if (item.kind === 'swatch') return `<rect x="${item.x}" y="${item.y}" width="12" height="12" fill="${escapeXml(item.color)}"/>`;
    return panelMarkup(item.panel, item.x, item.y);
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family='${FONT}'>
<title>${escapeXml([info.title, ...panels.map((p) => p.caption).filter(Boolean)].join(' — '))}</title>
<desc>${escapeXml(info.lines.join('\n'))}</desc>
<metadata id="gan-theory">${escapeXml(JSON.stringify(info.metadata))}</metadata>
<rect width="100%" height="100%" fill="white"/>
${body.join('\n')}
</svg>
`;
}

function loadImage(url: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const image = new Image();
    image.onload = () => resolve(image);
    image.onerror = () => reject(new Error('the figure could not be rasterised'));
    image.src = url;
  });
}

/**
 * The cell's figure as a PNG at `scale`× (2 by default, for slides), with the same layout as {@link figureSvg}:
 * the text is drawn on the canvas in the page's own fonts, each plot rasterised from its SVG. Undefined when the
 * cell shows no plot.
 */
export async function figurePng(root: Element, info: FigureInfo, scale = 2): Promise<Blob | undefined> {
  const panels = figurePanels(root);
  if (!panels.length) return undefined;
  const { width, height, items } = layout(panels, info);
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('this browser cannot draw a PNG (no 2-D canvas)');
  ctx.scale(scale, scale);
  ctx.fillStyle = 'white';
  ctx.fillRect(0, 0, width, height);
  for (const item of items) {
    if (item.kind === 'text') {
      const font = `${item.bold ? '700 ' : ''}${item.size}px ${FONT}`;
      await document.fonts?.load(font, item.text).catch(() => undefined);
      ctx.font = font;
      ctx.fillStyle = item.color;
      ctx.fillText(item.text, item.x, item.y);
    } else if (item.kind === 'swatch') {
      ctx.fillStyle = item.color;
      ctx.fillRect(item.x, item.y, 12, 12);
    } else if (item.panel.element instanceof HTMLCanvasElement) {
      ctx.imageSmoothingEnabled = false;
      ctx.drawImage(item.panel.element, item.x, item.y, item.panel.width, item.panel.height);
      ctx.imageSmoothingEnabled = true;
    } else {
      const markup = panelMarkup(item.panel, 0, 0);
      const url = URL.createObjectURL(new Blob([markup], { type: 'image/svg+xml' }));
      try {
        ctx.drawImage(await loadImage(url), item.x, item.y, item.panel.width, item.panel.height);
      } finally {
        URL.revokeObjectURL(url);
      }
    }
  }
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('the PNG could not be encoded');
  const png = withTextChunks(new Uint8Array(await blob.arrayBuffer()), {
    Title: [info.title, ...panels.map((p) => p.caption).filter(Boolean)].join(' — '),
    Description: info.lines.join('\n'),
    Software: 'GAN theory explorer',
    'gan-theory': JSON.stringify(info.metadata),
  });
  return new Blob([png as BlobPart], { type: 'image/png' });
}

/** Saves a blob as a file through a temporary link (the browser's download). */
export function downloadBlob(blob: Blob, filename: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}
