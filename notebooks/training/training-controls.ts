/**
 * The controls every training cell shows: train, pause, step once, reset (plus any buttons of the page's own), a
 * live status line (status, step, steps per second, backend) and the message of a run that diverged.
 */
import { downloadBlob } from '../components/figure-export.ts';
import { messages } from '../i18n.ts';
import en from '../messages/en/training.json';
import zh from '../messages/zh-CN/training.json';
import { historyCsv, historyJson, snapshotsCsv } from './history-export.ts';
import type { RemoteState } from './remote-trainer.ts';

const t = messages({ en, 'zh-CN': zh });

/** What the controls need of a trainer. */
export interface Controllable extends EventTarget {
  readonly value: Pick<RemoteState<unknown, unknown>, 'status' | 'steps' | 'stepsPerSecond' | 'message' | 'backend' | 'history' | 'snapshots'>;
  /** What the run was configured with (written into the JSON download). */
  readonly config?: unknown;
  /** The kind of run ('gan1d', 'mnist', …), naming the downloaded files. */
  readonly kind?: string;
  play(): void;
  pause(): Promise<void>;
  stepOnce(): void;
  reset(): Promise<void>;
}

/** The buttons and status line of a trainer; `extra` adds buttons of its own; `detach` stops listening to it. */
export function trainingControls(trainer: Controllable, label: string, extra: HTMLButtonElement[] = []): { root: HTMLElement; detach: () => void } {
  const root = document.createElement('div');
  root.className = 'training-controls';
  root.innerHTML = `<div class="buttons">
      <button type="button" data-action="play"></button>
      <button type="button" data-action="pause"></button>
      <button type="button" data-action="step"></button>
      <button type="button" data-action="reset"></button>
    </div>
    <p class="status" role="status" aria-live="polite"></p>
    <p class="training-error" role="alert" hidden></p>
    <p class="history-downloads"><span></span>
      <button type="button" data-action="history-csv"></button>
      <button type="button" data-action="snapshots-csv"></button>
      <button type="button" data-action="history-json"></button>
    </p>`;
  root.querySelector('.buttons')!.append(...extra);
  const status = root.querySelector<HTMLElement>('.status')!, error = root.querySelector<HTMLElement>('.training-error')!;
  const button = (a: string) => root.querySelector<HTMLButtonElement>(`[data-action=${a}]`)!;
  button('play').textContent = `▶ ${label}`;
  button('pause').textContent = `❚❚ ${t('pause')}`;
  button('step').textContent = t('stepOnce');
  button('reset').textContent = `↺ ${t('reset')}`;
  root.querySelector('.history-downloads > span')!.textContent = t('downloadHistory');
  button('history-csv').textContent = t('historyCsv');
  button('snapshots-csv').textContent = t('snapshotsCsv');
  button('history-json').textContent = t('historyJson');
  const show = () => {
    const s = trainer.value;
    status.textContent = t('status', { status: t(`status.${s.status}`), steps: s.steps.toLocaleString('en'), rate: Math.round(s.stepsPerSecond), backend: s.backend });
    status.dataset.steps = String(s.steps);
    status.dataset.status = s.status;
    const failed = s.status === 'diverged' || s.status === 'failed';
    error.hidden = !failed;
    error.textContent = !failed
      ? ''
      : s.status === 'failed'
        ? t('failed', { message: s.message ?? t('workerStopped') })
        : t(extra.length ? 'divergedWithCheckpoint' : 'diverged', { message: s.message ?? t('trainingStopped') });
    button('play').disabled = s.status !== 'ready' && s.status !== 'paused';
    button('pause').disabled = s.status !== 'running';
    button('step').disabled = s.status !== 'ready' && s.status !== 'paused';
    for (const a of ['history-csv', 'snapshots-csv', 'history-json']) button(a).disabled = s.history.length === 0 && s.snapshots.length === 0;
  };
  const save = (text: string, type: string, suffix: string) => downloadBlob(new Blob([text], { type }), `${trainer.kind ?? 'training'}-${suffix}`);
  root.addEventListener('click', (e) => {
    const action = (e.target as HTMLElement).closest('button')?.dataset.action;
    if (action === 'play') trainer.play();
    if (action === 'pause') void trainer.pause();
    if (action === 'step') trainer.stepOnce();
    if (action === 'reset') void trainer.reset();
    if (action === 'history-csv') save(historyCsv(trainer.value), 'text/csv', 'history.csv');
    if (action === 'snapshots-csv') save(snapshotsCsv(trainer.value), 'text/csv', 'snapshots.csv');
    if (action === 'history-json') save(historyJson(trainer.kind ?? 'training', trainer.value, trainer.config), 'application/json', 'history.json');
  });
  trainer.addEventListener('progress', show);
  trainer.addEventListener('input', show);
  show();
  return { root, detach: () => (trainer.removeEventListener('progress', show), trainer.removeEventListener('input', show)) };
}


/**
 * For a view that redraws its controls (whenever the configuration changes): each call builds fresh controls and
 * stops the previous ones from listening to the trainer.
 */
export function controlsRenderer(trainer: Controllable, label: string): (extra?: HTMLButtonElement[]) => HTMLElement {
  let detachPrevious: (() => void) | undefined;
  return (extra = []) => {
    detachPrevious?.();
    const { root, detach } = trainingControls(trainer, label, extra);
    detachPrevious = detach;
    return root;
  };
}
