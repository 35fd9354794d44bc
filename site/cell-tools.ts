/**
 * The actions under each figure: copy a link that embeds it alone, and download it as SVG or PNG (with its caption
 * and what it was drawn for). One bar per view placeholder, shown once the view has drawn a plot.
 */
import { downloadBlob, figurePng, figureSvg, type FigureInfo } from '../notebooks/components/figure-export.ts';
import { messages } from '../notebooks/i18n.ts';
import en from '../notebooks/messages/en/site.json';
import zh from '../notebooks/messages/zh-CN/site.json';
import { copyButton } from './clipboard.ts';

const t = messages({ en, 'zh-CN': zh });

export interface CellToolsOptions {
  /** The link that embeds this cell alone. */
  readonly embedLink: (name: string) => string;
  /** What a downloaded figure of this cell says about itself. */
  readonly info: (name: string) => FigureInfo;
  /** The file name without its extension. */
  readonly filename: (name: string) => string;
}

const hasPlot = (slot: Element) => slot.querySelector('svg[class^="plot-"], canvas') !== null;

/** Adds a (hidden) tool bar after every view placeholder of `root`; call the returned function when a view draws. */
export function cellTools(root: ParentNode, options: CellToolsOptions): (name: string, slot: Element) => void {
  const bars = new Map<string, HTMLElement>();
  for (const slot of root.querySelectorAll<HTMLElement>('.cell[data-role="view"]')) {
    const name = slot.dataset.cell!;
    const bar = document.createElement('div');
    bar.className = 'cell-tools';
    bar.dataset.for = name;
    bar.hidden = true;
    const status = document.createElement('span');
    status.className = 'download-status';
    status.setAttribute('role', 'status');
    const download = (kind: 'svg' | 'png') => {
      const button = document.createElement('button');
      button.type = 'button';
      button.dataset.action = `download-${kind}`;
      button.textContent = t(kind === 'svg' ? 'downloadSvg' : 'downloadPng');
      button.addEventListener('click', async () => {
        try {
          status.textContent = '';
          const info = options.info(name);
          const blob = kind === 'svg' ? new Blob([figureSvg(slot, info) ?? ''], { type: 'image/svg+xml' }) : await figurePng(slot, info);
          if (!blob || blob.size === 0) throw new Error('no figure yet');
          downloadBlob(blob, `${options.filename(name)}.${kind}`);
        } catch (e) {
          status.textContent = t('downloadFailed', { message: (e as Error).message });
        }
      });
      return button;
    };
    const label = document.createElement('span');
    label.textContent = t('downloadLabel');
    bar.append(copyButton(t('copyEmbed'), t('embedCopied'), t('copyManually'), () => options.embedLink(name), 'copy-embed'), label, download('svg'), download('png'), status);
    slot.after(bar);
    bars.set(name, bar);
  }
  return (name, slot) => {
    const bar = bars.get(name);
    if (bar) bar.hidden = !hasPlot(slot);
  };
}
