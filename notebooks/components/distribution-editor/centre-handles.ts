/**
 * The round handles on the plot, one at each component's centre: drag one (pointer or touch) to move that
 * component, or focus it and use the arrow keys. What a drag or key press does is `dragged`/`nudged`.
 */
import type { ComponentSpec } from '../../../src/distributions/distribution.ts';
import { t } from '../messages.ts';
import { centreOf, dragged, nudged } from './component-list.ts';
import type { XScale } from './density-plot.ts';

/** What the handles read from the editor and tell it. */
export interface HandlesHost {
  readonly components: () => readonly ComponentSpec[];
  readonly domain: () => readonly [number, number];
  readonly xScale: () => XScale | undefined;
  /** The components after a drag step or a key press. */
  readonly update: (next: ComponentSpec[], source: 'drag' | 'key') => void;
  /** A drag starts (true) or ends (false); the plot keeps its x range while one lasts. */
  readonly dragging: (on: boolean) => void;
  readonly isDragging: () => boolean;
}

/** The handles inside `container`; `place()` adds, moves, relabels and removes them to match the components. */
export function centreHandles(container: HTMLElement, host: HandlesHost): { place(): void } {
  const bind = (h: HTMLButtonElement) => {
    const index = () => Number(h.dataset.index);
    h.addEventListener('pointerdown', (e) => {
      host.dragging(true);
      h.setPointerCapture(e.pointerId);
      e.preventDefault();
    });
    h.addEventListener('pointermove', (e) => {
      const scale = host.xScale();
      if (!host.isDragging() || !h.hasPointerCapture(e.pointerId) || !scale) return;
      const x = scale.invert(e.clientX - container.getBoundingClientRect().left);
      host.update(dragged(host.components(), index(), x, host.domain()), 'drag');
    });
    const end = (e: PointerEvent) => {
      if (!host.isDragging()) return;
      if (h.hasPointerCapture(e.pointerId)) h.releasePointerCapture(e.pointerId);
      host.dragging(false);
    };
    h.addEventListener('pointerup', end);
    h.addEventListener('pointercancel', end);
    h.addEventListener('keydown', (e) => {
      const next = nudged(host.components(), index(), e.key, e.shiftKey);
      if (!next) return;
      e.preventDefault();
      host.update(next, 'key');
    });
  };

  const place = () => {
    const components = host.components();
    const [lo, hi] = host.domain();
    const scale = host.xScale();
    const existing = [...container.children] as HTMLButtonElement[];
    components.forEach((c, i) => {
      let h = existing[i];
      if (!h) {
        h = document.createElement('button');
        h.type = 'button';
        h.className = 'handle';
        h.dataset.index = String(i);
        container.append(h);
        bind(h);
      }
      const x = centreOf(c);
      h.style.left = `${scale ? scale.apply(Math.min(hi, Math.max(lo, x))) : 0}px`;
      h.setAttribute('aria-label', t('editor.handleLabel', { n: i + 1, family: t(`family.${c.family}`), x: +x.toFixed(3) }));
    });
    for (const extra of existing.slice(components.length)) extra.remove();
  };
  return { place };
}
